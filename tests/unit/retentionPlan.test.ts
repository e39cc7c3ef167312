import { retentionPlan } from '../../src/retention/retention';
import { KEEP_FOREVER } from '../../src/retention/settings';

const now = new Date('2026-12-02T03:00:00.000Z');
const daysBefore = (days: number) => new Date(now.getTime() - days * 24 * 60 * 60 * 1000).toISOString();

test('nothing set: nothing goes', () => {
  expect(retentionPlan(KEEP_FOREVER, now)).toEqual({
    now: now.toISOString(),
    closedChats: [],
    media: [],
    auditBefore: null,
  });
});

test('the default applies to every channel without its own rule; overrides group by days; null keeps that channel forever', () => {
  const plan = retentionPlan(
    {
      closedChatsDays: 365,
      mediaDays: null,
      auditDays: 1825,
      channels: {
        a: { closedChatsDays: 30 },
        b: { closedChatsDays: 30, mediaDays: 10 },
        c: { closedChatsDays: null },
        d: { mediaDays: 90 },
      },
    },
    now,
  );
  expect(plan.closedChats).toEqual([
    { before: daysBefore(365), exceptChannelIds: ['a', 'b', 'c'] },
    { before: daysBefore(30), channelIds: ['a', 'b'] },
  ]);
  // No default for media: only the channels that set one lose their files.
  expect(plan.media).toEqual([
    { before: daysBefore(10), channelIds: ['b'] },
    { before: daysBefore(90), channelIds: ['d'] },
  ]);
  expect(plan.auditBefore).toBe(daysBefore(1825));
});

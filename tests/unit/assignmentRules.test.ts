import { pickAttendant, queueOrder, type Candidate } from '../../src/assignment/eligibility';
import { routeChat } from '../../src/assignment/routing';
import { inWorkingHours, nextWindowStart, TimeZone, WorkingHours } from '../../src/assignment/workingHours';

// 2026-11-23 is a Monday. 10:50 UTC is 07:50 in São Paulo (UTC-3, no DST since 2019).
const MONDAY_0750_SP = new Date('2026-11-23T10:50:00Z');
const WEEKDAYS_8_TO_18 = { mon: [{ start: '08:00', end: '18:00' }], tue: [{ start: '08:00', end: '18:00' }] };

function candidate(id: string, over: Partial<Candidate> = {}): Candidate {
  return {
    id,
    department: 'support',
    skills: [],
    maxConcurrent: 2,
    workingHours: {},
    timezone: 'America/Sao_Paulo',
    available: true,
    lastAssignedAt: null,
    load: 0,
    ...over,
  };
}
const needs = (over: Partial<Parameters<typeof pickAttendant>[1]> = {}) => ({
  department: 'support',
  skills: [],
  passedOver: [],
  ...over,
});

describe('working hours', () => {
  test('are read in the attendant’s time zone', () => {
    expect(inWorkingHours(WEEKDAYS_8_TO_18, 'America/Sao_Paulo', MONDAY_0750_SP)).toBe(false);
    expect(inWorkingHours(WEEKDAYS_8_TO_18, 'America/Sao_Paulo', new Date('2026-11-23T11:00:00Z'))).toBe(true);
    // The same instant is 11:50 in Lisbon.
    expect(inWorkingHours(WEEKDAYS_8_TO_18, 'Europe/Lisbon', MONDAY_0750_SP)).toBe(true);
    // The end is exclusive; a day not listed is off.
    expect(inWorkingHours(WEEKDAYS_8_TO_18, 'America/Sao_Paulo', new Date('2026-11-23T21:00:00Z'))).toBe(false);
    expect(inWorkingHours(WEEKDAYS_8_TO_18, 'America/Sao_Paulo', new Date('2026-11-25T12:00:00Z'))).toBe(false);
  });

  test('empty hours mean always', () => {
    expect(inWorkingHours({}, 'America/Sao_Paulo', MONDAY_0750_SP)).toBe(true);
  });

  test('the next window begins at 08:00 local, or next week', () => {
    expect(nextWindowStart(WEEKDAYS_8_TO_18, 'America/Sao_Paulo', MONDAY_0750_SP)?.toISOString()).toBe(
      '2026-11-23T11:00:00.000Z',
    );
    // Tuesday 19:00 local: next Monday 08:00.
    expect(
      nextWindowStart(WEEKDAYS_8_TO_18, 'America/Sao_Paulo', new Date('2026-11-24T22:00:00Z'))?.toISOString(),
    ).toBe('2026-11-30T11:00:00.000Z');
    expect(nextWindowStart({}, 'America/Sao_Paulo', MONDAY_0750_SP)).toBeNull();
  });

  test.each<[unknown, string]>([
    [{ funday: [] }, 'unknown weekday'],
    [{ mon: [{ start: '25:00', end: '26:00' }] }, '25:00'],
    [{ mon: [{ start: '18:00', end: '08:00' }] }, 'end before start'],
    [
      {
        mon: [
          { start: '08:00', end: '12:00' },
          { start: '11:00', end: '14:00' },
        ],
      },
      'overlapping windows',
    ],
  ])('%j is refused (%s)', (hours) => {
    expect(WorkingHours.safeParse(hours).success).toBe(false);
  });

  test('time zones must be IANA names', () => {
    expect(TimeZone.safeParse('America/Sao_Paulo').success).toBe(true);
    expect(TimeZone.safeParse('Mars/Olympus').success).toBe(false);
  });
});

describe('who gets a queued chat', () => {
  test('the least loaded, then the one who got a chat longest ago', () => {
    const busy = candidate('busy', { load: 1 });
    const recent = candidate('recent', { lastAssignedAt: new Date('2026-11-23T10:00:00Z') });
    const idle = candidate('idle', { lastAssignedAt: new Date('2026-11-23T09:00:00Z') });
    expect(pickAttendant([busy, recent, idle], needs(), MONDAY_0750_SP)).toEqual({ attendant: idle });
  });

  test('department and every skill must match', () => {
    const sales = candidate('sales', { department: 'sales', skills: ['billing'] });
    const partly = candidate('partly', { skills: ['billing'] });
    const both = candidate('both', { skills: ['billing', 'fiber'], load: 1 });
    expect(pickAttendant([sales, partly, both], needs({ skills: ['billing', 'fiber'] }), MONDAY_0750_SP)).toEqual({
      attendant: both,
    });
    expect(pickAttendant([sales], needs(), MONDAY_0750_SP)).toEqual({
      reason: 'no_one_in_department',
      retryAt: null,
    });
    expect(pickAttendant([partly], needs({ skills: ['fiber'] }), MONDAY_0750_SP)).toEqual({
      reason: 'no_one_with_skills',
      retryAt: null,
    });
  });

  test('nobody full, unavailable or out of hours; out of hours says when to try again', () => {
    expect(pickAttendant([candidate('full', { load: 2 })], needs(), MONDAY_0750_SP)).toEqual({
      reason: 'all_full',
      retryAt: null,
    });
    expect(pickAttendant([candidate('away', { available: false })], needs(), MONDAY_0750_SP)).toEqual({
      reason: 'no_one_available',
      retryAt: null,
    });
    expect(pickAttendant([candidate('early', { workingHours: WEEKDAYS_8_TO_18 })], needs(), MONDAY_0750_SP)).toEqual({
      reason: 'no_one_in_hours',
      retryAt: new Date('2026-11-23T11:00:00Z'),
    });
  });

  test('someone who let the chat go comes last, but still comes', () => {
    const ana = candidate('ana');
    const bob = candidate('bob', { load: 1 });
    expect(pickAttendant([ana, bob], needs({ passedOver: ['ana'] }), MONDAY_0750_SP)).toEqual({ attendant: bob });
    expect(pickAttendant([ana], needs({ passedOver: ['ana'] }), MONDAY_0750_SP)).toEqual({ attendant: ana });
  });
});

test('queue order: priority, then the longest waiting', () => {
  const at = (iso: string) => new Date(iso);
  const chats = [
    { id: 'a', priority: 'normal' as const, queuedAt: at('2026-11-23T10:00:00Z') },
    { id: 'b', priority: 'urgent' as const, queuedAt: at('2026-11-23T10:05:00Z') },
    { id: 'c', priority: 'normal' as const, queuedAt: at('2026-11-23T09:00:00Z') },
    { id: 'd', priority: 'low' as const, queuedAt: at('2026-11-23T08:00:00Z') },
    { id: 'e', priority: 'high' as const, queuedAt: at('2026-11-23T10:10:00Z') },
  ];
  expect([...chats].sort(queueOrder).map((c) => c.id)).toEqual(['b', 'e', 'c', 'a', 'd']);
});

describe('routing', () => {
  const config = {
    rules: [
      { intent: 'billing' as const, department: 'finance', skills: ['billing'], priority: 'high' as const },
      { intent: 'complaint' as const, priority: 'low' as const },
    ],
    defaultDepartment: 'support',
  };
  const chat = { intent: 'billing', explicitDepartment: null, channelDepartment: 'sales', priority: 'normal' as const };

  test('a transfer’s department, else the intent’s rule, else the channel’s, else the default', () => {
    expect(routeChat(config, chat)).toEqual({ department: 'finance', skills: ['billing'], priority: 'high' });
    expect(routeChat(config, { ...chat, explicitDepartment: 'legal' }).department).toBe('legal');
    expect(routeChat(config, { ...chat, intent: 'technical' }).department).toBe('sales');
    expect(routeChat(config, { ...chat, intent: 'technical', channelDepartment: null }).department).toBe('support');
  });

  test('a rule raises the priority, never lowers it', () => {
    expect(routeChat(config, { ...chat, intent: 'complaint', priority: 'urgent' }).priority).toBe('urgent');
  });
});

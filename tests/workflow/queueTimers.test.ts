import { DateTime } from 'luxon';
import { afterAttendantChange } from '../../src/assignment/attendantChanges';
import { readQueue } from '../../src/assignment/queueView';
import { logger } from '../../src/logger';
import { replyUpdate } from '../../workflows/chat';
import { ChatHarness } from '../helpers/chatHarness';
import { queueDepartments } from '../helpers/queueDepartments';
import { waitFor } from '../helpers/wait';

// The queue's timers: working hours and the reservation. Time skips on the
// whole test server, so these get a server of their own, and each test ends
// its chats (a chat left waiting on a worker that has gone would hold time).
const h = new ChatHarness();
beforeAll(() => h.setUp());
afterAll(() => h.tearDown());

const { department, as, holderOf } = queueDepartments(h);

test('a chat queued before the working day begins is assigned when it begins (time skipping)', async () => {
  const d = await department();
  // A window that opens ten minutes from now, in the attendant's own time zone.
  const zone = 'Asia/Tokyo';
  const opens = DateTime.now().setZone(zone).plus({ minutes: 10 }).startOf('minute');
  const closes = DateTime.min(opens.plus({ hours: 2 }), opens.endOf('day'));
  const day = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'][opens.weekday - 1]!;
  const hours = { [day]: [{ start: opens.toFormat('HH:mm'), end: closes.toFormat('HH:mm') }] };
  const early = await d.attendant('early', { workingHours: JSON.stringify(hours), timezone: zone });
  const worker = await h.newWorker();
  await worker.runUntil(async () => {
    const chat = await d.handOff();
    await h.untilStatus(chat, 'transferred');
    await waitFor(
      () => readQueue(h.db, { department: d.name }),
      (q) => q[0]?.waitingFor === 'no_one_in_hours',
    );
    await h.env.sleep('11 minutes');
    const view = await holderOf(chat);
    expect(view.attendantId).toBe(early);
    const assignedAt = Date.parse(view.history.at(-1)!.at);
    expect(assignedAt).toBeGreaterThanOrEqual(opens.toMillis());
    await chat.terminate('test over');
  });
});

test('an assignment left unanswered goes back to the queue at its place, to someone else (time skipping)', async () => {
  const d = await department({ timeout: '2 minutes' });
  const ana = await d.attendant('ana');
  const bob = await d.attendant('bob', { available: false });
  const worker = await h.newWorker();
  await worker.runUntil(async () => {
    const chat = await d.handOff();
    const first = await holderOf(chat);
    expect(first.attendantId).toBe(ana);
    const entered = first.history.find((e) => e.to === 'transferred')!.at;

    // Ana lets it run out: it is queued again, at the time it first entered.
    await h.env.sleep('3 minutes');
    const back = await h.untilStatus(chat, 'transferred');
    expect(back.history.at(-1)).toMatchObject({
      from: 'waiting_attendant',
      to: 'transferred',
      actor: 'system',
      note: `no answer from attendant ${ana} within 2 minutes; they are set unavailable; back to the queue`,
    });
    const [queued] = await waitFor(
      () => readQueue(h.db, { department: d.name }),
      (q) => q.length === 1,
    );
    // Ana is away now; the chat waits at the place it first took in the queue.
    expect(queued!.waitingFor).toBe('no_one_available');
    const firstAssigned = Date.parse(first.history.at(-1)!.at);
    expect(Date.parse(queued!.waitingSince)).toBeGreaterThanOrEqual(Date.parse(entered));
    expect(Date.parse(queued!.waitingSince)).toBeLessThanOrEqual(firstAssigned);
    expect((await h.db.attendant.findUniqueOrThrow({ where: { id: ana } })).available).toBe(false);

    // Someone else becomes available: the chat is theirs.
    await afterAttendantChange(
      { db: h.db, temporal: h.env.client, logger },
      await h.db.attendant.update({ where: { id: bob }, data: { available: true } }),
    );
    const second = await waitFor(
      () => holderOf(chat),
      (v) => v.attendantId === bob,
    );
    expect(second.history.at(-1)).toMatchObject({ to: 'waiting_attendant', actor: 'system', note: 'assigned' });
    expect(await h.db.chat.count({ where: { attendantId: ana, status: { notIn: ['resolved', 'cancelled'] } } })).toBe(
      0,
    );

    // Bob answers in time: the reservation ends and the chat stays his.
    await chat.executeUpdate(replyUpdate, { args: [{ ...as(bob, second), content: 'Olá, sou o Bob' }] });
    await h.env.sleep('5 minutes');
    expect((await h.untilStatus(chat, 'waiting_customer')).attendantId).toBe(bob);
    await chat.terminate('test over');
  });
});

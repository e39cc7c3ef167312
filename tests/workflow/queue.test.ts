import { WorkflowUpdateFailedError } from '@temporalio/client';
import { afterAttendantChange } from '../../src/assignment/attendantChanges';
import { readQueue } from '../../src/assignment/queueView';
import { saveRouting } from '../../src/assignment/routing';
import { logger } from '../../src/logger';
import { claimUpdate, resolveUpdate } from '../../workflows/chat';
import { AttendantIdKey, DepartmentKey } from '../../workflows/searchAttributes';
import { ChatHarness } from '../helpers/chatHarness';
import { queueDepartments } from '../helpers/queueDepartments';
import { waitFor } from '../helpers/wait';

// The human queue on the time-skipping server, with the real activities and
// database: each test works in a department of its own.
const h = new ChatHarness();
beforeAll(() => h.setUp());
afterAll(() => h.tearDown());

const { department, as, holderOf } = queueDepartments(h);
const set = async (id: string, data: Record<string, unknown>) =>
  afterAttendantChange(
    { db: h.db, temporal: h.env.client, logger },
    await h.db.attendant.update({ where: { id }, data }),
  );

test('a handed-off chat goes at once to an available attendant of its department with room', async () => {
  const d = await department();
  await d.attendant('away', { available: false });
  const ana = await d.attendant('ana');
  const worker = await h.newWorker();
  await worker.runUntil(async () => {
    const chat = await d.handOff();
    const view = await holderOf(chat);
    expect(view.attendantId).toBe(ana);
    expect(view.history.at(-1)).toMatchObject({
      from: 'transferred',
      to: 'waiting_attendant',
      actor: 'system',
      note: 'assigned',
    });
    const row = await h.db.chat.findUniqueOrThrow({ where: { id: view.chatId } });
    expect(row).toMatchObject({ attendantId: ana, department: d.name, queuedAt: null, status: 'waiting_attendant' });
    const attributes = (await chat.describe()).typedSearchAttributes;
    expect(attributes.get(DepartmentKey)).toBe(d.name);
    expect(attributes.get(AttendantIdKey)).toBe(ana);
  });
});

test('the queue is served by priority, then age, as seats free up', async () => {
  const d = await department();
  const ana = await d.attendant('ana', { maxConcurrent: 1 });
  const worker = await h.newWorker();
  await worker.runUntil(async () => {
    const first = await d.handOff();
    const firstView = await holderOf(first);
    const older = await d.handOff();
    await h.untilStatus(older, 'transferred');
    const urgent = await d.handOff('O sistema está travado, é urgente!');
    await h.untilStatus(urgent, 'transferred');
    const newer = await d.handOff();
    await h.untilStatus(newer, 'transferred');

    const ids = await Promise.all(
      [urgent, older, newer].map(async (c) => (await h.untilStatus(c, 'transferred')).chatId),
    );
    await waitFor(
      () => readQueue(h.db, { department: d.name }),
      (q) => q.length === 3,
    );
    const queue = await readQueue(h.db, { department: d.name });
    expect(queue.map((q) => [q.chatId, q.position, q.waitingFor])).toEqual([
      [ids[0], 1, 'all_full'],
      [ids[1], 2, 'all_full'],
      [ids[2], 3, 'all_full'],
    ]);

    // Ana resolves: the urgent one is next, then the oldest.
    await first.executeUpdate(resolveUpdate, { args: [as(ana, firstView)] });
    const urgentView = await holderOf(urgent);
    expect(urgentView.attendantId).toBe(ana);
    await urgent.executeUpdate(resolveUpdate, { args: [as(ana, urgentView)] });
    expect((await holderOf(older)).attendantId).toBe(ana);
    expect((await readQueue(h.db, { department: d.name })).map((q) => q.chatId)).toEqual([ids[2]]);
  });
});

test('skills from routing must all match; nobody with them leaves the chat queued and says why', async () => {
  const d = await department();
  await d.attendant('plain');
  const vip = await d.attendant('vip', { skills: JSON.stringify(['billing', 'vip']), available: false });
  await saveRouting(h.db, { rules: [{ intent: 'human_request', skills: ['vip'] }] });
  const worker = await h.newWorker();
  try {
    await worker.runUntil(async () => {
      const chat = await d.handOff();
      const view = await h.untilStatus(chat, 'transferred');
      const [waiting] = await waitFor(
        () => readQueue(h.db, { department: d.name }),
        (q) => q.length === 1 && q[0]!.waitingFor === 'no_one_available',
      );
      expect(waiting).toMatchObject({ chatId: view.chatId, skills: ['vip'], department: d.name });
      // The one with the skill becomes available: the chat is theirs at once.
      await set(vip, { available: true });
      expect((await holderOf(chat)).attendantId).toBe(vip);
    });
  } finally {
    await saveRouting(h.db, { rules: [] });
  }
});

test('availability: an unavailable attendant gets no new chats but keeps theirs; available again, they get the queue', async () => {
  const d = await department();
  const ana = await d.attendant('ana');
  const worker = await h.newWorker();
  await worker.runUntil(async () => {
    const kept = await d.handOff();
    const keptView = await holderOf(kept);
    await set(ana, { available: false });
    const waiting = await d.handOff();
    await h.untilStatus(waiting, 'transferred');
    await waitFor(
      () => readQueue(h.db, { department: d.name }),
      (q) => q[0]?.waitingFor === 'no_one_available',
    );
    expect((await h.untilStatus(kept, 'waiting_attendant')).attendantId).toBe(ana);
    expect(keptView.attendantId).toBe(ana);
    await set(ana, { available: true });
    expect((await holderOf(waiting)).attendantId).toBe(ana);
  });
});

test('a deactivated attendant’s chats go back to the queue and on to someone else', async () => {
  const d = await department();
  const ana = await d.attendant('ana');
  const worker = await h.newWorker();
  await worker.runUntil(async () => {
    const chat = await d.handOff();
    expect((await holderOf(chat)).attendantId).toBe(ana);
    const bob = await d.attendant('bob', { available: false });
    await set(ana, { active: false, available: false });
    const back = await h.untilStatus(chat, 'transferred');
    expect(back.history.at(-1)).toMatchObject({ actor: 'system', note: 'attendant deactivated; back to the queue' });
    await set(bob, { available: true });
    expect((await holderOf(chat)).attendantId).toBe(bob);
  });
});

test('a claim respects capacity: the seat decides, not a count in the API', async () => {
  const d = await department();
  const ana = await d.attendant('ana', { maxConcurrent: 1, available: false });
  const worker = await h.newWorker();
  await worker.runUntil(async () => {
    const first = await d.handOff();
    const second = await d.handOff();
    const [v1, v2] = [await h.untilStatus(first, 'transferred'), await h.untilStatus(second, 'transferred')];
    const results = await Promise.allSettled([
      first.executeUpdate(claimUpdate, { args: [as(ana, v1)] }),
      second.executeUpdate(claimUpdate, { args: [as(ana, v2)] }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(refused.reason).toBeInstanceOf(WorkflowUpdateFailedError);
    expect((refused.reason as WorkflowUpdateFailedError).cause?.message).toMatch(/maximum of concurrent chats/);
    expect(await h.db.chat.count({ where: { attendantId: ana, status: { notIn: ['resolved', 'cancelled'] } } })).toBe(
      1,
    );
  });
});

import { randomUUID } from 'node:crypto';
import { startCallbackReceiver } from '../helpers/callbackReceiver';
import { SplitStack } from '../helpers/splitStack';
import { ADMIN } from '../helpers/stack';
import { waitFor } from '../helpers/wait';

/**
 * The human queue under load on the production layout, with two worker
 * processes and one API process: 60 chats handed off at once to 3
 * attendants who may hold 2 each and resolve what they get as it comes.
 * Nobody ever holds more than 2 (read from the status histories), every
 * chat is assigned once and resolved by the one who held it, and the queue
 * drains.
 */
const SECRET = 'queue-load-secret-0123456789';
const CHATS = 60;
const stack = new SplitStack({ ASSIGNMENT_RESPONSE_TIMEOUT: '10 minutes' });
let receiver: Awaited<ReturnType<typeof startCallbackReceiver>>;

beforeAll(async () => {
  receiver = await startCallbackReceiver();
  await stack.start({ workers: 2 });
}, 180_000);

afterAll(async () => {
  await stack.stop();
  await receiver?.close();
}, 60_000);

test('60 chats, 3 attendants of capacity 2, two workers: never over capacity, each assigned once, queue drained', async () => {
  const admin = await stack.login(ADMIN);
  const channel = await stack.call(
    'POST',
    '/api/v1/channels',
    { type: 'api', name: 'load', secret: SECRET, callbackUrl: receiver.url, department: 'suporte' },
    admin,
  );
  expect(channel.status).toBe(201);
  const attendants: Array<{ id: string; auth: Record<string, string> }> = [];
  for (const name of ['ana', 'bia', 'caio']) {
    const credentials = { email: `${name}@example.com`, password: `${name}-password-1` };
    const created = await stack.call(
      'POST',
      '/api/v1/attendants',
      { name, ...credentials, department: 'suporte', maxConcurrent: 2, available: true },
      admin,
    );
    expect(created.status).toBe(201);
    attendants.push({ id: created.body.id, auth: await stack.login(credentials) });
  }

  // Everyone asks for a person within a second or two.
  const webhook = (event: unknown) => stack.webhook(String(channel.body.id), SECRET, event);
  const now = () => new Date().toISOString();
  const chatIds = await Promise.all(
    Array.from({ length: CHATS }, async () => {
      const conversation = randomUUID();
      const opened = await webhook({ type: 'NEW_CONVERSATION', timestamp: now(), data: { id: conversation } });
      const sent = await webhook({
        type: 'NEW_MESSAGE',
        timestamp: now(),
        data: {
          id: randomUUID(),
          direction: 'RECEIVED',
          content: 'quero falar com um atendente',
          conversation_id: conversation,
        },
      });
      expect(sent.status).toBe(202);
      return String(opened.body.chatId);
    }),
  );

  // Each attendant resolves what is assigned to them, as it comes.
  const resolved = new Set<string>();
  const work = async ({ id, auth }: (typeof attendants)[number]) => {
    while (resolved.size < CHATS) {
      const mine = await stack.call(
        'GET',
        `/api/v1/chats?attendantId=${id}&status=waiting_attendant&limit=100`,
        undefined,
        auth,
      );
      for (const chat of mine.body.items as Array<{ id: string }>) {
        await new Promise((r) => setTimeout(r, 20 + Math.random() * 80));
        const res = await stack.call('POST', `/api/v1/chats/${chat.id}/resolve`, { note: 'done' }, auth);
        if (res.status === 200) resolved.add(chat.id);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  await Promise.race([
    Promise.all(attendants.map(work)),
    new Promise((_, reject) => setTimeout(() => reject(new Error(`only ${resolved.size} resolved`)), 150_000)),
  ]);
  expect([...resolved].sort()).toEqual([...chatIds].sort());

  // From each chat's status history: who held it, from its assignment to its resolution.
  const intervals: Array<{ attendantId: string; from: number; to: number }> = [];
  for (const chatId of chatIds) {
    const changes = await stack.db.statusChange.findMany({ where: { chatId }, orderBy: { seq: 'asc' } });
    const assigned = changes.filter((c) => c.to === 'waiting_attendant');
    expect(assigned).toHaveLength(1);
    expect(assigned[0]).toMatchObject({ from: 'transferred', actor: 'system', note: 'assigned' });
    const end = changes.at(-1)!;
    expect(end.to).toBe('resolved');
    const holder = end.actor.replace('attendant:', '');
    const row = await stack.db.chat.findUniqueOrThrow({ where: { id: chatId } });
    expect(row.attendantId).toBe(holder);
    intervals.push({ attendantId: holder, from: assigned[0]!.at.getTime(), to: end.at.getTime() });
  }
  for (const { id } of attendants) {
    // Sweep the attendant's intervals: a resolution at the same instant as an assignment comes first.
    const events = intervals
      .filter((i) => i.attendantId === id)
      .flatMap((i) => [
        { at: i.from, delta: 1 },
        { at: i.to, delta: -1 },
      ])
      .sort((a, b) => a.at - b.at || a.delta - b.delta);
    let held = 0;
    let most = 0;
    for (const e of events) most = Math.max(most, (held += e.delta));
    expect(most).toBeLessThanOrEqual(2);
    expect(most).toBeGreaterThan(0);
  }

  const queue = await waitFor(
    () => stack.call('GET', '/api/v1/queue', undefined, admin),
    (q) => q.body.items.length === 0,
  );
  expect(queue.body.items).toEqual([]);
}, 240_000);

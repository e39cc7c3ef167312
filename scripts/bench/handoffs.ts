import { randomUUID } from 'node:crypto';
import type { Db } from '../../src/db/client';
import { messageEvent, openEvent, post, type Sample, type Target } from './load';

/**
 * The human queue under load: closed-loop customers who each ask for a
 * person, timed from the webhook's send until the chat holds a seat (its
 * `attendantId` in the database, polled every 5 ms: the same for both
 * systems, and read-only, so it barely loads the writer).
 */

/**
 * Attendants with room for every chat the scenario hands off, so only the
 * queue's own cost is measured: 8 × 100 seats ran out at 40 hand-offs a
 * second over 20 s. Written to the database directly, past the API's cap of 100.
 */
export async function addAttendants(db: Db, count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    await db.attendant.create({
      data: {
        name: `bench-${i}`,
        email: `bench-attendant-${i}-${randomUUID()}@example.com`,
        passwordHash: 'not-a-login',
        available: true,
        maxConcurrent: 10_000,
      },
    });
  }
}

export async function driveHandoffs(
  target: Target,
  db: Db,
  opts: { customers: number; seconds: number; timeoutMs?: number },
): Promise<Sample> {
  const sample: Sample = { acks: [], replies: [], answered: 0, timeouts: 0, errors: 0, seconds: opts.seconds };
  const deadline = performance.now() + opts.seconds * 1000;
  const customer = async () => {
    while (performance.now() < deadline) {
      const conversation = randomUUID();
      const opened = (await post(target, openEvent(conversation))).chatId;
      if (!opened) {
        sample.errors += 1;
        continue;
      }
      const started = performance.now();
      const { status, ms } = await post(target, messageEvent(conversation, 'quero falar com um atendente'));
      if (status !== 202) {
        sample.errors += 1;
        continue;
      }
      sample.acks.push(ms);
      const limit = started + (opts.timeoutMs ?? 10_000);
      let seated = false;
      while (!seated && performance.now() < limit) {
        await new Promise((r) => setTimeout(r, 5));
        seated =
          (await db.chat.findUnique({ where: { id: opened }, select: { attendantId: true } }))?.attendantId != null;
      }
      if (!seated) {
        sample.timeouts += 1;
        continue;
      }
      sample.replies.push(performance.now() - started);
      sample.answered += 1;
    }
  };
  await Promise.all(Array.from({ length: opts.customers }, customer));
  return sample;
}

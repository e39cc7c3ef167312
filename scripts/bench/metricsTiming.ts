import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createDb } from '../../src/db/client';
import { migrateDatabase } from '../../src/db/migrate';
import { chatMetrics } from '../../src/metrics/chatMetrics';
import { CHAT_STATUSES, PRIORITIES } from '../../workflows/types';

/**
 * `GET /api/v1/metrics` on a seeded SQLite file of `chats` chats over 30
 * days (a third handed off with a person's reply, most resolved, some
 * queued): the median of 5 runs of the whole computation, in ms.
 */
export async function timeMetrics(chats: number): Promise<{ chats: number; medianMs: number; runsMs: number[] }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atende-metrics-'));
  const url = `file:${path.join(dir, 'metrics.db')}`;
  await migrateDatabase(url);
  const db = createDb(url);
  try {
    const channels = await Promise.all(
      ['api', 'telegram', 'whatsapp'].map((type) => db.channel.create({ data: { type, name: type } })),
    );
    const attendant = await db.attendant.create({
      data: { name: 'A', email: 'metrics@example.com', passwordHash: 'x', department: 'vendas' },
    });
    const contact = await db.contact.create({
      data: { identities: { create: { channelId: channels[0]!.id, externalId: 'bench' } } },
    });
    const now = Date.now();
    const BATCH = 5_000;
    for (let start = 0; start < chats; start += BATCH) {
      const rows = [];
      const messages = [];
      const handoffs = [];
      for (let i = start; i < Math.min(chats, start + BATCH); i++) {
        const startedAt = now - ((i * 7919) % (30 * 86_400)) * 1000;
        const status = CHAT_STATUSES[i % 10 < 7 ? 5 : i % CHAT_STATUSES.length]!;
        const handed = i % 3 === 0;
        const id = `m${i}`;
        rows.push({
          id,
          workflowId: id,
          channelId: channels[i % 3]!.id,
          externalChatId: id,
          contactId: contact.id,
          status,
          priority: PRIORITIES[i % 4]!,
          department: handed ? 'vendas' : null,
          attendantId: handed && status !== 'resolved' && status !== 'cancelled' && i % 2 === 0 ? attendant.id : null,
          queuedAt: handed && status === 'transferred' ? new Date(startedAt + 30_000) : null,
          startedAt: new Date(startedAt),
          firstResponseAt: new Date(startedAt + 1000 + (i % 60) * 1000),
          closedAt:
            status === 'resolved' || status === 'cancelled' ? new Date(startedAt + 600_000 + (i % 100) * 60_000) : null,
        });
        messages.push({
          id: `${id}-c`,
          chatId: id,
          channelId: channels[i % 3]!.id,
          sender: 'customer',
          content: 'x',
          createdAt: new Date(startedAt),
        });
        if (handed) {
          handoffs.push({
            id: `${id}:2`,
            chatId: id,
            seq: 2,
            from: 'in_progress',
            to: 'transferred',
            actor: 'bot',
            at: new Date(startedAt + 30_000),
          });
          messages.push({
            id: `${id}-a`,
            chatId: id,
            channelId: channels[i % 3]!.id,
            sender: 'attendant',
            content: 'x',
            createdAt: new Date(startedAt + 30_000 + (i % 40) * 60_000),
          });
        }
      }
      await db.chat.createMany({ data: rows });
      await db.message.createMany({ data: messages });
      await db.statusChange.createMany({ data: handoffs });
    }
    await chatMetrics(db, {});
    const runsMs: number[] = [];
    for (let run = 0; run < 5; run++) {
      const started = performance.now();
      await chatMetrics(db, {});
      runsMs.push(performance.now() - started);
    }
    const medianMs = [...runsMs].sort((a, b) => a - b)[2]!;
    return { chats, medianMs, runsMs };
  } finally {
    await db.$disconnect();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

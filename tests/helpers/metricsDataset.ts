import type { Db } from '../../src/db/client';

/**
 * A small data set whose figures are computed by hand in
 * tests/api/metrics.test.ts: six chats on two channels, one of them before
 * the window, with bot-only, handed-off, queued, cancelled and late ones.
 */
export const WINDOW = { from: '2026-01-01T00:00:00.000Z', to: '2026-01-02T00:00:00.000Z' };
export const NOW = new Date('2026-01-02T00:00:00.000Z');

const at = (time: string) => new Date(`2026-01-01T${time}Z`);

export async function seedMetricsDataset(db: Db) {
  const a = await db.channel.create({ data: { type: 'api', name: 'Site' } });
  const b = await db.channel.create({ data: { type: 'telegram', name: 'Bot' } });
  const x = await db.attendant.create({
    data: { name: 'Xavier', email: `x-${Date.now()}@example.com`, passwordHash: 'x', department: 'vendas' },
  });
  const contact = await db.contact.create({
    data: { identities: { create: { channelId: a.id, externalId: 'metrics' } } },
  });
  const chat = async (id: string, data: Record<string, unknown>) =>
    db.chat.create({
      data: { id, workflowId: id, externalChatId: id, contactId: contact.id, status: 'waiting', ...data } as never,
    });
  const message = (chatId: string, channelId: string, sender: string, createdAt: Date) =>
    db.message.create({
      data: { id: `${chatId}-${sender}-${createdAt.getTime()}`, chatId, channelId, sender, content: 'x', createdAt },
    });
  const handedOff = (chatId: string, when: Date) =>
    db.statusChange.create({
      data: { id: `${chatId}:9`, chatId, seq: 9, from: 'in_progress', to: 'transferred', actor: 'bot', at: when },
    });

  // c1: the bot alone resolved it in 30 min; first answer after 10 s.
  await chat('c1', {
    channelId: a.id,
    status: 'resolved',
    startedAt: at('10:00:00'),
    firstResponseAt: at('10:00:10'),
    closedAt: at('10:30:00'),
  });
  await message('c1', a.id, 'customer', at('10:00:00'));
  // c2: handed off, a person answered 30 min later (normal: within its hour), resolved after 2 h.
  await chat('c2', {
    channelId: a.id,
    status: 'resolved',
    startedAt: at('11:00:00'),
    firstResponseAt: at('11:00:20'),
    closedAt: at('13:00:00'),
    attendantId: x.id,
  });
  await message('c2', a.id, 'customer', at('11:00:00'));
  await handedOff('c2', at('11:01:00'));
  await message('c2', a.id, 'attendant', at('11:31:00'));
  // c3: urgent, waiting in the queue since 12:00:30 with no reply (breach).
  await chat('c3', {
    channelId: b.id,
    status: 'transferred',
    priority: 'urgent',
    startedAt: at('12:00:00'),
    firstResponseAt: at('12:00:05'),
    queuedAt: at('12:00:30'),
  });
  await message('c3', b.id, 'customer', at('12:00:00'));
  await handedOff('c3', at('12:00:30'));
  // c4: cancelled, never answered.
  await chat('c4', { channelId: b.id, status: 'cancelled', startedAt: at('13:00:00'), closedAt: at('13:10:00') });
  await message('c4', b.id, 'customer', at('13:00:00'));
  // c5: before the window.
  await chat('c5', {
    channelId: a.id,
    status: 'resolved',
    startedAt: new Date('2025-12-31T10:00:00Z'),
    firstResponseAt: new Date('2025-12-31T10:00:01Z'),
    closedAt: new Date('2025-12-31T10:01:00Z'),
  });
  // c6: high priority, Xavier's (sales), answered 20 min after the hand-off (breach of 15 min).
  await chat('c6', {
    channelId: b.id,
    status: 'waiting_attendant',
    priority: 'high',
    department: 'vendas',
    startedAt: at('14:00:00'),
    firstResponseAt: at('14:00:02'),
    attendantId: x.id,
  });
  await message('c6', b.id, 'customer', at('14:00:00'));
  await handedOff('c6', at('14:00:10'));
  await message('c6', b.id, 'attendant', at('14:20:10'));
  // Tags: "VIP" on c2, c3 and c5 (before the window); the reason "Segunda via" on c1 and c2; "Antigo", since archived, on c4.
  const tag = (name: string, kind: string, archivedAt: Date | null = null) =>
    db.tag.create({ data: { name, nameKey: name.toLowerCase(), color: '#aa0000', kind, archivedAt } });
  const vip = await tag('VIP', 'label');
  const reason = await tag('Segunda via', 'reason');
  const old = await tag('Antigo', 'label', at('20:00:00'));
  for (const [chatId, tagId] of [
    ['c2', vip.id],
    ['c3', vip.id],
    ['c5', vip.id],
    ['c1', reason.id],
    ['c2', reason.id],
    ['c4', old.id],
  ] as const) {
    await db.chatTag.create({ data: { chatId, tagId, addedBy: 'system' } });
  }
  return { a: a.id, b: b.id, x: x.id, vip: vip.id, reason: reason.id, old: old.id };
}

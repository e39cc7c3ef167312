import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { generate as generateCpf } from '@fnando/cpf';
import { strFromU8, unzipSync } from 'fflate';
import { createDb, type Db } from '../../src/db/client';
import { migrateDatabase } from '../../src/db/migrate';
import { ApiApp } from '../helpers/apiApp';
import { startPostgres } from '../helpers/postgres';

// Export and erasure through the real routes on PostgreSQL (tests/e2e/erasure.test.ts runs the
// whole product on SQLite, with Temporal): every table is searched for the person afterwards,
// the search index too, and the metrics' totals do not move. Temporal does not answer here:
// the erasure goes on without deleting executions (the chats are closed; the keys still go).

let postgres: Awaited<ReturnType<typeof startPostgres>>;
let db: Db;
let app: ApiApp;
let admin: { id: string; token: string };

const maria = {
  name: 'Zuleica Quintanilha',
  phone: '+5511987651234',
  email: 'zuleica.q@example.com',
  cpf: generateCpf(),
  text: 'Meu pedido xilofone 7731 atrasou',
  note: 'anotacao reservada pirilampo',
  externalId: 'conv-maria-5511987651234',
};
const joao = { name: 'Joao Batista', phone: '+5521976543210', text: 'Quero trocar o liquidificador' };
const uniqueFile = randomBytes(1000);
const sharedFile = randomBytes(1500);
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** A person with one resolved chat of two messages (one with `file`), a note, an event and a data key. */
async function person(
  channelId: string,
  who: { name: string; phone: string; text: string; externalId?: string; email?: string; cpf?: string },
  files: Buffer[],
) {
  const externalId = who.externalId ?? `conv-${who.phone}`;
  const contact = await db.contact.create({
    data: {
      name: who.name,
      phone: who.phone,
      email: who.email ?? null,
      cpf: who.cpf ?? null,
      identities: { create: { channelId, externalId } },
    },
  });
  const chatId = `chat-${contact.id}`;
  const workflowId = `chat-${channelId}-${contact.id}`;
  const started = new Date(Date.now() - 3_600_000);
  await db.chat.create({
    data: {
      id: chatId,
      protocol: `20261201${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}`,
      workflowId,
      channelId,
      externalChatId: externalId,
      contactId: contact.id,
      status: 'resolved',
      attendantId: admin.id,
      startedAt: started,
      firstResponseAt: new Date(started.getTime() + 60_000),
      closedAt: new Date(started.getTime() + 600_000),
      rating: 5,
      feedback: `Obrigado ${who.name}`,
      context: JSON.stringify({ phone: who.phone }),
    },
  });
  await db.message.create({
    data: {
      id: `${chatId}-in-1`,
      chatId,
      channelId,
      sender: 'customer',
      content: who.text,
      channelMessageId: `${externalId}-m1`,
      createdAt: started,
    },
  });
  for (const [i, file] of files.entries()) {
    await app.deps.channels.media.put(file);
    await db.message.create({
      data: {
        id: `${chatId}-out-${i + 1}`,
        chatId,
        channelId,
        sender: 'attendant',
        attendantId: admin.id,
        content: `Segue o arquivo, ${who.name}`,
        media: JSON.stringify({ sha256: sha(file), mimeType: 'application/pdf', filename: 'boleto.pdf' }),
        createdAt: new Date(started.getTime() + 60_000 + i),
      },
    });
  }
  await db.chatNote.create({ data: { chatId, authorId: admin.id, content: `nota sobre ${who.name}` } });
  await db.chatEvent.create({ data: { type: 'message.created', chatId, data: JSON.stringify({ text: who.text }) } });
  await db.dataKey.create({
    data: { id: `dk_${contact.id}`, workflowId, wrapped: 'AAAA', wrappingKeyId: 'k1' },
  });
  return { contactId: contact.id, chatId };
}

beforeAll(async () => {
  postgres = await startPostgres();
  await migrateDatabase(postgres.url);
  db = createDb(postgres.url);
  app = await new ApiApp(undefined, { db }).start();
  admin = await app.asIn(db, 'admin');
}, 180_000);
afterAll(async () => {
  await app?.stop();
  await db?.$disconnect();
  await postgres?.stop();
});

/** Every row of every table of the schema, as text. */
async function everything(): Promise<string> {
  const tables = await db.$queryRawUnsafe<Array<{ table_name: string }>>(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`,
  );
  const parts: string[] = [];
  for (const { table_name } of tables) {
    const rows = await db.$queryRawUnsafe<Array<{ row: string }>>(
      `SELECT row_to_json(t)::text AS row FROM "${table_name}" t`,
    );
    parts.push(...rows.map((r) => r.row));
  }
  return parts.join('\n');
}

test('export and erasure on PostgreSQL: the ZIP is hers alone; afterwards no table holds her', async () => {
  const channelId = (await db.channel.create({ data: { type: 'api', name: 'Site' } })).id;
  const her = await person(channelId, maria, [uniqueFile, sharedFile]);
  await db.chatNote.create({ data: { chatId: her.chatId, authorId: admin.id, content: maria.note } });
  const him = await person(channelId, joao, [sharedFile]);
  const metrics = async () => (await app.request('GET', '/api/v1/metrics', { token: admin.token })).body;
  const before = await metrics();

  const res = await fetch(`${app.url}/api/v1/contacts/${her.contactId}/export`, {
    headers: { authorization: `Bearer ${admin.token}` },
  });
  expect(res.status).toBe(200);
  const zip = unzipSync(new Uint8Array(await res.arrayBuffer()));
  const text = Object.values(zip)
    .map((b) => Buffer.from(b).toString('latin1'))
    .join('\n');
  for (const hers of [maria.name, maria.phone, maria.cpf, maria.email, maria.text, maria.note])
    expect(text).toContain(hers);
  for (const his of [joao.name, joao.phone, joao.text, him.chatId]) expect(text).not.toContain(his);
  const index = JSON.parse(strFromU8(zip['index.json']!));
  expect(index.files.map((f: { sha256: string }) => f.sha256).sort()).toEqual(
    [sha(uniqueFile), sha(sharedFile)].sort(),
  );
  for (const f of index.files)
    expect(Buffer.from(zip[f.path]!).equals(f.sha256 === sha(uniqueFile) ? uniqueFile : sharedFile)).toBe(true);

  const supervisor = await app.asIn(db, 'supervisor');
  expect(
    (
      await app.request('POST', `/api/v1/contacts/${her.contactId}/erase`, {
        token: supervisor.token,
        body: { reason: 'LGPD 7' },
      })
    ).status,
  ).toBe(403);
  const bad = await app.request('POST', `/api/v1/contacts/${her.contactId}/erase`, { token: admin.token, body: {} });
  expect(bad.status).toBe(400);
  expect(bad.body.error.details[0].path).toBe('body.reason');

  // A person with an open chat while Temporal does not answer: 503, and nothing is erased.
  const open = await person(channelId, { name: 'Pedro Aberto', phone: '+5531991112222', text: 'ainda aberto' }, []);
  await db.chat.update({ where: { id: open.chatId }, data: { status: 'transferred', closedAt: null } });
  const down = await app.request('POST', `/api/v1/contacts/${open.contactId}/erase`, {
    token: admin.token,
    body: { reason: 'LGPD 2026-008' },
  });
  expect(down.status).toBe(503);
  expect(down.body.error.code).toBe('temporal_unavailable');
  expect(await db.contact.findUniqueOrThrow({ where: { id: open.contactId } })).toMatchObject({
    name: 'Pedro Aberto',
    erasedAt: null,
  });
  expect(await db.message.count({ where: { chatId: open.chatId, content: 'ainda aberto' } })).toBe(1);
  expect(await db.auditEntry.count({ where: { action: 'contact.erased' } })).toBe(0);
  await db.contact.delete({ where: { id: open.contactId } });
  await db.dataKey.deleteMany({ where: { workflowId: { contains: open.contactId } } });

  const erased = await app.request('POST', `/api/v1/contacts/${her.contactId}/erase`, {
    token: admin.token,
    body: { reason: 'LGPD 2026-007' },
  });
  expect(erased.status).toBe(200);
  expect(erased.body).toMatchObject({
    chats: 1,
    openChatsClosed: 0,
    messages: 3,
    notes: 2,
    files: 1,
    events: 1,
    identities: 1,
    dataKeys: 1,
    workflowExecutionsDeleted: 0,
  });

  const all = await everything();
  for (const trace of [maria.name, maria.phone, maria.cpf, maria.email, maria.text, maria.note, maria.externalId]) {
    expect({ trace, found: all.includes(trace) }).toEqual({ trace, found: false });
  }
  expect(all).toContain(joao.text);
  // The search index (PostgreSQL's tsvector table) finds nothing of her, and still finds him.
  const search = async (q: string) =>
    JSON.stringify(
      (await app.request('GET', `/api/v1/search?q=${encodeURIComponent(q)}`, { token: admin.token })).body,
    );
  expect(await search('xilofone')).not.toContain('xilofone');
  expect(await search('Quintanilha')).not.toContain('Quintanilha');
  expect(await search('liquidificador')).toContain('liquidificador');
  // Her own file is gone; the one João's message shares stays.
  const media = fs.readdirSync(path.join(app.database.dir, 'media'));
  expect(media).toContain(sha(sharedFile));
  expect(media).not.toContain(sha(uniqueFile));
  expect((await metrics()).totals).toEqual(before.totals);
  expect((await metrics()).csat).toEqual(before.csat);
  // Idempotent: the same receipt, one audit entry.
  const again = await app.request('POST', `/api/v1/contacts/${her.contactId}/erase`, {
    token: admin.token,
    body: { reason: 'LGPD 2026-007' },
  });
  expect(again.body).toEqual(erased.body);
  expect(await db.auditEntry.count({ where: { action: 'contact.erased', targetId: her.contactId } })).toBe(1);
  // The tombstone is no contact: not exported, not merged either way (that would tie her figures to him).
  const as = { token: admin.token };
  expect((await app.request('GET', `/api/v1/contacts/${her.contactId}/export`, as)).status).toBe(404);
  expect((await app.request('GET', `/api/v1/contacts/${her.contactId}`, as)).status).toBe(404);
  const merge = (into: string, other: string) =>
    app.request('POST', `/api/v1/contacts/${into}/merge`, { ...as, body: { contactId: other } });
  expect((await merge(him.contactId, her.contactId)).status).toBe(404);
  expect((await merge(her.contactId, him.contactId)).status).toBe(404);
  expect(await db.chat.count({ where: { contactId: her.contactId } })).toBe(1);
  expect(
    (await app.request('GET', '/api/v1/contacts', { token: admin.token })).body.items.map((c: { id: string }) => c.id),
  ).toEqual([him.contactId]);
}, 120_000);

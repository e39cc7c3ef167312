import { createHash, randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { generate as generateCpf } from '@fnando/cpf';
import { unzipSync, strFromU8 } from 'fflate';
import { Client, Connection } from '@temporalio/client';
import type { Payload } from '@temporalio/common';
import { resolveKeyring } from '../../src/crypto/keyring';
import { createDb, type Db } from '../../src/db/client';
import { DataKeys } from '../../src/privacy/dataKeys';
import { DATA_KEY_METADATA, DataKeyErasedError, EncryptionCodec } from '../../src/temporal/encryptionCodec';
import { startCallbackReceiver } from '../helpers/callbackReceiver';
import { Stack } from '../helpers/stack';
import { waitFor } from '../helpers/wait';

// End to end on `npm start`'s own process (dev server, worker, API, SQLite):
// a person's export holds all of theirs and nothing of anyone else's; their
// erasure leaves no trace in the database file (rows, search index, free
// space, WAL), the media folder or the live events, their Temporal histories
// can no longer be decrypted by the product's own codec while another
// person's still can, and the metrics' totals do not move.

const SECRET = 'erasure-channel-secret-0123456789';
const stack = new Stack();
let receiver: Awaited<ReturnType<typeof startCallbackReceiver>>;
let db: Db;
let token: string;
let channelId: string;
let temporal: Client;

const now = () => new Date().toISOString();
const send = (event: unknown) => stack.webhook(channelId, SECRET, event);
const said = (conversation: string, content: string) =>
  send({
    type: 'NEW_MESSAGE',
    timestamp: now(),
    data: { id: randomUUID(), direction: 'RECEIVED', content, conversation_id: conversation },
  });

// Maria's data, each one a string no one else's row holds.
const maria = {
  name: 'Zuleica Quintanilha',
  phone: '+5511987651234',
  cpf: generateCpf(),
  text: 'Meu pedido xilofone 7731 atrasou',
  note: 'anotacao reservada pirilampo',
  conversation: `conv-${randomUUID()}`,
};
const joao = { name: 'Joao Batista', phone: '+5521976543210', text: 'Quero trocar o liquidificador' };
const uniqueFile = randomBytes(4096);
const sharedFile = randomBytes(2048);
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

beforeAll(async () => {
  await stack.start();
  receiver = await startCallbackReceiver();
  db = createDb(`file:${stack.dataDir}/atende.db`);
  token = await stack.signInAdmin();
  channelId = await stack.apiChannel(token, SECRET, receiver.url);
  temporal = new Client({ connection: await Connection.connect({ address: stack.temporalAddress }) });
}, 180_000);
afterAll(async () => {
  await temporal?.connection.close();
  await db?.$disconnect();
  await receiver?.close();
  await stack.stop();
  stack.cleanup();
});

async function chatDetail(chatId: string) {
  return (await stack.request('GET', `/api/v1/chats/${chatId}`, { token })).body;
}

/** A conversation handed to a person and claimed by the admin: its chat id. */
async function claimedChat(conversation: string, contact: object, first: string): Promise<string> {
  const { chatId } = (await send({ type: 'NEW_CONVERSATION', timestamp: now(), data: { id: conversation, contact } }))
    .body;
  await said(conversation, first);
  await said(conversation, 'quero falar com um atendente humano');
  await waitFor(
    () => chatDetail(chatId),
    (c) => c?.status === 'transferred',
  );
  expect((await stack.request('POST', `/api/v1/chats/${chatId}/claim`, { token })).status).toBe(200);
  return chatId;
}

async function reply(chatId: string, content: string, file?: { data: Buffer; filename: string }) {
  const body = {
    content,
    ...(file
      ? {
          attachment: {
            filename: file.filename,
            mimeType: 'application/pdf',
            dataBase64: file.data.toString('base64'),
          },
        }
      : {}),
  };
  const res = await stack.request('POST', `/api/v1/chats/${chatId}/messages`, { token, body });
  expect(res.status).toBe(200);
}

async function workflowIdOf(chatId: string): Promise<string> {
  return (await db.chat.findUniqueOrThrow({ where: { id: chatId }, select: { workflowId: true } })).workflowId;
}

/** Every payload in a workflow's history, as Temporal stores it (what an archive or a backup holds). */
async function storedPayloads(workflowId: string, coreMarkers: Payload[] = []): Promise<Payload[]> {
  const found: Payload[] = [];
  const walk = (value: unknown, at = ''): void => {
    if (!value || typeof value !== 'object' || value instanceof Uint8Array) return;
    if (Array.isArray(value)) return value.forEach((v, i) => walk(v, `${at}.${i}`));
    const record = value as Record<string, unknown>;
    const metadata = record.metadata as Record<string, unknown> | undefined;
    // Search attributes are no payload codec's (readable by design, no PII: design.md).
    if (metadata && typeof metadata === 'object' && Object.values(metadata).every((v) => v instanceof Uint8Array)) {
      // Core's own marker records (a local activity's seq, type and times; a patch's id) never
      // pass through a payload codec, for any workflow: they hold no data of the chat.
      if (/markerRecordedEventAttributes\.details\.(data|patch-data)\./.test(at)) coreMarkers.push(record as Payload);
      else found.push(record as Payload);
      return;
    }
    for (const [key, inner] of Object.entries(record)) if (key !== 'searchAttributes') walk(inner, `${at}.${key}`);
  };
  const history = await temporal.workflowService.getWorkflowExecutionHistory({
    namespace: 'default',
    execution: { workflowId },
  });
  walk(history.history?.events ?? []);
  return found;
}

/** Every table of the SQLite file as text (BLOBs as raw bytes), and the file and its WAL as bytes. */
function sqliteEverything(): { rows: string; file: string } {
  const file = path.join(stack.dataDir, 'atende.db');
  const raw = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const tables = raw.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all() as Array<{ name: string }>;
    const rows = tables
      .map(({ name }) =>
        (raw.prepare(`SELECT * FROM "${name}"`).all() as Array<Record<string, unknown>>)
          .map((r) =>
            Object.values(r)
              .map((v) => (Buffer.isBuffer(v) ? v.toString('latin1') : String(v)))
              .join('\t'),
          )
          .join('\n'),
      )
      .join('\n');
    const bytes = [file, `${file}-wal`]
      .filter((f) => fs.existsSync(f))
      .map((f) => fs.readFileSync(f).toString('latin1'))
      .join('');
    return { rows, file: bytes };
  } finally {
    raw.close();
  }
}

/** What must not be found anywhere once Maria is erased (the search index keeps words lower-cased). */
const traces = () => [
  maria.name,
  'quintanilha',
  maria.phone,
  maria.phone.slice(3),
  maria.cpf,
  maria.text,
  'xilofone',
  maria.note,
  'pirilampo',
  maria.conversation,
];

let mariaContactId: string;
let mariaChatId: string;
let joaoChatId: string;

test('export: a ZIP with every message, note and file of the person, and nothing of anyone else', async () => {
  mariaChatId = await claimedChat(maria.conversation, { name: maria.name, phone: maria.phone }, maria.text);
  await reply(mariaChatId, 'Segue o boleto', { data: uniqueFile, filename: 'boleto.pdf' });
  await reply(mariaChatId, 'E o regulamento', { data: sharedFile, filename: 'regulamento.pdf' });
  const note = await stack.request('POST', `/api/v1/chats/${mariaChatId}/notes`, {
    token,
    body: { content: maria.note },
  });
  expect(note.status).toBe(201);
  joaoChatId = await claimedChat(`conv-${randomUUID()}`, { name: joao.name, phone: joao.phone }, joao.text);
  await reply(joaoChatId, 'O regulamento', { data: sharedFile, filename: 'regulamento.pdf' });
  mariaContactId = (await chatDetail(mariaChatId)).contactId;
  const patched = await stack.request('PATCH', `/api/v1/contacts/${mariaContactId}`, {
    token,
    body: { cpf: maria.cpf },
  });
  expect(patched.status).toBe(200);
  const resolved = await stack.request('POST', `/api/v1/chats/${mariaChatId}/resolve`, { token, body: {} });
  expect(resolved.status).toBe(200);
  await waitFor(
    () => chatDetail(mariaChatId),
    (c) => c.closedAt !== null,
  );

  const res = await fetch(`${stack.baseUrl}/api/v1/contacts/${mariaContactId}/export`, {
    headers: { authorization: `Bearer ${token}` },
  });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('application/zip');
  const zip = unzipSync(new Uint8Array(await res.arrayBuffer()));
  const names = Object.keys(zip).sort();
  const index = JSON.parse(strFromU8(zip['index.json']!));
  expect(names).toEqual(
    [
      'contact.json',
      'index.json',
      ...index.chats.map((c: { path: string }) => c.path),
      ...index.files.map((f: { path: string }) => f.path),
    ].sort(),
  );
  const contact = JSON.parse(strFromU8(zip['contact.json']!));
  expect(contact.contact).toMatchObject({ id: mariaContactId, name: maria.name, phone: maria.phone, cpf: maria.cpf });
  expect(contact.identities).toEqual([expect.objectContaining({ channelId, externalId: maria.phone })]);
  expect(index.chats).toHaveLength(1);
  const chat = JSON.parse(strFromU8(zip[index.chats[0].path]!));
  // Every message of hers, as the database holds them, and her note.
  const rows = await db.message.findMany({
    where: { chatId: mariaChatId },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
  });
  expect(chat.messages.map((m: { id: string; content: string }) => [m.id, m.content])).toEqual(
    rows.map((m) => [m.id, m.content]),
  );
  expect(chat.messages.map((m: { content: string }) => m.content)).toContain(maria.text);
  expect(chat.notes.map((n: { content: string }) => n.content)).toEqual([maria.note]);
  // Her two files, byte for byte.
  const files = index.files.map((f: { path: string; sha256: string }) => [f.sha256, Buffer.from(zip[f.path]!)]);
  expect(new Map(files)).toEqual(
    new Map([
      [sha(uniqueFile), uniqueFile],
      [sha(sharedFile), sharedFile],
    ]),
  );
  // Nothing of João's, nor an attendant's name.
  const all = Object.values(zip)
    .map((b) => Buffer.from(b).toString('latin1'))
    .join('\n');
  for (const other of [joao.name, joao.phone, joao.text, joaoChatId, 'admin@example.com'])
    expect(all).not.toContain(other);

  const audit = await db.auditEntry.findMany({ where: { action: 'contact.exported', targetId: mariaContactId } });
  expect(audit).toHaveLength(1);
  for (const t of traces()) expect(audit[0]!.details).not.toContain(t);
}, 120_000);

test('erasure: refused to a supervisor and on a bad body, then leaves no trace; histories become ciphertext', async () => {
  const workflowId = await workflowIdOf(mariaChatId);
  const joaoWorkflowId = await workflowIdOf(joaoChatId);
  // What Temporal holds of her chat (as its archive or a backup would keep it): every payload under her data key.
  const markers: Payload[] = [];
  const herPayloads = await storedPayloads(workflowId, markers);
  const markerText = markers.map((p) => Buffer.from(p.data ?? []).toString()).join('\n');
  expect(markerText).toContain('activity_type');
  for (const t of traces()) expect(markerText).not.toContain(t);
  const hisPayloads = await storedPayloads(joaoWorkflowId);
  expect(herPayloads.length).toBeGreaterThan(5);
  const herKey = (await db.dataKey.findUniqueOrThrow({ where: { workflowId } })).id;
  const keyIds = new Set(
    herPayloads.map((p) =>
      Object.entries(p.metadata!)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, v]) => `${k}=${k === DATA_KEY_METADATA || k === 'encoding' ? Buffer.from(v).toString() : '…'}`)
        .join(' '),
    ),
  );
  // Client calls (start, signals), workflow commands and activities alike: the SDK named the chat in every context.
  expect([...keyIds]).toEqual([`encoding=binary/encrypted ${DATA_KEY_METADATA}=${herKey}`]);
  const codec = () =>
    new EncryptionCodec(
      resolveKeyring(undefined, stack.dataDir),
      new DataKeys(db, resolveKeyring(undefined, stack.dataDir)),
    );
  const readable = (await codec().decode(herPayloads)).map((p) => Buffer.from(p.data ?? []).toString()).join('\n');
  expect(readable).toContain('xilofone');

  const metrics = async () => (await stack.request('GET', '/api/v1/metrics', { token })).body;
  const stable = await waitFor(
    async () => [await metrics(), await new Promise((r) => setTimeout(r, 500)).then(metrics)],
    ([a, b]) => JSON.stringify(a.totals) === JSON.stringify(b.totals),
  );
  const before = stable[1];

  const supervisor = await stack.addPerson(token, 'sup', 'supervisor');
  const refused = await stack.request('POST', `/api/v1/contacts/${mariaContactId}/erase`, {
    token: supervisor.token,
    body: { reason: 'LGPD 2026-001' },
  });
  expect(refused.status).toBe(403);
  const bad = await stack.request('POST', `/api/v1/contacts/${mariaContactId}/erase`, { token, body: { reason: 1 } });
  expect(bad.status).toBe(400);
  expect(bad.body.error.code).toBe('invalid_request');
  expect(bad.body.error.details[0].path).toBe('body.reason');
  expect(await db.contact.findUnique({ where: { id: mariaContactId } })).toMatchObject({ name: maria.name });

  const erased = await stack.request('POST', `/api/v1/contacts/${mariaContactId}/erase`, {
    token,
    body: { reason: 'LGPD 2026-001' },
  });
  expect(erased.status).toBe(200);
  expect(erased.body).toMatchObject({
    contactId: mariaContactId,
    chats: 1,
    openChatsClosed: 0,
    messages: expect.any(Number),
    notes: 1,
    files: 1, // the shared file stays: João's message names it
    identities: 1,
    dataKeys: 1,
  });
  expect(erased.body.workflowExecutionsDeleted).toBeGreaterThanOrEqual(1);

  // The receipt and the audit entry hold counts, nothing of her.
  const audit = await db.auditEntry.findMany({ where: { action: 'contact.erased', targetId: mariaContactId } });
  expect(audit).toHaveLength(1);
  expect(JSON.parse(audit[0]!.details)).toEqual(erased.body);
  for (const t of traces()) expect(JSON.stringify(erased.body)).not.toContain(t);

  // The database: no row, no index entry, no free page, no WAL frame holds any of it.
  const { rows, file } = sqliteEverything();
  for (const t of traces()) {
    expect({ trace: t, inRows: rows.includes(t) }).toEqual({ trace: t, inRows: false });
    expect({ trace: t, inFile: file.includes(t) }).toEqual({ trace: t, inFile: false });
  }
  expect(rows).toContain(joao.text); // (the scan does read the rows)
  // The search index and the live events.
  for (const q of ['xilofone', 'Quintanilha', maria.cpf]) {
    const found = await stack.request('GET', `/api/v1/search?q=${encodeURIComponent(q)}`, { token });
    expect(found.status).toBe(200);
    expect(JSON.stringify(found.body)).not.toMatch(/xilofone|Quintanilha/);
  }
  expect(await db.chatEvent.count({ where: { chatId: mariaChatId } })).toBe(0);
  // The media folder: her own file is gone, the one João's message shares stays.
  const media = fs.readdirSync(path.join(stack.dataDir, 'media'));
  expect(media).not.toContain(sha(uniqueFile));
  expect(media).toContain(sha(sharedFile));
  // The contact reads as gone; the chat stays as anonymous figures.
  expect((await stack.request('GET', `/api/v1/contacts/${mariaContactId}`, { token })).status).toBe(404);
  const figure = await db.chat.findUniqueOrThrow({ where: { id: mariaChatId } });
  expect(figure).toMatchObject({ status: 'resolved', protocol: null, externalChatId: '', workflowId: '', channelId });
  expect(figure.closedAt).not.toBeNull();
  const detail = await stack.request('GET', `/api/v1/chats/${mariaChatId}`, { token });
  expect(detail.status).toBe(200);
  for (const t of traces()) expect(JSON.stringify(detail.body)).not.toContain(t);

  // Metrics' totals are what they were.
  expect((await metrics()).totals).toEqual(before.totals);
  expect((await metrics()).byStatus).toEqual(before.byStatus);

  // Temporal: her history, kept anywhere, no longer decrypts with the product's codec; João's does.
  await expect(codec().decode(herPayloads)).rejects.toBeInstanceOf(DataKeyErasedError);
  const his = (await codec().decode(hisPayloads)).map((p) => Buffer.from(p.data ?? []).toString()).join('\n');
  expect(his).toContain('liquidificador');
  // And her executions are deleted.
  await waitFor(
    () =>
      temporal.workflow
        .getHandle(workflowId)
        .describe()
        .then(
          () => 'exists',
          (e: Error) => e.name,
        ),
    (outcome) => outcome === 'WorkflowNotFoundError',
  );

  // A second erasure answers the same receipt and writes nothing more.
  const again = await stack.request('POST', `/api/v1/contacts/${mariaContactId}/erase`, {
    token,
    body: { reason: 'LGPD 2026-001' },
  });
  expect(again).toEqual({ status: 200, body: erased.body });
  expect(await db.auditEntry.count({ where: { action: 'contact.erased', targetId: mariaContactId } })).toBe(1);
  // Export of an erased person: 404; of an unknown one: 404.
  expect((await stack.request('GET', `/api/v1/contacts/${mariaContactId}/export`, { token })).status).toBe(404);
  expect(
    (await stack.request('POST', `/api/v1/contacts/nope/erase`, { token, body: { reason: 'x-123' } })).status,
  ).toBe(404);
}, 180_000);

test("an open chat is closed by `system` through its workflow before the person's erasure", async () => {
  const conversation = `conv-${randomUUID()}`;
  const chatId = await claimedChat(conversation, { name: 'Pedro Aberto', phone: '+5531991112222' }, 'ainda aberto');
  const contactId = (await chatDetail(chatId)).contactId;
  const erased = await stack.request('POST', `/api/v1/contacts/${contactId}/erase`, {
    token,
    body: { reason: 'LGPD 2026-002' },
  });
  expect(erased.status).toBe(200);
  expect(erased.body).toMatchObject({ chats: 1, openChatsClosed: 1, identities: 1, dataKeys: 1 });
  const row = await db.chat.findUniqueOrThrow({ where: { id: chatId } });
  expect(row.status).toBe('cancelled');
  const last = await db.statusChange.findFirst({ where: { chatId }, orderBy: { seq: 'desc' } });
  expect(last).toMatchObject({ to: 'cancelled', actor: 'system', note: null });
  expect(await db.message.count({ where: { chatId, NOT: { content: '' } } })).toBe(0);
}, 120_000);

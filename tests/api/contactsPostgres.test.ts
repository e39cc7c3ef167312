import { generate as generateCpf } from '@fnando/cpf';
import { createDb, type Db } from '../../src/db/client';
import { migrateDatabase } from '../../src/db/migrate';
import { whereCan } from '../../workflows/chatAccess';
import { contactsWhere } from '../../src/contacts/contactAccess';
import { createContact, updateContact } from '../../src/contacts/contactStore';
import { contactsCsv, readContactsCsv } from '../../src/contacts/csv';
import { duplicatePairs } from '../../src/contacts/duplicates';
import { contactFillFromMessage } from '../../src/contacts/fillFromMessage';
import { mergeContacts } from '../../src/contacts/merge';
import { giveOwnPhone } from '../../src/contacts/ownPhone';
import { HttpError } from '../../src/http/httpError';
import { startPostgres } from '../helpers/postgres';

// The customer record's queries on PostgreSQL (tests/api/contacts.test.ts runs
// them through the routes on SQLite): writes with their conflicts, access
// filters, merge, duplicates, import, the bot's fill and a Telegram card.

let postgres: Awaited<ReturnType<typeof startPostgres>>;
let db: Db;
let channelId: string;
const by = { source: 'attendant' as const, attendantId: 'a1' };

beforeAll(async () => {
  postgres = await startPostgres();
  await migrateDatabase(postgres.url);
  db = createDb(postgres.url);
  channelId = (await db.channel.create({ data: { type: 'telegram', name: 'tg' } })).id;
}, 180_000);
afterAll(async () => {
  await db?.$disconnect();
  await postgres?.stop();
});

async function chatFor(contactId: string, id: string, attendantId: string | null = null) {
  await db.chat.create({
    data: {
      id,
      workflowId: id,
      channelId,
      externalChatId: id,
      contactId,
      status: attendantId ? 'in_progress' : 'bot',
      startedAt: new Date(),
      attendantId,
    },
  });
}

test('writes refuse another contact’s phone or CPF, and record their sources', async () => {
  const cpf = generateCpf();
  const first = await createContact(db, { name: 'Ana', phone: '+5511911112222', cpf }, by);
  expect(JSON.parse(first.sources)).toEqual({ name: by, phone: by, cpf: by });
  const second = await createContact(db, { name: 'Bia' }, by);
  for (const fields of [{ phone: '+5511911112222' }, { cpf }]) {
    const refused = await updateContact(db, second.id, fields, by).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(HttpError);
    expect((refused as HttpError).status).toBe(409);
  }
  expect((await updateContact(db, first.id, { cpf, email: null }, by))!.cpf).toBe(cpf);
});

test('an attendant reaches a contact through a chat they may read, and edits it through one they hold', async () => {
  const contact = await createContact(db, { name: 'Caio' }, by);
  const attendant = await db.attendant.create({
    data: { name: 'At', email: 'at@example.com', passwordHash: 'x', role: 'attendant' },
  });
  const actor = { id: attendant.id, role: 'attendant' as const, department: null };
  const reach = (action: 'read' | 'editContact') =>
    db.contact.count({ where: { id: contact.id, AND: [contactsWhere(actor, action)] } });
  expect([await reach('read'), await reach('editContact')]).toEqual([0, 0]);
  await chatFor(contact.id, 'pg-held', attendant.id);
  expect([await reach('read'), await reach('editContact')]).toEqual([1, 1]);
  expect(whereCan({ ...actor, role: 'supervisor' }, 'editContact')).toEqual({});
});

test('merge moves identities and chats, fills empty fields and is recorded; duplicates pair equal e-mails and CPFs', async () => {
  const cpf = generateCpf();
  const kept = await createContact(db, { name: 'Dora', email: 'dora@example.com' }, by);
  const other = await createContact(
    db,
    { name: 'Dora S', email: 'dora@example.com', cpf, phone: '+5511977776666' },
    by,
  );
  await db.contactIdentity.create({ data: { channelId, externalId: 'telegram:1', contactId: other.id } });
  await chatFor(other.id, 'pg-other');
  expect(await duplicatePairs(db)).toContainEqual({
    reasons: ['email'],
    contacts: [expect.objectContaining({ id: kept.id }), expect.objectContaining({ id: other.id })],
  });
  const moved = await mergeContacts(db, kept.id, other.id, 'attendant:a1');
  expect(moved).toEqual({
    identities: [{ channelId, externalId: 'telegram:1' }],
    chats: ['pg-other'],
    fields: ['phone', 'cpf'],
  });
  const after = await db.contact.findUniqueOrThrow({ where: { id: kept.id }, include: { chats: true } });
  expect(after).toMatchObject({ phone: '+5511977776666', cpf, name: 'Dora' });
  expect(after.chats.map((c) => c.id)).toEqual(['pg-other']);
  expect(await db.contact.count({ where: { id: other.id } })).toBe(0);
  expect(await db.contactMerge.count({ where: { contactId: kept.id, mergedId: other.id } })).toBe(1);
});

test('an export reads back line by line', async () => {
  const rows = await db.contact.findMany({ orderBy: { createdAt: 'asc' } });
  const lines = readContactsCsv(contactsCsv(rows));
  expect(lines.map((l) => l.reason)).toEqual(rows.map(() => undefined));
  expect(lines.map((l) => l.fields!.phone ?? null)).toEqual(rows.map((r) => r.phone));
});

test('the bot fills an empty CPF with its message as source, never a set one; a Telegram card gives the phone', async () => {
  const contact = await createContact(db, { name: 'Eva' }, by);
  await db.contactIdentity.create({ data: { channelId, externalId: 'telegram:2', contactId: contact.id } });
  await chatFor(contact.id, 'pg-bot');
  const cpf = generateCpf();
  await db.$transaction(await contactFillFromMessage(db, 'pg-bot', 'm-1', { cpf: [cpf] }));
  await db.$transaction(await contactFillFromMessage(db, 'pg-bot', 'm-2', { cpf: [generateCpf()] }));
  const filled = await db.contact.findUniqueOrThrow({ where: { id: contact.id } });
  expect(filled.cpf).toBe(cpf);
  expect(JSON.parse(filled.sources).cpf).toEqual({ source: 'message', messageId: 'm-1' });

  await giveOwnPhone(db, { channelId, externalId: 'telegram:2', phone: '5521988887777', messageId: 'm-3' });
  await giveOwnPhone(db, { channelId, externalId: 'telegram:2', phone: '5521988887777', messageId: 'm-3' });
  const withPhone = await db.contact.findUniqueOrThrow({ where: { id: contact.id } });
  expect(withPhone.phone).toBe('+5521988887777');
  expect(JSON.parse(withPhone.sources).phone).toEqual({ source: 'message', messageId: 'm-3' });
});

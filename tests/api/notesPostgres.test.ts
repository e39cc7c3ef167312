import { createDb, type Db } from '../../src/db/client';
import { migrateDatabase } from '../../src/db/migrate';
import { readableChats } from '../../src/chats/readScope';
import { checkMentions, NOTE_AUTHOR, presentNote, writeNote } from '../../src/chats/notes';
import { mergeContacts } from '../../src/contacts/merge';
import { HttpError } from '../../src/http/httpError';
import { startPostgres } from '../helpers/postgres';

// Private notes on PostgreSQL (tests/api/notes.test.ts runs them through the
// routes on SQLite): migration 0013, a note with its events in one
// transaction, the contact's notes under the access policy, and a merge
// carrying them with their chats.

let postgres: Awaited<ReturnType<typeof startPostgres>>;
let db: Db;

beforeAll(async () => {
  postgres = await startPostgres();
  await migrateDatabase(postgres.url);
  db = createDb(postgres.url);
}, 180_000);
afterAll(async () => {
  await db?.$disconnect();
  await postgres?.stop();
});

test('notes, mentions, their events and a contact merge on PostgreSQL', async () => {
  const channelId = (await db.channel.create({ data: { type: 'api', name: 'c' } })).id;
  const [kept, merged] = await Promise.all([
    db.contact.create({ data: { name: 'Joana' } }),
    db.contact.create({ data: { name: 'Joana S.' } }),
  ]);
  const chat = (id: string, contactId: string, department: string) =>
    db.chat.create({
      data: {
        id,
        workflowId: id,
        channelId,
        externalChatId: id,
        contactId,
        status: 'transferred',
        department,
        queuedAt: new Date(),
        startedAt: new Date(),
      },
    });
  await chat('pg-vendas', kept.id, 'vendas');
  await chat('pg-suporte', merged.id, 'suporte');
  const person = (name: string, department: string, active = true) =>
    db.attendant.create({
      data: { name, email: `${name}@example.com`, passwordHash: 'x', department, active },
    });
  const ana = await person('ana', 'vendas');
  const caio = await person('caio', 'suporte');
  const gone = await person('gone', 'suporte', false);

  const refused = await checkMentions(db, [caio.id, gone.id]).catch((e: unknown) => e);
  expect(refused).toBeInstanceOf(HttpError);
  expect((refused as HttpError).details).toEqual([{ path: 'body.mentions.1', message: 'not an active attendant' }]);

  const note = await writeNote(db, {
    chatId: 'pg-vendas',
    author: { id: ana.id, name: ana.name },
    content: 'Caio, veja isto',
    mentions: await checkMentions(db, [caio.id, caio.id]),
  });
  expect(note).toMatchObject({ chatId: 'pg-vendas', kind: 'note', mentions: [caio.id] });
  const events = await db.chatEvent.findMany({ where: { chatId: 'pg-vendas' }, orderBy: { id: 'asc' } });
  expect(events.map((e) => e.type)).toEqual(['note.created', 'note.mentioned']);
  expect(JSON.parse(events[1]!.data)).toMatchObject({ attendantId: caio.id, excerpt: 'Caio, veja isto' });
  await writeNote(db, { chatId: 'pg-suporte', author: { id: caio.id, name: caio.name }, content: 'suporte' });

  // The merge moves the chat, and its notes with it.
  await mergeContacts(db, kept.id, merged.id, `attendant:${ana.id}`);
  const notesOf = async (reader: { id: string; role: 'attendant' | 'supervisor'; department: string | null }) =>
    (
      await db.chatNote.findMany({
        where: { chat: { contactId: kept.id, AND: [readableChats(reader)] } },
        include: NOTE_AUTHOR,
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      })
    ).map((n) => presentNote(n).content);
  expect(await notesOf({ id: 's', role: 'supervisor', department: null })).toEqual(['suporte', 'Caio, veja isto']);
  expect(await notesOf({ id: ana.id, role: 'attendant', department: 'vendas' })).toEqual(['Caio, veja isto']);
});

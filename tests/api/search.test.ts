import { createDb, type Db } from '../../src/db/client';
import { migrateDatabase } from '../../src/db/migrate';
import { readableChats, type Reader } from '../../src/chats/readScope';
import { readableChatIds } from '../../src/search/readableChatIds';
import { search, type SearchItem, type SearchType } from '../../src/search/search';
import { ApiApp } from '../helpers/apiApp';
import { startPostgres } from '../helpers/postgres';
import { seedSearchCorpus, type SearchCorpus } from '../helpers/searchCorpus';

// Search over a corpus with known answers (tests/helpers/searchCorpus.ts), on
// SQLite (FTS5) and PostgreSQL (tsvector + unaccent) alike: accents, stems in
// Portuguese and English, phrases, phones, CPFs, e-mails, protocols and
// names, within what the caller may read. The route itself (validation,
// paging, hostile text) on SQLite through HTTP.

const app = new ApiApp();
let postgres: Awaited<ReturnType<typeof startPostgres>>;
let pgDb: Db;
const engines: Record<string, { db: Db; corpus: SearchCorpus }> = {};

beforeAll(async () => {
  await app.start();
  engines.sqlite = { db: app.db, corpus: await seedSearchCorpus(app.db) };
  postgres = await startPostgres();
  await migrateDatabase(postgres.url);
  pgDb = createDb(postgres.url);
  engines.postgresql = { db: pgDb, corpus: await seedSearchCorpus(pgDb) };
}, 180_000);

afterAll(async () => {
  await pgDb?.$disconnect();
  await postgres?.stop();
  await app.stop();
});

/** Every result, page after page (3 at a time, so paging is on every test's path). */
async function findAll(db: Db, reader: Reader, q: string, type?: SearchType): Promise<SearchItem[]> {
  const items: SearchItem[] = [];
  let cursor: string | undefined;
  for (let pages = 0; pages < 50; pages++) {
    const page = await search(db, reader, { q, type, limit: 3, cursor });
    items.push(...page.items);
    if (!page.nextCursor) return items;
    cursor = page.nextCursor;
  }
  throw new Error('paging did not end');
}

const idsOf = (items: SearchItem[], type: SearchItem['type']) =>
  items
    .filter((i) => i.type === type)
    .map((i) => i.id)
    .sort();

describe.each(['sqlite', 'postgresql'])('on %s', (engine) => {
  const setup = () => engines[engine]!;
  const find = (q: string, type?: SearchType, reader?: Reader) =>
    findAll(setup().db, reader ?? setup().corpus.readers.supervisor, q, type);

  test('words in message text, accents and case ignored, with Portuguese and English stems', async () => {
    const { messages: m } = setup().corpus;
    const cases: Array<[string, string[]]> = [
      ['cancelamento', [m.cancel, m.cancelar, m.refund]],
      ['CANCELAR', [m.cancel, m.cancelar, m.refund]],
      ['cobranca', [m.cobranca]],
      ['Cobrança', [m.cobranca]],
      ['nao consigo', [m.internet]],
      ['NÃO CONSIGO', [m.internet]],
      ['refunds', [m.refund]],
      ['payments', [m.payment]],
      ['failing payment', [m.payment]],
      ['boletos', [m.segundaVia]],
      ['fatura duplicada', [m.cobranca]],
      ['fatura internet', []],
    ];
    for (const [q, expected] of cases) {
      expect({ q, found: idsOf(await find(q, 'messages'), 'message') }).toEqual({ q, found: [...expected].sort() });
    }
  });

  test('a quoted phrase matches those words in a row; a CPF or e-mail in text as its parts in a row', async () => {
    const { messages: m } = setup().corpus;
    expect(idsOf(await find('"segunda via"', 'messages'), 'message')).toEqual([m.segundaVia]);
    expect(idsOf(await find('"via segunda"', 'messages'), 'message')).toEqual([]);
    expect(idsOf(await find('"segunda via" boleto', 'messages'), 'message')).toEqual([m.segundaVia]);
    expect(idsOf(await find('123.456.789-09', 'messages'), 'message')).toEqual([m.cpf]);
  });

  test('a message result carries its chat, contact and protocol, a snippet around the match, and its time', async () => {
    const { messages: m, chats, contacts } = setup().corpus;
    const [item] = await find('"segunda via"', 'messages');
    expect(item).toEqual({
      type: 'message',
      id: m.segundaVia,
      chatId: chats.j1,
      contactId: contacts.joao,
      protocol: '20261201000042',
      snippet: 'Entendi! Vou pedir a segunda via do boleto para você.',
      at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
  });

  test('a phone in any format finds its contact first, then their chats', async () => {
    const { contacts, chats } = setup().corpus;
    for (const q of [
      '(11) 98888-7777',
      '+55 11 98888-7777',
      '+55 11 8888-7777',
      '11 8888 7777',
      '5511988887777',
      '11988887777',
      '98888-7777',
      '8888-7777',
    ]) {
      const items = await find(q);
      expect({ q, first: items[0] && { type: items[0].type, id: items[0].id } }).toEqual({
        q,
        first: { type: 'contact', id: contacts.joao },
      });
      expect({ q, chats: idsOf(items, 'chat') }).toEqual({ q, chats: [chats.j0, chats.j1].sort() });
    }
  });

  test('a CPF with or without punctuation, an e-mail in any case, a protocol and a chat id, exactly', async () => {
    const { contacts, chats } = setup().corpus;
    for (const q of ['123.456.789-09', '12345678909', 'JOAO.SILVA@exemplo.com']) {
      expect({ q, first: (await find(q))[0]?.id }).toEqual({ q, first: contacts.joao });
    }
    expect((await find('john@EXAMPLE.org', 'contacts')).map((i) => i.id)).toEqual([contacts.john]);
    const byProtocol = await find('20261201000042');
    expect(byProtocol[0]).toMatchObject({ type: 'chat', id: chats.j1, protocol: '20261201000042' });
    expect((await find('2026-12-01-000043', 'chats')).map((i) => i.id)).toEqual([chats.m1]);
    expect((await find(chats.e1, 'chats')).map((i) => i.id)).toEqual([chats.e1]);
    expect(await find('20261201999999', 'chats')).toEqual([]);
  });

  test('names by the start of any word, accents and case ignored', async () => {
    const { contacts } = setup().corpus;
    const cases: Array<[string, string[]]> = [
      ['joao', [contacts.joao]],
      ['ARAU', [contacts.joao]],
      ['silva joão', [contacts.joao]],
      ['conceicao', [contacts.maria]],
      ['mari', [contacts.maria]],
      ['smi', [contacts.john]],
      ['jo', [contacts.joao, contacts.john]],
      ['zé', []],
    ];
    for (const [q, expected] of cases) {
      expect({ q, found: idsOf(await find(q, 'contacts'), 'contact') }).toEqual({ q, found: [...expected].sort() });
    }
  });

  test('best first: identifiers, then names, then messages', async () => {
    const { contacts, messages: m } = setup().corpus;
    const items = await find('joao');
    expect(items.map((i) => i.type)).toEqual(['contact']);
    const mixed = await find('123.456.789-09');
    expect(mixed.map((i) => i.type)).toEqual(['contact', 'chat', 'chat', 'message']);
    expect(mixed[0]!.id).toBe(contacts.joao);
    expect(mixed[3]!.id).toBe(m.cpf);
  });

  test('an attendant finds only what they may read', async () => {
    const { readers, messages: m, contacts, chats } = setup().corpus;
    const asA = (q: string, type?: SearchType) => find(q, type, readers.a);
    expect(idsOf(await asA('cancelamento', 'messages'), 'message')).toEqual([m.cancel]);
    expect(await asA('cobranca')).toEqual([]);
    expect(await asA('conceicao')).toEqual([]);
    expect(await asA('+55 21 99999-0000')).toEqual([]);
    expect(await asA('20261201000043')).toEqual([]);
    expect(await asA(chats.m1)).toEqual([]);
    expect(await asA('refund')).toEqual([]);
    // Their chat's contact, and of that contact's chats only the one they read.
    const phone = await asA('(11) 98888-7777');
    expect(idsOf(phone, 'contact')).toEqual([contacts.joao]);
    expect(idsOf(phone, 'chat')).toEqual([chats.j1]);
    const asB = await find('cancelamento', 'messages', readers.b);
    expect(idsOf(asB, 'message')).toEqual([m.cancelar, m.refund].sort());
  });

  test("the readable chats are the access policy's, taken one alternative at a time", async () => {
    const { db, corpus } = setup();
    const c = await db.attendant.create({
      data: { name: 'cida', email: `cida-${engine}@corpus.example`, passwordHash: 'x', department: 'vendas' },
    });
    const chat = (id: string, data: Record<string, unknown> = {}) =>
      db.chat.create({
        data: {
          id,
          workflowId: id,
          channelId: corpus.channelId,
          externalChatId: id,
          contactId: corpus.contacts.maria,
          status: 'resolved',
          startedAt: new Date(),
          ...data,
        },
      });
    const queued = { status: 'transferred', queuedAt: new Date() };
    await chat('scope-queue-vendas', { ...queued, department: 'vendas' });
    await chat('scope-queue-suporte', { ...queued, department: 'suporte' });
    await chat('scope-wrote');
    await db.message.create({
      data: {
        id: 'scope-wrote-out-1',
        chatId: 'scope-wrote',
        channelId: corpus.channelId,
        sender: 'attendant',
        content: 'Olá, aqui é a Cida',
        attendantId: c.id,
        createdAt: new Date(),
      },
    });
    await chat('scope-changed');
    await db.statusChange.create({
      data: {
        id: 'scope-changed:2',
        chatId: 'scope-changed',
        seq: 2,
        to: 'resolved',
        actor: `attendant:${c.id}`,
        at: new Date(),
      },
    });
    await chat('scope-none');
    const reader: Reader = { id: c.id, role: 'attendant', department: 'vendas' };
    const filter = readableChats(reader);
    const viaPolicy = (await db.chat.findMany({ where: filter, select: { id: true } })).map((r) => r.id).sort();
    expect(viaPolicy).toEqual(['scope-changed', 'scope-queue-vendas', 'scope-wrote']);
    expect((await readableChatIds(db, filter)).sort()).toEqual(viaPolicy);
    expect(idsOf(await find('cida', 'messages', reader), 'message')).toEqual(['scope-wrote-out-1']);
  });

  test('a huge message is stored (the index never refuses it) and found by its start', async () => {
    const { db, corpus } = setup();
    const words = Array.from({ length: 150_000 }, (_, i) => `palavra${i.toString(36)}`).join(' ');
    await db.message.create({
      data: {
        id: 'huge-1',
        chatId: corpus.chats.e1,
        channelId: corpus.channelId,
        sender: 'customer',
        content: `Registro enorme ${words}`,
        createdAt: new Date(),
      },
    });
    expect(idsOf(await find('registro enorme', 'messages'), 'message')).toEqual(['huge-1']);
    await db.message.delete({ where: { id: 'huge-1' } });
  });

  test('hostile text is only text: no query syntax reaches the database', async () => {
    const { readers } = setup().corpus;
    for (const q of [
      '"',
      '""',
      '*',
      'AND',
      'OR NOT',
      'NEAR(a b)',
      '(',
      "'",
      'a:* | b & !c <-> d',
      '\\',
      '" OR 1=1 --',
      '\'); DROP TABLE "Message"; --',
      '^col:val',
      '-',
      '😀 🙂',
      'привет мир',
      '%_%',
      'x'.repeat(200),
      'a b c d e f g h i j k l m n o p',
      'nul\u0000byte',
      '\ud800 lone surrogate',
    ]) {
      for (const reader of [readers.supervisor, readers.a]) {
        await expect(search(setup().db, reader, { q, limit: 20 })).resolves.toHaveProperty('items');
      }
    }
  });

  test('an edited message is found by its new text only; a deleted one not at all', async () => {
    const { db, corpus } = setup();
    const id = corpus.messages.payment;
    await db.message.update({ where: { id }, data: { content: 'O pagamento foi estornado' } });
    expect(idsOf(await find('payment', 'messages'), 'message')).toEqual([]);
    expect(idsOf(await find('estorno', 'messages'), 'message')).toEqual([id]);
    await db.message.delete({ where: { id } });
    expect(idsOf(await find('estornado', 'messages'), 'message')).toEqual([]);
    const renamed = corpus.contacts.john;
    await db.contact.update({ where: { id: renamed }, data: { name: 'Jonathan Smithers' } });
    expect(idsOf(await find('jonat', 'contacts'), 'contact')).toEqual([renamed]);
  });
});

describe.each(['sqlite', 'postgresql'])('on %s, an attendant who reads thousands of chats', (engine) => {
  test('still finds by identifier, name and text (no driver parameter limit is met)', async () => {
    const { db, corpus } = engines[engine]!;
    const { readers, contacts, channelId, messages: m } = corpus;
    const started = Date.now();
    await db.chat.createMany({
      data: Array.from({ length: 2_500 }, (_, i) => ({
        id: `many-${i}`,
        workflowId: `wf-many-${i}`,
        channelId,
        externalChatId: `many-${i}`,
        contactId: contacts.john,
        status: 'waiting_attendant',
        attendantId: readers.b.id,
        startedAt: new Date(started - i * 1000),
      })),
    });
    const byEmail = await findAll(db, readers.b, 'john@example.org');
    expect(idsOf(byEmail, 'contact')).toEqual([contacts.john]);
    expect(idsOf(byEmail, 'chat').length).toBeGreaterThan(20);
    expect(idsOf(await findAll(db, readers.b, 'smith', 'contacts'), 'contact')).toEqual([contacts.john]);
    expect(idsOf(await findAll(db, readers.b, 'refund', 'messages'), 'message')).toEqual([m.refund]);
  });
});

describe('GET /api/v1/search', () => {
  test('requires authentication', () => app.expectAuthRequired('GET', '/api/v1/search?q=x'));

  test('bad input is a 400 naming the parameter', async () => {
    const { token } = await app.as('supervisor');
    for (const [query, field] of [
      ['', 'query.q'],
      ['q=', 'query.q'],
      ['q=%20%20', 'query.q'],
      [`q=${'x'.repeat(201)}`, 'query.q'],
      ['q=x&type=people', 'query.type'],
      ['q=x&limit=0', 'query.limit'],
      ['q=x&limit=101', 'query.limit'],
      ['q=x&q=y', 'query.q'],
      ['q=x&cursor=nonsense', 'query.cursor'],
      ['q=x&color=blue', 'query'],
      ['q=%00', 'query.q'],
    ] as const) {
      const res = await app.request('GET', `/api/v1/search?${query}`, { token });
      expect({ query, status: res.status }).toEqual({ query, status: 400 });
      expect(res.body.error.message).toContain(field);
    }
  });

  test('pages with an opaque cursor that belongs to its query', async () => {
    const { token } = await app.as('supervisor');
    const first = await app.request('GET', '/api/v1/search?q=cancelamento&limit=2', { token });
    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(2);
    const cursor = encodeURIComponent(first.body.nextCursor);
    const second = await app.request('GET', `/api/v1/search?q=cancelamento&limit=2&cursor=${cursor}`, { token });
    expect(second.status).toBe(200);
    expect(second.body.items.length).toBeGreaterThan(0);
    const ids = [...first.body.items, ...second.body.items].map((i: SearchItem) => i.id);
    expect(new Set(ids).size).toBe(ids.length);
    const other = await app.request('GET', `/api/v1/search?q=boleto&limit=2&cursor=${cursor}`, { token });
    expect(other.status).toBe(400);
    expect(other.body.error.message).toContain('query.cursor');
  });

  test('hostile text answers 200 through HTTP too, for every role', async () => {
    const tokens = [(await app.as('supervisor')).token, (await app.as('attendant')).token];
    for (const q of ['"', '*', 'AND', 'NEAR(', "'", '" OR "', ')(', 'a"b"c', 'a\u0000b', '%00']) {
      for (const token of tokens) {
        const res = await app.request('GET', `/api/v1/search?q=${encodeURIComponent(q)}`, { token });
        expect({ q, status: res.status }).toEqual({ q, status: 200 });
      }
    }
  });

  test('an attendant who reads no chat finds nothing of them', async () => {
    const { token } = await app.as('attendant', { department: 'nenhum' });
    for (const q of ['cancelamento', '(11) 98888-7777', 'joao', '20261201000042']) {
      const res = await app.request('GET', `/api/v1/search?q=${encodeURIComponent(q)}`, { token });
      expect({ q, items: res.body.items }).toEqual({ q, items: [] });
    }
  });
});

import { generate as generateCpf } from '@fnando/cpf';
import { ApiApp } from '../helpers/apiApp';

// The contacts API: CRUD and its field rules, who may read and edit which
// contact, merge, duplicates, export and import.

const app = new ApiApp();
let attendant: { id: string; token: string };
let other: { id: string; token: string };
let boss: { id: string; token: string };
let channelId: string;
let chatCount = 0;

beforeAll(async () => {
  await app.start();
  attendant = await app.as('attendant');
  other = await app.as('attendant');
  boss = await app.as('supervisor');
  channelId = await app.addChannel('api');
});
afterAll(() => app.stop());

/** A contact row, with one chat held by `holder` (or by nobody when null) unless `chat` is false. */
async function contactWithChat(data: Record<string, unknown>, holder: string | null, chat = true): Promise<string> {
  const n = ++chatCount;
  const contact = await app.db.contact.create({
    data: { ...data, identities: { create: { channelId, externalId: `person-${n}` } } },
  });
  if (chat) {
    await app.db.chat.create({
      data: {
        id: `chat-${n}`,
        workflowId: `chat-${n}`,
        channelId,
        externalChatId: `person-${n}`,
        contactId: contact.id,
        status: holder ? 'in_progress' : 'bot',
        attendantId: holder,
        startedAt: new Date(Date.now() - 1000 * (100 - n)),
      },
    });
  }
  return contact.id;
}

const as = (who: { token: string }) => ({
  get: (path: string) => app.request('GET', path, { token: who.token }),
  post: (path: string, body: unknown) => app.request('POST', path, { token: who.token, body }),
  patch: (path: string, body: unknown) => app.request('PATCH', path, { token: who.token, body }),
});

describe('create, read, update', () => {
  test('POST stores normalised fields with their source; GET shows them', async () => {
    const cpf = generateCpf(true);
    const res = await as(boss).post('/api/v1/contacts', {
      name: 'Maria Souza',
      phone: '(21) 99876-5432',
      email: 'Maria@Example.COM',
      cpf,
      attributes: { plano: 'ouro', vip: true, pedidos: 3 },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      name: 'Maria Souza',
      phone: '+5521998765432',
      email: 'maria@example.com',
      cpf: cpf.replace(/\D/g, ''),
      attributes: { plano: 'ouro', vip: true, pedidos: 3 },
      identities: [],
      chats: [],
    });
    expect(res.body.sources.cpf).toEqual({ source: 'attendant', attendantId: boss.id });
    const read = await as(boss).get(`/api/v1/contacts/${res.body.id}`);
    expect(read.status).toBe(200);
    expect(read.body.phone).toBe('+5521998765432');
  });

  test.each([
    ['cpf', { cpf: '123.456.789-00' }],
    ['phone', { phone: '12345' }],
    ['email', { email: 'not-an-email' }],
    ['attributes', { attributes: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, i])) }],
  ])('a bad %s is a 400 naming the field, and nothing is stored', async (field, body) => {
    const before = await app.db.contact.count();
    const res = await as(boss).post('/api/v1/contacts', { name: 'Bad', ...body });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_request');
    expect(res.body.error.message).toContain(`body.${field}`);
    expect(await app.db.contact.count()).toBe(before);
  });

  test('an 8-digit Brazilian mobile is stored in its 9-digit form', async () => {
    const res = await as(boss).post('/api/v1/contacts', { phone: '+55 31 8765-4321' });
    expect(res.status).toBe(201);
    expect(res.body.phone).toBe('+5531987654321');
  });

  test('a phone or CPF of another contact is a 409 already_exists', async () => {
    const cpf = generateCpf();
    const first = await as(boss).post('/api/v1/contacts', { name: 'Ana', phone: '+5511911112222', cpf });
    expect(first.status).toBe(201);
    const samePhone = await as(boss).post('/api/v1/contacts', { name: 'Outra', phone: '11 91111-2222' });
    expect(samePhone.status).toBe(409);
    expect(samePhone.body.error.code).toBe('already_exists');
    expect(samePhone.body.error.message).toContain('phone');
    const second = await as(boss).post('/api/v1/contacts', { name: 'Bia' });
    const sameCpf = await as(boss).patch(`/api/v1/contacts/${second.body.id}`, { cpf });
    expect(sameCpf.status).toBe(409);
    expect(sameCpf.body.error.message).toContain('cpf');
    // Its own values are no conflict.
    const self = await as(boss).patch(`/api/v1/contacts/${first.body.id}`, { cpf, phone: '+5511911112222' });
    expect(self.status).toBe(200);
  });

  test('PATCH changes only the fields given, records who, and null clears a field', async () => {
    const created = await as(boss).post('/api/v1/contacts', { name: 'Caio', email: 'caio@example.com' });
    const res = await as(boss).patch(`/api/v1/contacts/${created.body.id}`, { email: null, name: 'Caio Lima' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ name: 'Caio Lima', email: null });
    expect(res.body.sources).toEqual({ name: { source: 'attendant', attendantId: boss.id } });
    const bad = await as(boss).patch(`/api/v1/contacts/${created.body.id}`, { email: 'x@' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('body.email');
  });

  test('the list pages newest first and filters by name prefix, phone, e-mail and CPF', async () => {
    const cpf = generateCpf();
    const made = await as(boss).post('/api/v1/contacts', {
      name: 'Zacarias Prefixo',
      phone: '+5548991234567',
      email: 'zaca@example.org',
      cpf,
    });
    for (const q of ['zaca', 'Zacarias', '(48) 99123-4567', '48 9123-4567', 'zaca@example.org', cpf]) {
      const res = await as(boss).get(`/api/v1/contacts?q=${encodeURIComponent(q)}`);
      expect(res.status).toBe(200);
      expect(res.body.items.map((c: { id: string }) => c.id)).toEqual([made.body.id]);
    }
    const first = await as(boss).get('/api/v1/contacts?limit=2');
    expect(first.body.items).toHaveLength(2);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await as(boss).get(`/api/v1/contacts?limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body.items).toHaveLength(2);
    expect(second.body.items[0].id).not.toBe(first.body.items[1].id);
  });
});

describe('who may', () => {
  let mine: string;
  let theirs: string;
  let queuedForBot: string;

  beforeAll(async () => {
    mine = await contactWithChat({ name: 'Cliente Meu' }, attendant.id);
    theirs = await contactWithChat({ name: 'Cliente Alheio' }, other.id);
    queuedForBot = await contactWithChat({ name: 'Cliente do Bot' }, null);
  });

  test('an attendant lists and reads only the contacts of chats they may read', async () => {
    const list = await as(attendant).get('/api/v1/contacts?limit=100');
    expect(list.status).toBe(200);
    expect(list.body.items.map((c: { id: string }) => c.id)).toEqual([mine]);
    expect((await as(attendant).get(`/api/v1/contacts/${mine}`)).status).toBe(200);
    expect((await as(attendant).get(`/api/v1/contacts/${theirs}`)).status).toBe(404);
    expect((await as(attendant).get(`/api/v1/contacts/${queuedForBot}`)).status).toBe(404);
    // Nor may they change what they may not read.
    expect((await as(attendant).patch(`/api/v1/contacts/${theirs}`, { name: 'x' })).status).toBe(404);
  });

  test('an attendant edits the contact of a chat they hold, not one they only read', async () => {
    const ok = await as(attendant).patch(`/api/v1/contacts/${mine}`, { email: 'meu@example.com' });
    expect(ok.status).toBe(200);
    expect(ok.body.sources.email).toEqual({ source: 'attendant', attendantId: attendant.id });
    // They wrote in the other's chat: they read its contact, but the holder edits it.
    await app.db.message.create({
      data: {
        id: 'wrote-in-theirs',
        chatId: (await app.db.chat.findFirstOrThrow({ where: { contactId: theirs } })).id,
        channelId,
        sender: 'attendant',
        attendantId: attendant.id,
        content: 'oi',
        createdAt: new Date(),
      },
    });
    expect((await as(attendant).get(`/api/v1/contacts/${theirs}`)).status).toBe(200);
    const refused = await as(attendant).patch(`/api/v1/contacts/${theirs}`, { name: 'x' });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('not_assignee');
  });

  test('supervisors read and edit every contact', async () => {
    expect((await as(boss).get(`/api/v1/contacts/${queuedForBot}`)).status).toBe(200);
    expect((await as(boss).patch(`/api/v1/contacts/${queuedForBot}`, { name: 'Novo Nome' })).status).toBe(200);
  });

  test('create, merge, duplicates, export and import are for supervisors and admins: 403 for an attendant', async () => {
    for (const [method, path] of [
      ['POST', '/api/v1/contacts'],
      ['POST', `/api/v1/contacts/${mine}/merge`],
      ['GET', '/api/v1/contacts/duplicates'],
      ['GET', '/api/v1/contacts/export?format=csv'],
      ['POST', '/api/v1/contacts/import'],
    ] as const) {
      const res = await app.request(method, path, {
        token: attendant.token,
        ...(method === 'POST' ? { body: { contactId: theirs, name: 'x' } } : {}),
      });
      expect([method, path, res.status, res.body.error.code]).toEqual([method, path, 403, 'forbidden']);
    }
  });

  test('every route needs a token', async () => {
    await app.expectAuthRequired('GET', '/api/v1/contacts');
    await app.expectAuthRequired('GET', `/api/v1/contacts/${mine}`);
    await app.expectAuthRequired('POST', '/api/v1/contacts', { name: 'x' });
  });
});

describe('merge', () => {
  test("moves the other's identities and chats here, fills empty fields, records it; the other then 404s", async () => {
    const cpf = generateCpf();
    const kept = await contactWithChat({ name: 'Pessoa Única', attributes: JSON.stringify({ a: 1 }) }, null);
    const gone = await contactWithChat(
      {
        name: 'Outro Nome',
        phone: '+5511955554444',
        cpf,
        attributes: JSON.stringify({ a: 2, b: 'x' }),
        sources: JSON.stringify({ cpf: { source: 'message', messageId: 'm-1' } }),
      },
      null,
    );
    const goneChat = await app.db.chat.findFirstOrThrow({ where: { contactId: gone } });
    const res = await as(boss).post(`/api/v1/contacts/${kept}/merge`, { contactId: gone });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id: kept,
      name: 'Pessoa Única',
      phone: '+5511955554444',
      cpf,
      attributes: { a: 1, b: 'x' },
    });
    expect(res.body.sources.cpf).toEqual({ source: 'message', messageId: 'm-1' });
    expect(res.body.identities).toHaveLength(2);
    expect(res.body.chats.map((c: { id: string }) => c.id)).toContain(goneChat.id);
    expect(res.body.chats).toHaveLength(2);
    // Newest first.
    expect(res.body.chats[0].startedAt >= res.body.chats[1].startedAt).toBe(true);
    expect((await as(boss).get(`/api/v1/contacts/${gone}`)).status).toBe(404);
    const record = await app.db.contactMerge.findFirstOrThrow({ where: { mergedId: gone } });
    expect(record).toMatchObject({ contactId: kept, actor: `attendant:${boss.id}` });
    expect(JSON.parse(record.moved)).toEqual({
      identities: [{ channelId, externalId: expect.any(String) }],
      chats: [goneChat.id],
      fields: ['phone', 'cpf', 'attributes'],
    });
  });

  test('a contact that does not exist, or the same one, changes nothing', async () => {
    const kept = await contactWithChat({ name: 'Só' }, null);
    expect((await as(boss).post(`/api/v1/contacts/${kept}/merge`, { contactId: 'nope' })).status).toBe(404);
    expect((await as(boss).post(`/api/v1/contacts/${kept}/merge`, { contactId: kept })).status).toBe(400);
    expect((await as(boss).post('/api/v1/contacts/nope/merge', { contactId: kept })).status).toBe(404);
    expect(await app.db.contact.count({ where: { id: kept } })).toBe(1);
  });
});

test('duplicates lists pairs sharing an e-mail or a CPF, with the reasons, and merges nothing', async () => {
  const cpf = generateCpf();
  const a = await as(boss).post('/api/v1/contacts', {
    name: 'Dup A',
    email: 'dup@example.com',
    phone: '+5511933330001',
  });
  const b = await as(boss).post('/api/v1/contacts', {
    name: 'Dup B',
    email: 'DUP@example.com',
    phone: '+5511933330002',
  });
  const c = await contactWithChat({ name: 'Dup C', cpf }, null, false);
  const d = await contactWithChat({ name: 'Dup D', cpf }, null, false);
  const res = await as(boss).get('/api/v1/contacts/duplicates');
  expect(res.status).toBe(200);
  const pairs = res.body.items.map((p: { reasons: string[]; contacts: Array<{ id: string }> }) => [
    p.reasons,
    p.contacts.map((x) => x.id).sort(),
  ]);
  expect(pairs).toEqual(
    expect.arrayContaining([
      [['email'], [a.body.id, b.body.id].sort()],
      [['cpf'], [c, d].sort()],
    ]),
  );
  expect(await app.db.contact.count({ where: { id: { in: [a.body.id, b.body.id, c, d] } } })).toBe(4);
});

describe('export and import', () => {
  test('CSV export imports back into an empty database as the same contacts', async () => {
    const source = await new ApiApp().start();
    const target = await new ApiApp().start();
    try {
      const [from, to] = [await source.as('supervisor'), await target.as('admin')];
      const call = (on: ApiApp, who: { token: string }, method: string, path: string, opts = {}) =>
        on.request(method, path, { token: who.token, ...opts });
      const people = [
        { name: '=Fórmula, "aspas"', phone: '+5511922223333', email: 'csv@example.com', cpf: generateCpf() },
        { name: 'Linha\nQuebrada', attributes: { nível: 'alto', ativo: false, n: 2 } },
        { email: 'so-email@example.com' },
      ];
      for (const body of people)
        expect((await call(source, from, 'POST', '/api/v1/contacts', { body })).status).toBe(201);
      const sourceChannel = await source.addChannel('whatsapp');
      await source.db.contact.create({
        data: {
          name: 'Com Identidade',
          identities: { create: { channelId: sourceChannel, externalId: '5511900000000' } },
        },
      });
      const csv = await call(source, from, 'GET', '/api/v1/contacts/export?format=csv');
      expect(csv.status).toBe(200);
      expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
      expect(csv.body.split('\n')[0]).toBe('id,name,phone,email,cpf,attributes');
      // A cell a spreadsheet would run is written behind a quote.
      expect(csv.body).toContain(`"'=Fórmula, ""aspas"""`);
      const imported = await call(target, to, 'POST', '/api/v1/contacts/import', {
        raw: csv.body,
        headers: { 'content-type': 'text/csv' },
      });
      expect(imported.status).toBe(200);
      expect(imported.body).toEqual({ imported: 4, refused: [] });
      const exported = await call(source, from, 'GET', '/api/v1/contacts/export?format=json');
      const again = await call(target, to, 'GET', '/api/v1/contacts/export?format=json');
      const fields = (items: Array<Record<string, unknown>>) =>
        items.map(({ name, phone, email, cpf, attributes }) => ({ name, phone, email, cpf, attributes }));
      expect(fields(again.body.items)).toEqual(fields(exported.body.items));
      expect(again.body.items[0].sources.name).toEqual({ source: 'import', attendantId: to.id });
      expect(exported.body.items[3].identities).toEqual([
        { channelId: sourceChannel, channelType: 'whatsapp', externalId: '5511900000000' },
      ]);
    } finally {
      await source.stop();
      await target.stop();
    }
  });

  test('import reports each refused line with its number and reason and imports the rest', async () => {
    const cpf = generateCpf(true);
    const csv = [
      'name,phone,email,cpf',
      'Linha Boa,+5511944440001,boa@example.com,',
      'CPF Ruim,,,123.456.789-00',
      'Fone Ruim,123,,',
      '',
      `Outra Boa,(11) 94444-0002,,${cpf}`,
      'Fone Repetido,+55 11 94444-0001,,',
      ',,,',
      'Campo Demais,+5511944440003,,,x',
    ].join('\r\n');
    const res = await app.request('POST', '/api/v1/contacts/import', {
      token: boss.token,
      raw: csv,
      headers: { 'content-type': 'text/csv' },
    });
    expect(res.status).toBe(200);
    expect(res.body.imported).toBe(2);
    expect(res.body.refused).toEqual([
      { line: 3, reason: expect.stringMatching(/^cpf: /) },
      { line: 4, reason: expect.stringMatching(/^phone: /) },
      { line: 7, reason: expect.stringMatching(/^phone: another contact/) },
      { line: 8, reason: expect.stringMatching(/at least one/) },
      { line: 9, reason: '5 fields; the header has 4' },
    ]);
    expect(await app.db.contact.count({ where: { phone: { in: ['+5511944440001', '+5511944440002'] } } })).toBe(2);
  });

  test('a file saved by a spreadsheet in Portuguese (`;`-separated) imports too', async () => {
    const res = await app.request('POST', '/api/v1/contacts/import', {
      token: boss.token,
      raw: '\uFEFFname;phone\r\nPlanilha;(11) 94444-0009\r\n',
      headers: { 'content-type': 'text/csv; charset=utf-8' },
    });
    expect(res.body).toEqual({ imported: 1, refused: [] });
    expect(await app.db.contact.count({ where: { phone: '+5511944440009', name: 'Planilha' } })).toBe(1);
  });

  test('import refuses a body that is not CSV, or unknown columns, as a whole', async () => {
    const json = await app.request('POST', '/api/v1/contacts/import', { token: boss.token, body: { name: 'x' } });
    expect(json.status).toBe(415);
    const columns = await app.request('POST', '/api/v1/contacts/import', {
      token: boss.token,
      raw: 'nome,telefone\nA,1\n',
      headers: { 'content-type': 'text/csv' },
    });
    expect(columns.status).toBe(400);
    expect(columns.body.error.message).toContain('unknown column nome');
  });
});

import { randomUUID } from 'node:crypto';
import { ApiApp } from '../helpers/apiApp';
import { ApiChannelFixture } from '../helpers/apiChannelFixture';
import { waitFor } from '../helpers/wait';
import { sweepOrphanMedia } from '../../src/media/orphans';

/**
 * Canned responses ("respostas prontas"): CRUD, who sees and writes which
 * scope, shortcuts unique per scope, validation, `?q=`; then, against
 * `npm start`'s own process (the reply goes through a chat's workflow), a
 * canned response sent in a chat: its variables resolved in what reaches the
 * customer's callback, and its use counted.
 */

const PDF = {
  filename: 'tabela.pdf',
  mimeType: 'application/pdf',
  dataBase64: Buffer.from('%PDF-1.4 preços').toString('base64'),
};

describe('the canned responses API', () => {
  const app = new ApiApp();
  beforeAll(() => app.start());
  afterAll(() => app.stop());

  type Person = { id: string; token: string };
  let ana: Person; // attendant, vendas
  let bia: Person; // attendant, vendas
  let caio: Person; // attendant, suporte
  let sara: Person; // supervisor, vendas
  let root: Person; // admin
  beforeAll(async () => {
    ana = await app.as('attendant', { department: 'vendas', name: 'Ana Souza' });
    bia = await app.as('attendant', { department: 'vendas' });
    caio = await app.as('attendant', { department: 'suporte' });
    sara = await app.as('supervisor', { department: 'vendas' });
    root = await app.as('admin');
  });

  const create = (who: Person, body: object) =>
    app.request('POST', '/api/v1/canned-responses', { token: who.token, body });
  const list = async (who: Person, query = '') =>
    (await app.request('GET', `/api/v1/canned-responses${query}`, { token: who.token })).body.items as Array<{
      id: string;
      shortcut: string;
      scope: string;
      canEdit: boolean;
    }>;
  const count = () => app.db.cannedResponse.count();

  test('every route needs a token', async () => {
    await app.expectAuthRequired('GET', '/api/v1/canned-responses');
    await app.expectAuthRequired('POST', '/api/v1/canned-responses', { shortcut: 'x', title: 'x', content: 'x' });
    await app.expectAuthRequired('PATCH', '/api/v1/canned-responses/x', { title: 'y' });
    await app.expectAuthRequired('DELETE', '/api/v1/canned-responses/x');
  });

  test('an attendant creates, reads, changes and deletes a personal canned response', async () => {
    const created = await create(ana, {
      shortcut: 'ola',
      title: 'Saudação',
      content: 'Olá, {{contact.firstName|cliente}}! Sou {{attendant.firstName}}.',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      shortcut: 'ola',
      title: 'Saudação',
      scope: 'personal',
      department: null,
      ownerId: ana.id,
      attachment: null,
      usageCount: 0,
      lastUsedAt: null,
      canEdit: true,
    });
    const id = created.body.id as string;
    expect((await app.request('GET', `/api/v1/canned-responses/${id}`, { token: ana.token })).body.title).toBe(
      'Saudação',
    );

    const changed = await app.request('PATCH', `/api/v1/canned-responses/${id}`, {
      token: ana.token,
      body: { title: 'Boas-vindas', shortcut: 'oi' },
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ title: 'Boas-vindas', shortcut: 'oi', content: created.body.content });

    expect((await app.request('DELETE', `/api/v1/canned-responses/${id}`, { token: ana.token })).status).toBe(204);
    expect((await app.request('GET', `/api/v1/canned-responses/${id}`, { token: ana.token })).status).toBe(404);
    expect(await app.db.cannedResponse.findUnique({ where: { id } })).toBeNull();
  });

  test('each sees their own personal ones, their department’s and all; another’s personal one is 404', async () => {
    const mine = (await create(bia, { shortcut: 'prazo', title: 'Prazo', content: 'Até 5 dias úteis.' })).body;
    const vendas = await create(sara, {
      shortcut: 'promo',
      title: 'Promoção de dezembro',
      content: '10% off',
      scope: 'department',
      department: 'vendas',
    });
    expect(vendas.status).toBe(201);
    const everyone = await create(sara, { shortcut: 'horario', title: 'Horário', content: '8h–18h', scope: 'all' });
    expect(everyone.status).toBe(201);
    const suporte = await create(root, {
      shortcut: 'reset',
      title: 'Senha',
      content: 'Clique em esqueci a senha.',
      scope: 'department',
      department: 'suporte',
    });
    expect(suporte.status).toBe(201);

    const shortcuts = async (who: Person) => (await list(who)).map((c) => c.shortcut);
    expect(await shortcuts(bia)).toEqual(['horario', 'prazo', 'promo']);
    expect(await shortcuts(ana)).toEqual(['horario', 'promo']);
    expect(await shortcuts(caio)).toEqual(['horario', 'reset']);
    expect(await shortcuts(sara)).toEqual(['horario', 'promo']);
    // Admins manage every department's; nobody sees another's personal ones.
    expect(await shortcuts(root)).toEqual(['horario', 'promo', 'reset']);
    // Attendants use but may not change department and all ones.
    expect((await list(bia)).find((c) => c.shortcut === 'promo')!.canEdit).toBe(false);

    for (const [method, body] of [
      ['GET', undefined],
      ['PATCH', { title: 'meu agora' }],
      ['DELETE', undefined],
    ] as const) {
      const res = await app.request(method, `/api/v1/canned-responses/${mine.id}`, { token: ana.token, body });
      expect(res.status).toBe(404);
      // Not even an admin or a supervisor reaches someone's personal one.
      expect(
        (await app.request(method, `/api/v1/canned-responses/${mine.id}`, { token: root.token, body })).status,
      ).toBe(404);
    }
    expect((await app.db.cannedResponse.findUnique({ where: { id: mine.id } }))!.title).toBe('Prazo');

    // Attendants: 403 on department and all ones they can see, and on creating them; nothing written.
    const before = await count();
    expect((await create(ana, { shortcut: 'x1', title: 'x', content: 'x', scope: 'all' })).status).toBe(403);
    expect(
      (await create(ana, { shortcut: 'x2', title: 'x', content: 'x', scope: 'department', department: 'vendas' }))
        .status,
    ).toBe(403);
    const patch = await app.request('PATCH', `/api/v1/canned-responses/${vendas.body.id}`, {
      token: ana.token,
      body: { content: 'hack' },
    });
    expect(patch.status).toBe(403);
    expect(
      (await app.request('DELETE', `/api/v1/canned-responses/${everyone.body.id}`, { token: ana.token })).status,
    ).toBe(403);
    // A supervisor writes only their own department's.
    expect(
      (await create(sara, { shortcut: 'x3', title: 'x', content: 'x', scope: 'department', department: 'suporte' }))
        .status,
    ).toBe(403);
    expect(
      (await app.request('GET', `/api/v1/canned-responses/${suporte.body.id}`, { token: sara.token })).status,
    ).toBe(404);
    expect(await count()).toBe(before);
    expect((await app.db.cannedResponse.findUnique({ where: { id: vendas.body.id } }))!.content).toBe('10% off');

    // An attendant who moves to another department no longer sees the old department's.
    await app.db.attendant.update({ where: { id: bia.id }, data: { department: 'suporte' } });
    expect(await shortcuts(bia)).toEqual(['horario', 'prazo', 'reset']);
    await app.db.attendant.update({ where: { id: bia.id }, data: { department: 'vendas' } });
  });

  test('a shortcut is unique within its scope: 409, and the same shortcut in another scope is fine', async () => {
    expect((await create(ana, { shortcut: 'boleto', title: 'a', content: 'a' })).status).toBe(201);
    const again = await create(ana, { shortcut: 'boleto', title: 'b', content: 'b' });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('shortcut_taken');
    // Another owner, a department, all: other scopes.
    expect((await create(bia, { shortcut: 'boleto', title: 'c', content: 'c' })).status).toBe(201);
    const dept = { shortcut: 'boleto', title: 'd', content: 'd', scope: 'department', department: 'vendas' };
    expect((await create(sara, dept)).status).toBe(201);
    expect((await create(root, dept)).status).toBe(409);
    expect((await create(root, { ...dept, department: 'suporte' })).status).toBe(201);
    expect((await create(root, { shortcut: 'boleto', title: 'e', content: 'e', scope: 'all' })).status).toBe(201);
    expect((await create(sara, { shortcut: 'boleto', title: 'f', content: 'f', scope: 'all' })).status).toBe(409);

    // Renaming onto a taken shortcut is a 409 too, and changes nothing.
    const other = (await create(ana, { shortcut: 'pix', title: 'Pix', content: 'Chave: ...' })).body;
    const rename = await app.request('PATCH', `/api/v1/canned-responses/${other.id}`, {
      token: ana.token,
      body: { shortcut: 'boleto' },
    });
    expect(rename.status).toBe(409);
    expect((await app.db.cannedResponse.findUnique({ where: { id: other.id } }))!.shortcut).toBe('pix');
  });

  test('bad input is a 400 naming the field, and nothing is written', async () => {
    const before = await count();
    const cases: Array<[object, string]> = [
      [{ shortcut: 'Tem Espaço', title: 't', content: 'c' }, 'body.shortcut'],
      [{ shortcut: 'a'.repeat(33), title: 't', content: 'c' }, 'body.shortcut'],
      [{ shortcut: 'ok', title: '', content: 'c' }, 'body.title'],
      [{ shortcut: 'ok', title: 't' }, 'body.content'],
      [{ shortcut: 'ok', title: 't', content: 'x'.repeat(4097) }, 'body.content'],
      [{ shortcut: 'ok', title: 't', content: 'c', scope: 'team' }, 'body.scope'],
      [{ shortcut: 'ok', title: 't', content: 'c', scope: 'department' }, 'body.department'],
      [{ shortcut: 'ok', title: 't', content: 'c', department: 'vendas' }, 'body.department'],
      [
        { shortcut: 'ok', title: 't', content: 'c', attachment: { ...PDF, dataBase64: 'não é base64' } },
        'body.attachment.dataBase64',
      ],
      [{ shortcut: 'ok', title: 't', content: 'c', extra: 1 }, 'body'],
    ];
    for (const [body, path] of cases) {
      const res = await create(root, body);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('invalid_request');
      expect(res.body.error.details.map((d: { path: string }) => d.path)).toContain(path);
    }
    const id = (await create(root, { shortcut: 'valido', title: 'Válido', content: 'ok' })).body.id as string;
    for (const [body, path] of [
      [{ shortcut: 'NÃO' }, 'body.shortcut'],
      [{ scope: 'department' }, 'body.department'],
      [{ content: '' }, 'body.content'],
      [{ content: 'Oi {{contact.nome}}' }, 'body.content'],
    ] as const) {
      const res = await app.request('PATCH', `/api/v1/canned-responses/${id}`, { token: root.token, body });
      expect(res.status).toBe(400);
      expect(res.body.error.details.map((d: { path: string }) => d.path)).toContain(path);
    }
    expect(await count()).toBe(before + 1);
    expect(await app.db.cannedResponse.findUnique({ where: { id } })).toMatchObject({
      shortcut: 'valido',
      scope: 'personal',
      content: 'ok',
    });
  });

  test('an unknown variable is a 400 naming the field and the variable', async () => {
    const before = await count();
    const res = await create(ana, { shortcut: 'var', title: 'v', content: 'Olá {{contact.name}}, {{cliente.nome}}!' });
    expect(res.status).toBe(400);
    expect(res.body.error.details[0].path).toBe('body.content');
    expect(res.body.error.message).toContain('{{cliente.nome}}');
    expect(await count()).toBe(before);
    // Every documented variable, with or without a fallback, and braces that are not variables, are fine.
    const ok = await create(ana, {
      shortcut: 'todas',
      title: 'Todas',
      content:
        '{{contact.name}} {{ contact.firstName | cliente }} {{chat.protocol}} {{attendant.name}} {{attendant.firstName}} {x} {{ }}',
    });
    expect(ok.status).toBe(201);
  });

  test('?q= finds by shortcut and title, without minding case or accents; ?scope= narrows', async () => {
    await create(caio, { shortcut: 'garantia', title: 'Política de GARANTIA', content: '1 ano' });
    await create(caio, { shortcut: 'troca', title: 'Devolução e troca', content: '7 dias' });
    const found = async (query: string) => (await list(caio, query)).map((c) => c.shortcut);
    expect(await found('?q=garan')).toEqual(['garantia']);
    expect(await found('?q=politica')).toEqual(['garantia']);
    expect(await found('?q=DEVOLU%C3%87')).toEqual(['troca']);
    expect(await found('?q=nada-disso')).toEqual([]);
    expect(await found('?scope=all')).toEqual(['boleto', 'horario']);
    const bad = await app.request('GET', '/api/v1/canned-responses?scope=team', { token: caio.token });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe('query.scope');
  });

  test('a file rides along (the reply’s attachment shape), survives the orphan sweep, and can be removed', async () => {
    const created = await create(ana, { shortcut: 'tabela', title: 'Tabela de preços', content: '', attachment: PDF });
    expect(created.status).toBe(201);
    expect(created.body.attachment).toEqual({ filename: 'tabela.pdf', mimeType: 'application/pdf', size: 16 });
    const stored = JSON.parse(
      (await app.db.cannedResponse.findUnique({ where: { id: created.body.id } }))!.attachment!,
    );
    expect(app.deps.channels.media.has(stored.sha256)).toBe(true);
    // The sweep removes files nothing names, however old: this one is named by the canned response.
    await sweepOrphanMedia(app.db, app.deps.channels.media, { olderThanMs: -60_000 });
    expect(app.deps.channels.media.has(stored.sha256)).toBe(true);

    // Without content, the file is what it sends: removing it alone is a 400.
    const bare = await app.request('PATCH', `/api/v1/canned-responses/${created.body.id}`, {
      token: ana.token,
      body: { attachment: null },
    });
    expect(bare.status).toBe(400);
    const removed = await app.request('PATCH', `/api/v1/canned-responses/${created.body.id}`, {
      token: ana.token,
      body: { attachment: null, content: 'Segue a tabela por e-mail.' },
    });
    expect(removed.status).toBe(200);
    expect(removed.body.attachment).toBeNull();
    await sweepOrphanMedia(app.db, app.deps.channels.media, { olderThanMs: -60_000 });
    expect(app.deps.channels.media.has(stored.sha256)).toBe(false);
  });

  test('a reply naming a canned response the attendant may not use is 404; bad ones are 400 (before any workflow)', async () => {
    await app.seedChats({ 'chat-canned-1': { attendantId: ana.id } }, 'Joana Cliente');
    const hers = (await create(bia, { shortcut: 'dela', title: 'Dela', content: 'de Bia' })).body;
    const res = await app.request('POST', '/api/v1/chats/chat-canned-1/messages', {
      token: ana.token,
      body: { cannedResponseId: hers.id },
    });
    expect(res.status).toBe(404);
    expect(res.body.error.message).toContain('canned response');
    const mine = (await create(ana, { shortcut: 'minha', title: 'Minha', content: 'Oi' })).body;
    const unknown = await app.request('POST', '/api/v1/chats/chat-canned-1/messages', {
      token: ana.token,
      body: { cannedResponseId: mine.id, content: 'Oi {{contact.sobrenome}}' },
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details[0].path).toBe('body.content');
    expect((await app.db.cannedResponse.findUnique({ where: { id: mine.id } }))!.usageCount).toBe(0);

    // Several long ones together would make a message longer than a reply may be.
    const long = (n: number) => create(ana, { shortcut: `longa${n}`, title: 'Longa', content: 'a'.repeat(3000) });
    const ids = [(await long(1)).body.id, (await long(2)).body.id];
    const tooLong = await app.request('POST', '/api/v1/chats/chat-canned-1/messages', {
      token: ana.token,
      body: { cannedResponseIds: ids },
    });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.error.details[0].path).toBe('body.cannedResponseIds');
  });
});

describe('a canned response sent in a chat', () => {
  const SECRET = 'canned-responses-secret-0123456789';
  const fixture = new ApiChannelFixture(SECRET);
  const stack = fixture.stack;
  let ana: { id: string; token: string };

  beforeAll(async () => {
    await fixture.setUp();
    ana = await stack.addPerson(fixture.admin, 'ana', 'attendant');
    await stack.request('PATCH', '/api/v1/attendants/' + ana.id, { token: fixture.admin, body: { name: 'Ana Souza' } });
  }, 180_000);
  afterAll(() => fixture.tearDown());

  const now = () => new Date().toISOString();
  /** A chat of `contactName` handed to people and claimed by Ana; its id, conversation and protocol. */
  async function claimedChat(contactName?: string) {
    const conversation = randomUUID();
    const data = { id: conversation, ...(contactName ? { contact: { name: contactName } } : {}) };
    const { chatId } = (await fixture.send({ type: 'NEW_CONVERSATION', timestamp: now(), data })).body;
    await fixture.send({
      type: 'NEW_MESSAGE',
      timestamp: now(),
      data: {
        id: randomUUID(),
        direction: 'RECEIVED',
        content: 'quero falar com um atendente humano',
        conversation_id: conversation,
      },
    });
    // In the queue (Ana may read it) once the hand-off is written and the chat queued.
    const chat = await waitFor(
      async () => await stack.request('GET', `/api/v1/chats/${chatId}`, { token: ana.token }),
      (res) => res.status === 200 && res.body.status === 'transferred',
    ).then((res) => res.body);
    expect((await stack.request('POST', `/api/v1/chats/${chatId}/claim`, { token: ana.token })).status).toBe(200);
    return { chatId: chatId as string, conversation, protocol: chat.protocol as string };
  }
  const toCustomer = (conversation: string, n: number) =>
    waitFor(
      () =>
        Promise.resolve(
          fixture.receiver.received.filter(
            (r) => r.body.data.conversation_id === conversation && r.body.data.sender === 'attendant',
          ),
        ),
      (found) => found.length === n,
    );
  const canned = async (body: object) => {
    const res = await stack.request('POST', '/api/v1/canned-responses', { token: ana.token, body });
    expect(res.status).toBe(201);
    return res.body.id as string;
  };

  test('its variables are resolved in what reaches the customer, and its use is counted', async () => {
    const { chatId, conversation, protocol } = await claimedChat('Joana Maria Silva');
    expect(protocol).toMatch(/^\d{14}$/);
    const id = await canned({
      shortcut: 'protocolo',
      title: 'Protocolo',
      content: 'Olá, {{contact.firstName}}! Seu protocolo é {{chat.protocol}}. {{attendant.name}}',
    });
    const sent = await stack.request('POST', `/api/v1/chats/${chatId}/messages`, {
      token: ana.token,
      body: { cannedResponseId: id },
    });
    expect(sent.status).toBe(200);
    const [delivered] = await toCustomer(conversation, 1);
    expect(delivered!.body.data.content).toBe(`Olá, Joana! Seu protocolo é ${protocol}. Ana Souza`);

    // Edited by the attendant: the edit wins, its variables resolved too, and the use still counts.
    const edited = await stack.request('POST', `/api/v1/chats/${chatId}/messages`, {
      token: ana.token,
      body: { cannedResponseId: id, content: 'Joana, anote: {{chat.protocol}}' },
    });
    expect(edited.status).toBe(200);
    expect((await toCustomer(conversation, 2))[1]!.body.data.content).toBe(`Joana, anote: ${protocol}`);

    const row = (await stack.request('GET', `/api/v1/canned-responses/${id}`, { token: ana.token })).body;
    expect(row.usageCount).toBe(2);
    expect(Date.parse(row.lastUsedAt)).toBeGreaterThan(Date.now() - 60_000);
  });

  test('a missing value renders as the fallback or nothing; several in one message are each counted, concurrently too', async () => {
    const { chatId, conversation } = await claimedChat();
    const hello = await canned({ shortcut: 'oi', title: 'Oi', content: 'Olá, {{contact.firstName|cliente}}!' });
    const name = await canned({ shortcut: 'nome', title: 'Nome', content: 'Nome: {{contact.name}}.' });
    const res = await stack.request('POST', `/api/v1/chats/${chatId}/messages`, {
      token: ana.token,
      body: { cannedResponseIds: [hello, name] },
    });
    expect(res.status).toBe(200);
    expect((await toCustomer(conversation, 1))[0]!.body.data.content).toBe('Olá, cliente!\n\nNome: .');

    // Replies at once each add one: the count is one statement per reply.
    const replies = await Promise.all(
      [1, 2, 3].map((n) =>
        stack.request('POST', `/api/v1/chats/${chatId}/messages`, {
          token: ana.token,
          body: { cannedResponseId: hello, content: `resposta ${n}` },
        }),
      ),
    );
    expect(replies.map((r) => r.status)).toEqual([200, 200, 200]);
    const counts = await fixture.db.cannedResponse.findMany({ where: { id: { in: [hello, name] } } });
    expect(Object.fromEntries(counts.map((c) => [c.shortcut, c.usageCount]))).toEqual({ oi: 4, nome: 1 });
  });

  test('a canned response’s file goes with the message', async () => {
    const { chatId, conversation } = await claimedChat('Rui');
    const id = await canned({
      shortcut: 'pdf',
      title: 'Tabela',
      content: 'Segue a tabela, {{contact.name}}.',
      attachment: PDF,
    });
    const res = await stack.request('POST', `/api/v1/chats/${chatId}/messages`, {
      token: ana.token,
      body: { cannedResponseId: id },
    });
    expect(res.status).toBe(200);
    const [delivered] = await toCustomer(conversation, 1);
    const data = delivered!.body.data as unknown as { content: string; attachment: typeof PDF };
    expect(data.content).toBe('Segue a tabela, Rui.');
    expect(data.attachment).toEqual(PDF);
  });
});

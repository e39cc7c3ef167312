import { ApiApp } from '../helpers/apiApp';
import { FakeGraphApi, type FakeTemplate } from '../fakes/graphApi';
import { PHONE_NUMBER_ID } from '../helpers/whatsappPayloads';

// GET /api/v1/channels/:id/templates against a stand-in of the Graph API:
// approved templates with their variables, cached per channel, refreshed on
// demand, Meta's errors as a 502 that never names the token, and only for
// people who may send on the channel. Also the template route's `variables`.

const ACCESS_TOKEN = 'EAAGtemplatesTestToken0123456789';
const WABA_ID = '102290129340398';
const graph = new FakeGraphApi(ACCESS_TOKEN);
let app: ApiApp;
let admin: { id: string; token: string };

const template = (name: string, status = 'APPROVED', text = 'Olá {{1}}, seu pedido {{2}} chegou.'): FakeTemplate => ({
  name,
  language: 'pt_BR',
  status,
  category: 'UTILITY',
  components: [
    { type: 'HEADER', format: 'TEXT', text: 'Pedido' },
    { type: 'BODY', text, example: { body_text: [['Maria', '4521']] } },
  ],
});

async function whatsappChannel(settings: Record<string, unknown> = { wabaId: WABA_ID }): Promise<string> {
  return app.addChannel(
    'whatsapp',
    { phoneNumberId: PHONE_NUMBER_ID, ...settings },
    { accessToken: ACCESS_TOKEN, appSecret: 'app-secret', verifyToken: 'verify' },
  );
}

beforeAll(async () => {
  await graph.start();
  app = await new ApiApp(undefined, { channelServices: { whatsappApiUrl: graph.apiUrl } }).start();
  admin = await app.as('admin');
});

afterAll(async () => {
  await app?.stop();
  await graph.stop();
});

beforeEach(() => {
  graph.calls.length = 0;
  graph.templates = [
    template('pedido_chegou'),
    template('promocao', 'PENDING'),
    template('sem_variaveis', 'APPROVED', 'Oi!'),
  ];
});

test('requires authentication', async () => {
  await app.expectAuthRequired('GET', '/api/v1/channels/any/templates');
});

test('lists the approved templates with their variables, keeps them, and refreshes on demand', async () => {
  const channelId = await whatsappChannel();
  const res = await app.request('GET', `/api/v1/channels/${channelId}/templates`, { token: admin.token });
  expect(res.status).toBe(200);
  expect(res.body.items).toEqual([
    {
      name: 'pedido_chegou',
      language: 'pt_BR',
      category: 'UTILITY',
      components: graph.templates[0]!.components,
      variables: [
        { name: '1', example: 'Maria' },
        { name: '2', example: '4521' },
      ],
    },
    expect.objectContaining({ name: 'sem_variaveis', variables: [] }),
  ]);
  const [call] = graph.templateLists();
  expect(call!.path).toBe(`/v21.0/${WABA_ID}/message_templates`);
  expect(call!.authorization).toBe(`Bearer ${ACCESS_TOKEN}`);

  // Kept: a second read asks Meta nothing, even after a template changed there.
  graph.templates.push(template('nova_mensagem'));
  const again = await app.request('GET', `/api/v1/channels/${channelId}/templates`, { token: admin.token });
  expect(again.body.items.map((t: { name: string }) => t.name)).toEqual(['pedido_chegou', 'sem_variaveis']);
  expect(graph.templateLists()).toHaveLength(1);

  const fresh = await app.request('GET', `/api/v1/channels/${channelId}/templates?refresh=true`, {
    token: admin.token,
  });
  expect(fresh.body.items.map((t: { name: string }) => t.name)).toEqual([
    'pedido_chegou',
    'sem_variaveis',
    'nova_mensagem',
  ]);
  expect(graph.templateLists()).toHaveLength(2);
});

test('reads every page of a long list', async () => {
  graph.templates = Array.from({ length: 230 }, (_, i) => template(`modelo_${i}`));
  const channelId = await whatsappChannel();
  const res = await app.request('GET', `/api/v1/channels/${channelId}/templates`, { token: admin.token });
  expect(res.body.items).toHaveLength(230);
  expect(graph.templateLists()).toHaveLength(3);
});

test("Meta's refusal is a 502 channel_unavailable that never names the token", async () => {
  const channelId = await whatsappChannel();
  graph.failNextTemplateList({
    status: 400,
    code: 190,
    message: `Error validating access token ${ACCESS_TOKEN}: Session has expired`,
  });
  const res = await app.request('GET', `/api/v1/channels/${channelId}/templates`, { token: admin.token });
  expect(res.status).toBe(502);
  expect(res.body.error.code).toBe('channel_unavailable');
  expect(res.body.error.message).toContain('190');
  expect(JSON.stringify(res.body)).not.toContain(ACCESS_TOKEN);

  graph.failNextTemplateList({ status: 500, code: 2, message: 'Service temporarily unavailable' });
  const down = await app.request('GET', `/api/v1/channels/${channelId}/templates`, { token: admin.token });
  expect(down.status).toBe(502);
  // Nothing was kept from the failures: the next read asks Meta again and lists.
  const ok = await app.request('GET', `/api/v1/channels/${channelId}/templates`, { token: admin.token });
  expect(ok.status).toBe(200);
  expect(graph.templateLists()).toHaveLength(3);
});

test('400 naming the field, 404 for an unknown channel, 409 without a business account or on another channel type', async () => {
  const channelId = await whatsappChannel();
  const bad = await app.request('GET', `/api/v1/channels/${channelId}/templates?refresh=yes`, { token: admin.token });
  expect(bad.status).toBe(400);
  expect(bad.body.error.details[0].path).toBe('query.refresh');
  expect((await app.request('GET', '/api/v1/channels/nope/templates', { token: admin.token })).status).toBe(404);

  const noWaba = await whatsappChannel({});
  const missing = await app.request('GET', `/api/v1/channels/${noWaba}/templates`, { token: admin.token });
  expect(missing.status).toBe(409);
  expect(missing.body.error.code).toBe('channel_not_configured');

  const telegram = await app.addChannel('telegram', {}, { botToken: '1:x' });
  const other = await app.request('GET', `/api/v1/channels/${telegram}/templates`, { token: admin.token });
  expect(other.status).toBe(409);
  expect(other.body.error.code).toBe('templates_unsupported');
  expect(graph.templateLists()).toHaveLength(0);
});

test("attendants list the templates of channels they may send on, not another department's", async () => {
  const vendas = await whatsappChannel({ wabaId: WABA_ID, department: 'vendas' });
  const seller = await app.as('attendant', { department: 'vendas' });
  const support = await app.as('attendant', { department: 'suporte' });
  const anyone = await app.as('attendant');
  const path = `/api/v1/channels/${vendas}/templates`;
  expect((await app.request('GET', path, { token: seller.token })).status).toBe(200);
  expect((await app.request('GET', path, { token: anyone.token })).status).toBe(200);
  expect((await app.request('GET', path, { token: support.token })).status).toBe(404);

  // A chat of the channel transferred to them makes it theirs to send on.
  const contact = await app.db.contact.create({ data: { name: 'Cliente' } });
  await app.db.chat.create({
    data: {
      id: 'chat-held-by-support',
      workflowId: 'chat-held-by-support',
      channelId: vendas,
      externalChatId: '5511999990001',
      contactId: contact.id,
      status: 'in_progress',
      attendantId: support.id,
      startedAt: new Date(),
    },
  });
  expect((await app.request('GET', path, { token: support.token })).status).toBe(200);
});

test('the template route takes variables or components, not both, and says which field', async () => {
  const res = await app.request('POST', '/api/v1/chats/any/template', {
    token: admin.token,
    body: { name: 'pedido_chegou', language: 'pt_BR', variables: ['Maria'], components: [{ type: 'body' }] },
  });
  expect(res.status).toBe(400);
  expect(res.body.error.details[0].path).toBe('body.variables');
  const empty = await app.request('POST', '/api/v1/chats/any/template', {
    token: admin.token,
    body: { name: 'pedido_chegou', language: 'pt_BR', variables: ['  '] },
  });
  expect(empty.status).toBe(400);
  expect(empty.body.error.details[0].path).toBe('body.variables.0');
});

test("a WhatsApp channel's business account id is a setting: digits, named when wrong", async () => {
  const created = await app.request('POST', '/api/v1/channels', {
    token: admin.token,
    body: {
      type: 'whatsapp',
      name: 'Loja',
      phoneNumberId: PHONE_NUMBER_ID,
      wabaId: WABA_ID,
      accessToken: ACCESS_TOKEN,
      appSecret: 'app-secret',
      verifyToken: 'verify',
    },
  });
  expect(created.status).toBe(201);
  expect(created.body.wabaId).toBe(WABA_ID);
  const bad = await app.request('PATCH', `/api/v1/channels/${created.body.id}`, {
    token: admin.token,
    body: { wabaId: 'conta-da-loja' },
  });
  expect(bad.status).toBe(400);
  expect(bad.body.error.details[0].path).toBe('body.wabaId');
  const stored = await app.db.channel.findUniqueOrThrow({ where: { id: created.body.id } });
  expect(JSON.parse(stored.settings).wabaId).toBe(WABA_ID);
});

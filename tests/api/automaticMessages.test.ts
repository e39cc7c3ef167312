import { ApiApp } from '../helpers/apiApp';
import { HANDOFF_MESSAGES } from '../../workflows/botPolicy';

const app = new ApiApp();
let admin: { token: string };
let supervisor: { token: string };
let attendant: { token: string };
let channelId: string;
beforeAll(async () => {
  await app.start();
  admin = await app.as('admin');
  supervisor = await app.as('supervisor');
  attendant = await app.as('attendant');
  channelId = await app.addChannel('api');
});
afterAll(() => app.stop());

const texts = () => ({
  default: {
    'pt-BR': {
      handoff: 'Já chamo alguém, {{contact.firstName|cliente}}!',
      handoffOutOfHours: 'Estamos fechados. Voltamos {{nextOpening}}.',
      queuePosition: 'Você é o {{position}}º da fila.',
    },
    en: { handoff: 'Someone will be with you shortly.' },
  },
  channels: { [channelId]: { 'pt-BR': { handoff: 'Canal API: aguarde.' } } },
});

describe('GET|PUT /api/v1/automatic-messages', () => {
  test('requires authentication', async () => {
    await app.expectAuthRequired('GET', '/api/v1/automatic-messages');
    await app.expectAuthRequired('PUT', '/api/v1/automatic-messages', texts());
    await app.expectAuthRequired('POST', '/api/v1/automatic-messages/preview', { key: 'handoff' });
  });

  test('attendants may not read; only admins write', async () => {
    expect((await app.request('GET', '/api/v1/automatic-messages', { token: attendant.token })).status).toBe(403);
    expect(
      (await app.request('PUT', '/api/v1/automatic-messages', { token: supervisor.token, body: texts() })).status,
    ).toBe(403);
    expect(await app.db.setting.count()).toBe(0);
  });

  test.each([
    ['an unknown variable', { default: { 'pt-BR': { handoff: 'Olá {{contact.cpf}}' } } }, 'body.default.pt-BR.handoff'],
    [
      'a variable of another key',
      { default: { en: { handoff: 'You are number {{position}}' } } },
      'body.default.en.handoff',
    ],
    ['an unknown key', { default: { 'pt-BR': { goodbye: 'Tchau' } } }, 'body.default.pt-BR'],
    ['an unknown locale', { default: { es: { handoff: 'Hola' } } }, 'body.default'],
    ['a blank text', { default: { 'pt-BR': { resolved: '  ' } } }, 'body.default.pt-BR.resolved'],
    [
      'an unknown channel',
      { channels: { 'no-such-channel': { en: { handoff: 'Hi' } } } },
      'body.channels.no-such-channel',
    ],
  ])('%s → 400 naming the field, nothing written', async (_case, body, field) => {
    const res = await app.request('PUT', '/api/v1/automatic-messages', { token: admin.token, body });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_request');
    expect(res.body.error.message.startsWith(field)).toBe(true);
    expect(await app.db.setting.count()).toBe(0);
  });

  test('never set: nothing set, the built-in texts (today’s) and each key’s variables', async () => {
    const res = await app.request('GET', '/api/v1/automatic-messages', { token: supervisor.token });
    expect(res.status).toBe(200);
    expect(res.body.default).toEqual({});
    expect(res.body.channels).toEqual({});
    expect(res.body.builtIn['pt-BR'].handoff).toBe(HANDOFF_MESSAGES.pt);
    expect(res.body.builtIn.en.handoff).toBe(HANDOFF_MESSAGES.en);
    expect(res.body.variables.handoffOutOfHours).toContain('nextOpening');
    expect(res.body.variables.queuePosition).toEqual(['position']);
  });

  test('round trip: an admin sets the texts, a supervisor reads them back (GET’s extras may be sent back)', async () => {
    const put = await app.request('PUT', '/api/v1/automatic-messages', { token: admin.token, body: texts() });
    expect(put.status).toBe(200);
    const got = await app.request('GET', '/api/v1/automatic-messages', { token: supervisor.token });
    expect({ default: got.body.default, channels: got.body.channels }).toEqual(texts());
    const again = await app.request('PUT', '/api/v1/automatic-messages', { token: admin.token, body: got.body });
    expect(again.status).toBe(200);
    expect(again.body.default).toEqual(texts().default);
  });

  describe('POST /api/v1/automatic-messages/preview', () => {
    const preview = (body: object, token = supervisor.token) =>
      app.request('POST', '/api/v1/automatic-messages/preview', { token, body });

    test('renders the text in force with example values: the channel’s, the company’s, the built-in one', async () => {
      await app.request('PUT', '/api/v1/automatic-messages', { token: admin.token, body: texts() });
      expect((await preview({ key: 'handoff', locale: 'pt-BR' })).body.text).toBe('Já chamo alguém, Maria!');
      expect((await preview({ key: 'handoff', channelId })).body.text).toBe('Canal API: aguarde.');
      expect((await preview({ key: 'queuePosition' })).body.text).toBe('Você é o 3º da fila.');
      expect((await preview({ key: 'protocol', locale: 'en' })).body.text).toBe('Your ticket number: 20260904-000123');
      expect((await preview({ key: 'greeting' })).body.text).toBeNull();
    });

    test('renders a draft text with given variables', async () => {
      const res = await preview({
        key: 'handoffOutOfHours',
        locale: 'pt-BR',
        text: 'Oi {{contact.firstName}}, voltamos {{nextOpening}}.',
        variables: { nextOpening: 'terça-feira às 08:00' },
      });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        key: 'handoffOutOfHours',
        locale: 'pt-BR',
        text: 'Oi Maria, voltamos terça-feira às 08:00.',
        variables: ['nextOpening', 'contact.name', 'contact.firstName', 'protocol'],
      });
    });

    test('nextOpening comes from the business calendar when it is closed now', async () => {
      // A calendar with no slot: closed now and never opens, so the example value stays.
      const never = { timezone: 'America/Sao_Paulo', weekly: { mon: [] } };
      await app.request('PUT', '/api/v1/business-hours', { token: admin.token, body: never });
      expect((await preview({ key: 'handoffOutOfHours', text: '{{nextOpening}}' })).body.text).toBe(
        'segunda-feira às 08:00',
      );
      // Open one minute a day, every day: the phrase is "hoje"/"amanhã" at 23:59 or "agora".
      const tiny = {
        timezone: 'America/Sao_Paulo',
        weekly: Object.fromEntries(
          ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [{ start: '23:58', end: '23:59' }]]),
        ),
      };
      await app.request('PUT', '/api/v1/business-hours', { token: admin.token, body: tiny });
      const text = (await preview({ key: 'handoffOutOfHours', text: '{{nextOpening}}' })).body.text;
      expect(['hoje às 23:58', 'amanhã às 23:58', 'agora']).toContain(text);
      await app.db.setting.delete({ where: { key: 'business-hours' } });
    });

    test.each([
      [{ key: 'farewell' }, 'body.key'],
      [{ key: 'handoff', locale: 'fr' }, 'body.locale'],
      [{ key: 'handoff', text: '{{position}}' }, 'body.text'],
      [{ key: 'csatThanks', variables: { nextOpening: 'x' } }, 'body.variables.nextOpening'],
    ])('%j → 400 naming %s', async (body, field) => {
      const res = await preview(body);
      expect(res.status).toBe(400);
      expect(res.body.error.message.startsWith(field)).toBe(true);
    });

    test('attendants may not preview', async () => {
      expect((await preview({ key: 'handoff' }, attendant.token)).status).toBe(403);
    });
  });
});

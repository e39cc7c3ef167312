import http from 'node:http';
import { randomBytes } from 'node:crypto';
import { hashPassword } from '../../src/auth/passwords';
import { loadConfig } from '../../src/config/env';
import { logger } from '../../src/logger';
import { codecAccessOf, keyringOf } from '../../src/runtime';
import { codecApp } from '../../src/temporal/codecServer';
import { ENCRYPTED_ENCODING, EncryptionCodec } from '../../src/temporal/encryptionCodec';
import { ApiApp } from '../helpers/apiApp';
import { freePort } from '../helpers/stack';

// Who may have the codec endpoint decrypt chats: in production only an active
// supervisor or admin with an Atende access token (checked as the API checks
// it: the API's own login and revocation make the tokens here), and only under
// the endpoint's own Host names; in development the embedded UI's origin, with
// the Host still checked.

const api = new ApiApp();
const KEYS = `k1:${randomBytes(32).toString('base64')}`;
const UI_ORIGIN = 'http://127.0.0.1:8233';
const servers: http.Server[] = [];
let production: { port: number; codec: EncryptionCodec };
let development: { port: number; codec: EncryptionCodec };

async function serve(env: Record<string, string>, withDb: boolean) {
  const port = await freePort();
  const config = loadConfig({ DATA_DIR: api.database.dir, ENCRYPTION_KEYS: KEYS, CODEC_PORT: String(port), ...env });
  const codec = new EncryptionCodec(keyringOf(config));
  const server = http.createServer(codecApp(codec, codecAccessOf(config, withDb ? api.db : null), logger).callback());
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  servers.push(server);
  return { port, codec };
}

beforeAll(async () => {
  await api.start();
  production = await serve(
    // The JWT secret of the ApiApp: the API's tokens are the ones checked here.
    { NODE_ENV: 'production', JWT_SECRET: 't'.repeat(32), DATABASE_URL: api.database.url },
    true,
  );
  development = await serve({ NODE_ENV: 'development' }, false);
});
afterAll(async () => {
  for (const server of servers) await new Promise((resolve) => server.close(resolve));
  await api.stop();
});

/** A POST over plain node:http, so the Host header is exactly what a browser (or an attacker) sends. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;
function post(
  port: number,
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Json }> {
  return new Promise((resolve, reject) => {
    const raw = JSON.stringify(body);
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        path,
        method: 'POST',
        headers: { host: `127.0.0.1:${port}`, 'content-type': 'application/json', origin: UI_ORIGIN, ...headers },
      },
      (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () =>
          resolve({ status: res.statusCode!, headers: res.headers, body: text ? JSON.parse(text) : null }),
        );
      },
    );
    req.on('error', reject);
    req.end(raw);
  });
}

/** One encrypted payload as the Web UI posts it, holding a contact's name. */
async function encryptedBatch(codec: EncryptionCodec) {
  const [payload] = await codec.encode([
    {
      metadata: { encoding: new TextEncoder().encode('json/plain') },
      data: new TextEncoder().encode('{"name":"Maria Sigilo"}'),
    },
  ]);
  const base64 = (b: Uint8Array) => Buffer.from(b).toString('base64');
  return {
    payloads: [
      {
        metadata: Object.fromEntries(Object.entries(payload!.metadata!).map(([k, v]) => [k, base64(v)])),
        data: base64(payload!.data!),
      },
    ],
  };
}
const decodedText = (body: { payloads: Array<{ data: string }> }) =>
  Buffer.from(body.payloads[0]!.data, 'base64').toString();
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe('in production', () => {
  test('no token is a 401, and decrypts nothing', async () => {
    const res = await post(production.port, '/decode', await encryptedBatch(production.codec));
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('unauthorized');
    expect(JSON.stringify(res.body)).not.toContain('Maria');
  });

  test('a forged or non-Atende bearer token is a 401', async () => {
    const { token } = await api.as('supervisor');
    for (const forged of [token.slice(0, -4) + 'AAAA', 'an-oidc-token-of-another-provider']) {
      expect(
        (await post(production.port, '/decode', await encryptedBatch(production.codec), bearer(forged))).status,
      ).toBe(401);
    }
  });

  test("an attendant's token is a 403", async () => {
    const { token } = await api.as('attendant');
    const res = await post(production.port, '/decode', await encryptedBatch(production.codec), bearer(token));
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('forbidden');
  });

  test.each(['supervisor', 'admin'] as const)("a %s's token decodes", async (role) => {
    const { token } = await api.as(role);
    const res = await post(production.port, '/decode', await encryptedBatch(production.codec), bearer(token));
    expect(res.status).toBe(200);
    expect(res.headers['access-control-allow-origin']).toBe(UI_ORIGIN);
    expect(Buffer.from(res.body.payloads[0].metadata.encoding, 'base64').toString()).toBe('json/plain');
    expect(decodedText(res.body)).toBe('{"name":"Maria Sigilo"}');
  });

  test("an inactive supervisor's token is a 401", async () => {
    const { token } = await api.as('supervisor', { active: false });
    expect((await post(production.port, '/decode', await encryptedBatch(production.codec), bearer(token))).status).toBe(
      401,
    );
  });

  test('a token issued before a password change is a 401; the new login decodes', async () => {
    const password = 'a-long-right-password-1';
    const email = `codec-supervisor-${Date.now()}@example.com`;
    const row = await api.db.attendant.create({
      data: { name: 'S', email, passwordHash: await hashPassword(password), role: 'supervisor' },
    });
    const login = await api.request('POST', '/api/v1/auth/login', { body: { email, password } });
    expect(login.status).toBe(200);
    const before = login.body.accessToken as string;
    expect(
      (await post(production.port, '/decode', await encryptedBatch(production.codec), bearer(before))).status,
    ).toBe(200);

    const admin = await api.as('admin');
    const changed = await api.request('PATCH', `/api/v1/attendants/${row.id}`, {
      token: admin.token,
      body: { password: 'another-long-password-2' },
    });
    expect(changed.status).toBe(200);
    expect(
      (await post(production.port, '/decode', await encryptedBatch(production.codec), bearer(before))).status,
    ).toBe(401);
    const again = await api.request('POST', '/api/v1/auth/login', {
      body: { email, password: 'another-long-password-2' },
    });
    expect(
      (await post(production.port, '/decode', await encryptedBatch(production.codec), bearer(again.body.accessToken)))
        .status,
    ).toBe(200);
  });

  test('/encode needs the same credentials', async () => {
    const plain = { payloads: [{ metadata: { encoding: Buffer.from('json/plain').toString('base64') }, data: '' }] };
    expect((await post(production.port, '/encode', plain)).status).toBe(401);
    const { token } = await api.as('attendant');
    expect((await post(production.port, '/encode', plain, bearer(token))).status).toBe(403);
    const supervisor = await api.as('supervisor');
    const res = await post(production.port, '/encode', plain, bearer(supervisor.token));
    expect(res.status).toBe(200);
    expect(Buffer.from(res.body.payloads[0].metadata.encoding, 'base64').toString()).toBe(ENCRYPTED_ENCODING);
  });

  test('a foreign Host is refused, even with a valid token (DNS rebinding)', async () => {
    const { token } = await api.as('admin');
    for (const host of ['attacker.example', `attacker.example:${production.port}`, `127.0.0.2:${production.port}`]) {
      const res = await post(production.port, '/decode', await encryptedBatch(production.codec), {
        host,
        ...bearer(token),
      });
      expect({ host, status: res.status, code: res.body.error.code }).toEqual({
        host,
        status: 421,
        code: 'host_not_allowed',
      });
    }
    // Its own names, with its port, are answered.
    for (const host of [`localhost:${production.port}`, `[::1]:${production.port}`]) {
      expect(
        (await post(production.port, '/decode', await encryptedBatch(production.codec), { host, ...bearer(token) }))
          .status,
      ).toBe(200);
    }
  });
});

describe('in development', () => {
  test("the embedded UI's origin decodes without a token", async () => {
    const res = await post(development.port, '/decode', await encryptedBatch(development.codec));
    expect(res.status).toBe(200);
    expect(res.headers['access-control-allow-origin']).toBe(UI_ORIGIN);
    expect(decodedText(res.body)).toBe('{"name":"Maria Sigilo"}');
  });

  test('a foreign Host is still refused', async () => {
    const res = await post(development.port, '/decode', await encryptedBatch(development.codec), {
      host: `rebound.attacker.example:${development.port}`,
    });
    expect(res.status).toBe(421);
    expect(JSON.stringify(res.body)).not.toContain('Maria');
  });
});

import path from 'node:path';
import { ConfigError, loadConfig } from '../../src/config/env';
import { msToNumber } from '@temporalio/common/lib/time';
import { chatSettings } from '../../src/config/chatSettings';
import { codecAccessOf } from '../../src/runtime';

const KEY = Buffer.alloc(32, 1).toString('base64');
const KEY2 = Buffer.alloc(32, 2).toString('base64');

test('defaults follow the configuration table of docs/api.md', () => {
  const config = loadConfig({});
  expect(config).toMatchObject({
    PORT: 3000,
    HOST: '127.0.0.1',
    TEMPORAL_PORT: 7233,
    TEMPORAL_UI_PORT: 8233,
    TEMPORAL_NAMESPACE: 'default',
    TEMPORAL_TASK_QUEUE: 'chats',
    DATA_DIR: path.resolve('data'),
    DATABASE_URL: `file:${path.resolve('data', 'atende.db')}`,
  });
  expect(config.TEMPORAL_ADDRESS).toBeUndefined();
});

test('the bot classifies with keywords and resolves dates in São Paulo by default', () => {
  const config = loadConfig({});
  expect(config).toMatchObject({
    BOT_LLM_MODEL: 'gpt-4o-mini',
    BOT_LLM_TIMEOUT_MS: 5000,
    BOT_TIMEZONE: 'America/Sao_Paulo',
  });
  expect(config.BOT_LLM_URL).toBeUndefined();
  expect(config.BOT_LLM_API_KEY).toBeUndefined();
});

test('the LLM classifier and the time zone can be configured', () => {
  expect(
    loadConfig({
      BOT_LLM_URL: 'http://localhost:11434/v1',
      BOT_LLM_API_KEY: 'sk-anything',
      BOT_LLM_MODEL: 'llama3.1',
      BOT_LLM_TIMEOUT_MS: '1500',
      BOT_TIMEZONE: 'Europe/Lisbon',
    }),
  ).toMatchObject({
    BOT_LLM_URL: 'http://localhost:11434/v1',
    BOT_LLM_API_KEY: 'sk-anything',
    BOT_LLM_MODEL: 'llama3.1',
    BOT_LLM_TIMEOUT_MS: 1500,
    BOT_TIMEZONE: 'Europe/Lisbon',
  });
  expect(loadConfig({ BOT_LLM_URL: 'https://api.openai.com/v1' }).BOT_LLM_URL).toBe('https://api.openai.com/v1');
});

test('configuration errors do not echo values: a key pasted into BOT_LLM_URL stays secret', () => {
  const secret = 'sk-proj-0123456789abcdef';
  let message = '';
  try {
    loadConfig({ BOT_LLM_URL: secret, BOT_LLM_API_KEY: secret });
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    message = (err as Error).message;
  }
  expect(message).toMatch(/BOT_LLM_URL:/);
  expect(message).not.toContain(secret);
});

test.each([
  ['PORT', 'abc'],
  ['PORT', '70000'],
  ['TEMPORAL_PORT', '-1'],
  ['TEMPORAL_UI_PORT', '1.5'],
  ['TEMPORAL_ADDRESS', 'no-port'],
  ['TEMPORAL_NAMESPACE', 'has space'],
  ['ADMIN_EMAIL', 'not-an-email'],
  ['JWT_SECRET', 'too-short'],
  ['DATABASE_URL', 'mysql://localhost/x'],
  ['CHAT_INACTIVITY_TIMEOUT', 'forever'],
  ['BOT_LLM_URL', 'not a url'],
  ['BOT_LLM_URL', 'ftp://example.com/v1'],
  ['BOT_LLM_MODEL', '   '],
  ['BOT_LLM_TIMEOUT_MS', 'soon'],
  ['BOT_LLM_TIMEOUT_MS', '50'],
  ['BOT_LLM_TIMEOUT_MS', '60001'],
  ['BOT_LLM_TIMEOUT_MS', '250.5'],
  ['BOT_TIMEZONE', 'Mars/Olympus_Mons'],
  ['BOT_TIMEZONE', 'GMT+25'],
  ['ENCRYPTION_KEYS', 'no-colon'],
  ['ENCRYPTION_KEYS', `k1:${Buffer.alloc(16).toString('base64')}`],
  ['ENCRYPTION_KEYS', `k1:${KEY},k1:${KEY}`],
  ['ENCRYPTION_KEYS', `bad id!:${KEY}`],
  ['TRUST_PROXY', 'true'],
  ['TRUST_PROXY', '-1'],
  ['TRUST_PROXY', '1.5'],
  ['TRUST_PROXY', '21'],
  ['TRUST_PROXY', '10.0.0.0/33'],
  ['TRUST_PROXY', '10.0.0.1, proxy.example.com'],
  ['TRUST_PROXY', ' , '],
])('a bad %s stops start-up with a message naming it', (name, value) => {
  expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
  expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(`^Invalid configuration:\\n  ${name}:`));
});

test('TRUST_PROXY: unset trusts no proxy; a number of hops or a list of addresses and CIDRs', () => {
  expect(loadConfig({}).TRUST_PROXY).toBeUndefined();
  expect(loadConfig({ TRUST_PROXY: '2' }).TRUST_PROXY).toBe(2);
  expect(loadConfig({ TRUST_PROXY: '0' }).TRUST_PROXY).toBe(0);
  expect(loadConfig({ TRUST_PROXY: ' 10.0.0.0/8, 192.168.1.7 ,::1,loopback' }).TRUST_PROXY).toEqual([
    '10.0.0.0/8',
    '192.168.1.7',
    '::1',
    'loopback',
  ]);
});

test('production requires JWT_SECRET and ENCRYPTION_KEYS', () => {
  expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(
    /JWT_SECRET: required in production\n {2}ENCRYPTION_KEYS: required in production/,
  );
  const config = loadConfig({
    NODE_ENV: 'production',
    JWT_SECRET: 'j'.repeat(32),
    ENCRYPTION_KEYS: `new:${KEY}, old:${KEY2}`,
  });
  expect(config.ENCRYPTION_KEYS?.map((k) => k.id)).toEqual(['new', 'old']);
});

test('a bot turn may take as long as the LLM classifier is allowed to, and more', () => {
  expect(chatSettings(loadConfig({})).botTurnTimeout).toBe('30 seconds');
  const slowLlm = chatSettings(loadConfig({ BOT_LLM_URL: 'http://localhost:11434/v1', BOT_LLM_TIMEOUT_MS: '60000' }));
  expect(msToNumber(slowLlm.botTurnTimeout)).toBeGreaterThan(60_000);
});

test("the codec endpoint's Host names: the loopback names and HOST by default, or CODEC_ALLOWED_HOSTS", () => {
  expect(codecAccessOf(loadConfig({}), null).allowedHosts).toEqual(['127.0.0.1:8234', 'localhost:8234', '[::1]:8234']);
  // A wildcard HOST is no name a browser uses; a real one joins the list.
  expect(codecAccessOf(loadConfig({ HOST: '0.0.0.0', CODEC_PORT: '9000' }), null).allowedHosts).toEqual([
    '127.0.0.1:9000',
    'localhost:9000',
    '[::1]:9000',
  ]);
  expect(codecAccessOf(loadConfig({ HOST: '10.0.0.5' }), null).allowedHosts).toContain('10.0.0.5:8234');
  const listed = loadConfig({ CODEC_ALLOWED_HOSTS: ' Codec.Example.com:443 , codec.internal ' });
  expect(codecAccessOf(listed, null).allowedHosts).toEqual(['codec.example.com:443', 'codec.internal']);
  for (const bad of ['http://codec.example', 'codec.example/path', ',', 'a b'])
    expect(() => loadConfig({ CODEC_ALLOWED_HOSTS: bad })).toThrow(/CODEC_ALLOWED_HOSTS/);
  // Production checks credentials, so it needs the database.
  const production = loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'j'.repeat(32), ENCRYPTION_KEYS: `k:${KEY}` });
  expect(() => codecAccessOf(production, null)).toThrow(/database/);
});

test('API_TOKEN_RATE_LIMIT is "<n>/<second|minute|hour>" (600/minute by default); REQUIRE_ADMIN_2FA is off by default', () => {
  expect(loadConfig({})).toMatchObject({
    API_TOKEN_RATE_LIMIT: { points: 600, duration: 60 },
    REQUIRE_ADMIN_2FA: false,
  });
  expect(loadConfig({ API_TOKEN_RATE_LIMIT: '20/second', REQUIRE_ADMIN_2FA: 'true' })).toMatchObject({
    API_TOKEN_RATE_LIMIT: { points: 20, duration: 1 },
    REQUIRE_ADMIN_2FA: true,
  });
  expect(loadConfig({ API_TOKEN_RATE_LIMIT: '5000 / hour' }).API_TOKEN_RATE_LIMIT).toEqual({
    points: 5000,
    duration: 3600,
  });
  for (const bad of ['600', '0/minute', 'many/minute', '10/day'])
    expect(() => loadConfig({ API_TOKEN_RATE_LIMIT: bad })).toThrow(/API_TOKEN_RATE_LIMIT/);
  expect(() => loadConfig({ REQUIRE_ADMIN_2FA: 'maybe' })).toThrow(/REQUIRE_ADMIN_2FA/);
});

import path from 'node:path';
import { ConfigError, loadConfig } from '../../src/config/env';

test('defaults follow the configuration table of API.md', () => {
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

test('DATA_DIR moves the default database', () => {
  expect(loadConfig({ DATA_DIR: '/tmp/x' }).DATABASE_URL).toBe('file:/tmp/x/atende.db');
});

test.each([
  ['PORT', 'abc'],
  ['PORT', '70000'],
  ['TEMPORAL_PORT', '-1'],
  ['TEMPORAL_UI_PORT', '1.5'],
  ['TEMPORAL_ADDRESS', 'no-port'],
  ['TEMPORAL_NAMESPACE', 'has space'],
  ['ADMIN_EMAIL', 'not-an-email'],
  ['ADMIN_PASSWORD', 'short'],
  ['JWT_SECRET', 'too-short'],
  ['DATABASE_URL', 'mysql://localhost/x'],
  ['CHAT_INACTIVITY_TIMEOUT', 'forever'],
])('a bad %s stops start-up with a message naming it', (name, value) => {
  expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
  expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(`^Invalid configuration:\\n  ${name}:`));
});

test('production requires JWT_SECRET', () => {
  expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/JWT_SECRET: required in production/);
});

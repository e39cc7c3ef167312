import { ChannelSecrets } from '../../src/channels/channelSecrets';
import { resealChannelSecrets } from '../../src/channels/resealSecrets';
import { resealWebhookSecrets } from '../../src/webhooks/resealSecrets';
import { Keyring } from '../../src/crypto/keyring';
import { createTestDatabase } from '../helpers/database';

// Channel credentials at rest: sealed value by value, readable under any
// listed key, rewritten under the current key at start (rotation).

const OLD = { id: 'old', key: Buffer.alloc(32, 1) };
const NEW = { id: 'new', key: Buffer.alloc(32, 2) };
const credentials = { secret: 'an-hmac-secret-0123456789', botToken: '123456:AAabc', nested: { n: 1 } };

test('sealed values hide the secret, keep the field names, and open to what was written', () => {
  const secrets = new ChannelSecrets(new Keyring([OLD]));
  const sealed = secrets.seal(credentials);
  expect(Object.keys(sealed)).toEqual(['secret', 'botToken', 'nested']);
  expect(JSON.stringify(sealed)).not.toMatch(/hmac|AAabc/);
  expect(sealed.secret).toMatch(/^enc:v1:old:/);
  // A fresh IV each time: the same secret never seals to the same text.
  expect(secrets.seal(credentials).secret).not.toBe(sealed.secret);
  expect(secrets.open(sealed)).toEqual(credentials);
  // Written before encryption existed: read as it is.
  expect(secrets.open({ secret: 'plain' })).toEqual({ secret: 'plain' });
});

test('a changed byte fails to open; a key no longer listed is named', () => {
  const secrets = new ChannelSecrets(new Keyring([OLD]));
  const sealed = secrets.seal({ secret: 'abc' }).secret!;
  const bytes = Buffer.from(sealed.split(':')[3]!, 'base64');
  bytes[14]! ^= 1;
  expect(() => secrets.open({ secret: `enc:v1:old:${bytes.toString('base64')}` })).toThrow();
  expect(() => new ChannelSecrets(new Keyring([NEW])).open({ secret: sealed })).toThrow(
    /no encryption key with id "old"/,
  );
});

test('at start, rows in clear or under an old key are rewritten under the current one', async () => {
  const { db, cleanup } = await createTestDatabase();
  try {
    const before = new ChannelSecrets(new Keyring([OLD]));
    const plain = await db.channel.create({
      data: { type: 'api', name: 'plain', credentials: JSON.stringify({ secret: 'clear-secret-0123456' }) },
    });
    const old = await db.channel.create({
      data: { type: 'api', name: 'old', credentials: JSON.stringify(before.seal({ secret: 'old-secret-0123456' })) },
    });
    const rotated = new ChannelSecrets(new Keyring([NEW, OLD]));
    expect(await resealChannelSecrets(db, rotated)).toBe(2);
    expect(await resealChannelSecrets(db, rotated)).toBe(0);
    const stored = async (id: string) =>
      JSON.parse((await db.channel.findUniqueOrThrow({ where: { id } })).credentials) as Record<string, string>;
    expect((await stored(plain.id)).secret).toMatch(/^enc:v1:new:/);
    expect((await stored(old.id)).secret).toMatch(/^enc:v1:new:/);
    // Now the old key can go.
    const onlyNew = new ChannelSecrets(new Keyring([NEW]));
    expect(onlyNew.open(await stored(plain.id))).toEqual({ secret: 'clear-secret-0123456' });
    expect(onlyNew.open(await stored(old.id))).toEqual({ secret: 'old-secret-0123456' });
  } finally {
    await cleanup();
  }
});

test("webhook subscriptions' secrets are resealed under the current key at start too", async () => {
  const { db, cleanup } = await createTestDatabase();
  try {
    const before = new ChannelSecrets(new Keyring([OLD]));
    const hook = await db.webhook.create({
      data: {
        url: 'https://8.8.8.8/h',
        events: '["*"]',
        secret: before.seal({ secret: 'hook-secret-0123456' }).secret!,
      },
    });
    const rotated = new ChannelSecrets(new Keyring([NEW, OLD]));
    expect(await resealWebhookSecrets(db, rotated)).toBe(1);
    expect(await resealWebhookSecrets(db, rotated)).toBe(0);
    const stored = (await db.webhook.findUniqueOrThrow({ where: { id: hook.id } })).secret;
    expect(stored).toMatch(/^enc:v1:new:/);
    expect(new ChannelSecrets(new Keyring([NEW])).open({ secret: stored })).toEqual({ secret: 'hook-secret-0123456' });
  } finally {
    await cleanup();
  }
});

import { ChatWorkflowIds } from '../../src/chats/workflowIds';
import { deriveSubkey, Keyring } from '../../src/crypto/keyring';

const KEY = { id: 'k1', key: Buffer.alloc(32, 1) };
const ROTATED = { id: 'k2', key: Buffer.alloc(32, 2) };
const PHONE = '5511987654321';

test("a chat's workflow id is opaque: neither the phone nor any run of its digits", () => {
  const id = new ChatWorkflowIds(new Keyring([KEY])).of('chan-1', PHONE);
  expect(id).toMatch(/^chat-chan-1-[a-z2-7]{32}$/);
  const key = id.slice('chat-chan-1-'.length);
  for (let i = 0; i + 4 <= PHONE.length; i++) expect(key).not.toContain(PHONE.slice(i, i + 4));
});

test('the same conversation maps to the same id in every process with the same keys; others do not', () => {
  const a = new ChatWorkflowIds(new Keyring([KEY]));
  const b = new ChatWorkflowIds(new Keyring([{ id: 'k1', key: Buffer.from(KEY.key) }]));
  expect(b.of('chan-1', PHONE)).toBe(a.of('chan-1', PHONE));
  expect(a.of('chan-1', '5511987654322')).not.toBe(a.of('chan-1', PHONE));
  expect(a.of('chan-2', PHONE).replace('chan-2', '')).not.toBe(a.of('chan-1', PHONE).replace('chan-1', ''));
  // Another deployment (another key) cannot tell which conversation an id is.
  expect(new ChatWorkflowIds(new Keyring([ROTATED])).of('chan-1', PHONE)).not.toBe(a.of('chan-1', PHONE));
});

test('the id is keyed with a subkey derived from the encryption key, never the key itself', () => {
  const subkey = deriveSubkey(KEY, 'chat-workflow-id/v1');
  expect(subkey).toHaveLength(32);
  expect(subkey.equals(KEY.key)).toBe(false);
  // Another purpose's subkey of the same key is another key.
  expect(deriveSubkey(KEY, 'another-purpose').equals(subkey)).toBe(false);
});

test('earlier forms: the ids under older keys still listed, then the id in clear of chats opened before', () => {
  const ids = new ChatWorkflowIds(new Keyring([ROTATED, KEY]));
  expect(ids.earlier('chan-1', PHONE)).toEqual([
    new ChatWorkflowIds(new Keyring([KEY])).of('chan-1', PHONE),
    `chat-chan-1-${PHONE}`,
  ]);
});

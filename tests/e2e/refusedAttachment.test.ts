import { createHash, randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ApiChannelFixture } from '../helpers/apiChannelFixture';
import { waitFor } from '../helpers/wait';

// A reply with a file that the chat's own workflow refuses (the API's check
// passed on a read model that was behind) leaves no file behind; an accepted
// one keeps it. The whole product, as `npm start` runs it.

const SECRET = 'refused-attachment-secret-0123456789';
const fixture = new ApiChannelFixture(SECRET);
const stack = fixture.stack;
const people: Record<'ana' | 'bia', { id: string; token: string }> = {} as never;
const now = () => new Date().toISOString();
const files = () => {
  const dir = path.join(stack.dataDir, 'media');
  return fs.existsSync(dir) ? fs.readdirSync(dir) : [];
};

beforeAll(async () => {
  await fixture.setUp();
  for (const name of ['ana', 'bia'] as const)
    people[name] = await stack.addPerson(fixture.admin, name, 'attendant', 'vendas');
}, 240_000);

afterAll(() => fixture.tearDown());

/** A chat handed off to a person, sent to vendas' queue and claimed by Ana. */
async function heldByAna(): Promise<string> {
  const conversation = randomUUID();
  const send = (event: unknown) => stack.webhook(fixture.channelId, SECRET, event);
  const { chatId } = (await send({ type: 'NEW_CONVERSATION', timestamp: now(), data: { id: conversation } })).body;
  await send({
    type: 'NEW_MESSAGE',
    timestamp: now(),
    data: {
      id: randomUUID(),
      direction: 'RECEIVED',
      content: 'quero falar com um atendente humano',
      conversation_id: conversation,
    },
  });
  await waitFor(
    async () => (await stack.request('GET', `/api/v1/chats/${chatId}`, { token: fixture.admin })).body,
    (c) => c.status === 'transferred' && c.messages?.length === 2,
  );
  const to = await stack.request('POST', `/api/v1/chats/${chatId}/transfer`, {
    token: fixture.admin,
    body: { department: 'vendas' },
  });
  expect(to.status).toBe(200);
  await waitFor(
    async () => (await stack.request('GET', '/api/v1/queue?department=vendas', { token: fixture.admin })).body.items,
    (items: Array<{ chatId: string }>) => items.some((i) => i.chatId === chatId),
  );
  expect((await stack.request('POST', `/api/v1/chats/${chatId}/claim`, { token: people.ana.token })).status).toBe(200);
  return chatId;
}

test("a file the chat's workflow refuses is not kept; the same file accepted from its holder is", async () => {
  const chatId = await heldByAna();
  const data = randomBytes(1024 * 1024);
  const sha256 = createHash('sha256').update(data).digest('hex');
  const body = {
    content: 'segue',
    attachment: { filename: 'fatura.pdf', mimeType: 'application/pdf', dataBase64: data.toString('base64') },
  };

  // The read model says Bia holds it (as if behind): the API lets her through, the workflow does not.
  await fixture.db.chat.update({ where: { id: chatId }, data: { attendantId: people.bia.id } });
  const refused = await stack.request('POST', `/api/v1/chats/${chatId}/messages`, { token: people.bia.token, body });
  await fixture.db.chat.update({ where: { id: chatId }, data: { attendantId: people.ana.id } });
  expect(refused.status).toBe(409);
  expect(refused.body.error.code).toBe('not_assignee');
  expect(files()).not.toContain(sha256);

  const accepted = await stack.request('POST', `/api/v1/chats/${chatId}/messages`, { token: people.ana.token, body });
  expect(accepted.status).toBe(200);
  expect(files()).toContain(sha256);
  const message = await waitFor(
    () => fixture.db.message.findFirst({ where: { chatId, sender: 'attendant', media: { contains: sha256 } } }),
    (m) => m !== null,
  );
  expect(message!.attendantId).toBe(people.ana.id);
});

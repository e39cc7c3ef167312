import { randomUUID } from 'node:crypto';
import { wellFormedText } from '../../src/text/wellFormedText';
import type { startCallbackReceiver } from './callbackReceiver';
import type { Stack } from './stack';
import { waitFor } from './wait';

/** Text that valid JSON can carry and a database or an encoder may refuse, as integrators really send it. */
export const AWKWARD_TEXT: Record<string, string> = {
  'a lone high surrogate (an emoji cut in half)': 'oi \ud83d tudo bem',
  'a lone low surrogate': '\ude00 oi',
  'NUL bytes': 'oi\u0000 tudo\u0000',
  'a byte-order mark': '\ufeffoi, bom dia',
  'right-to-left marks': 'oi \u202e\u200f مرحبا',
};

/**
 * Every text field of the API channel and of the attendant commands gets
 * each awkward text; each is accepted (repaired, never a 5xx), stored as
 * well-formed text, and the chat goes on: the next normal message is stored
 * and answered. Too long a text is a 400; invalid UTF-8 bytes are a 400.
 */
export async function checkAwkwardText(
  stack: Stack,
  opts: {
    channelId: string;
    secret: string;
    token: string;
    receiver: Awaited<ReturnType<typeof startCallbackReceiver>>;
  },
): Promise<void> {
  const { channelId, secret, token, receiver } = opts;
  const now = () => new Date().toISOString();
  const send = (event: unknown) => stack.webhook(channelId, secret, event);
  const say = (conversation: string, content: string) =>
    send({
      type: 'NEW_MESSAGE',
      timestamp: now(),
      data: { id: randomUUID(), direction: 'RECEIVED', content, conversation_id: conversation },
    });
  const chatOf = (chatId: string) => stack.request('GET', `/api/v1/chats/${chatId}`, { token }).then((r) => r.body);
  const answers = (conversation: string) =>
    receiver.received.filter((r) => r.body.data.conversation_id === conversation);

  for (const [name, text] of Object.entries(AWKWARD_TEXT)) {
    // Stored repaired (and trimmed, as every text field is).
    const repaired = wellFormedText(text).trim();
    // As a contact's name and as a customer's message.
    const conversation = randomUUID();
    const open = await send({
      type: 'NEW_CONVERSATION',
      timestamp: now(),
      data: { id: conversation, contact: { name: text } },
    });
    expect([name, open.status]).toEqual([name, 202]);
    expect([name, (await say(conversation, text)).status]).toEqual([name, 202]);
    expect([name, (await say(conversation, 'Preciso da segunda via do boleto')).status]).toEqual([name, 202]);
    const chat = await waitFor(
      () => chatOf(open.body.chatId),
      (c) => c?.messages?.filter((m: { sender: string }) => m.sender === 'customer').length === 2,
    );
    expect(chat.contact.name).toBe(repaired);
    expect(chat.messages[0].content).toBe(repaired);
    // The chat went on past the awkward message: it was answered (by the bot, or by its hand-off
    // message when the bot could not read it), and the next message was stored after it.
    await waitFor(
      async () => answers(conversation).length,
      (n) => n >= 1,
    );

    // As an attendant's reply and a resolution note, on a chat handed to the caller.
    const handed = randomUUID();
    const chatId = (await send({ type: 'NEW_CONVERSATION', timestamp: now(), data: { id: handed } })).body.chatId;
    await say(handed, 'quero falar com um atendente');
    await waitFor(
      () => chatOf(chatId),
      (c) => c?.status === 'transferred' || c?.status === 'waiting_attendant',
    );
    if ((await chatOf(chatId)).status === 'transferred') {
      expect((await stack.request('POST', `/api/v1/chats/${chatId}/claim`, { token })).status).toBe(200);
    }
    const reply = await stack.request('POST', `/api/v1/chats/${chatId}/messages`, { token, body: { content: text } });
    expect([name, reply.status]).toEqual([name, 200]);
    await say(handed, 'obrigado');
    const followed = await stack.request('POST', `/api/v1/chats/${chatId}/messages`, {
      token,
      body: { content: 'ok' },
    });
    expect([name, followed.status]).toEqual([name, 200]);
    const resolved = await stack.request('POST', `/api/v1/chats/${chatId}/resolve`, { token, body: { note: text } });
    expect([name, resolved.status]).toEqual([name, 200]);
    const detail = await waitFor(
      () => chatOf(chatId),
      (c) => c?.status === 'resolved',
    );
    expect(detail.messages.find((m: { sender: string }) => m.sender === 'attendant').content).toBe(repaired);
    expect(detail.statusHistory.at(-1).note).toBe(repaired);
    expect(detail.messages.filter((m: { sender: string }) => m.sender === 'customer')).toHaveLength(2);
  }

  // Too long, and not UTF-8: refused with a clear 400, and the conversation goes on.
  const conversation = randomUUID();
  await send({ type: 'NEW_CONVERSATION', timestamp: now(), data: { id: conversation } });
  const huge = await say(conversation, '😀'.repeat(16_384));
  expect(huge.status).toBe(400);
  expect(huge.body.error.message).toMatch(/^body\.data\.content/);
  const raw = Buffer.concat([
    Buffer.from(
      `{"type":"NEW_MESSAGE","timestamp":"${now()}","data":{"id":"${randomUUID()}","direction":"RECEIVED","content":"oi `,
    ),
    Buffer.from([0xff, 0xfe, 0xc3]),
    Buffer.from(`","conversation_id":"${conversation}"}}`),
  ]);
  const bytes = await stack.webhook(channelId, secret, null, { raw });
  expect(bytes.status).toBe(400);
  expect(bytes.body.error.code).toBe('invalid_json');
  expect((await say(conversation, 'Preciso da segunda via do boleto')).status).toBe(202);
  await waitFor(
    async () => answers(conversation).length,
    (n) => n >= 1,
  );
}

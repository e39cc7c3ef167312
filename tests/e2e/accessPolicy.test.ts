import { randomUUID } from 'node:crypto';
import { Client, Connection, WorkflowUpdateFailedError } from '@temporalio/client';
import { ChatWorkflowIds } from '../../src/chats/workflowIds';
import { resolveKeyring } from '../../src/crypto/keyring';
import { productCodec } from '../helpers/productCodec';
import { claimUpdate, replyUpdate, resolveUpdate, transferUpdate, type chatWorkflowV2 } from '../../workflows/chat';
import { ApiChannelFixture } from '../helpers/apiChannelFixture';
import { SseClient } from '../helpers/sseClient';
import { waitFor } from '../helpers/wait';

// The access policy is one: for each role and chat state, what a person may
// read (detail, list, live events), what the queue offers them, and which
// commands they may run agree — in the API and in the chat's own workflow.

const SECRET = 'access-policy-secret-0123456789';
const fixture = new ApiChannelFixture(SECRET);
const stack = fixture.stack;
let client: Client;

type Person = { id: string; token: string; department: string | null; role: string };
const people: Record<'ana' | 'bia' | 'caio' | 'sara', Person> = {} as never;

const send = (event: unknown) => fixture.send(event);
const now = () => new Date().toISOString();

async function chat(id: string) {
  return (await stack.request('GET', `/api/v1/chats/${id}`, { token: fixture.admin })).body;
}

/** A new conversation; `human` asks for a person (handed off), else the bot answers. */
const conversationOf = new Map<string, string>();

async function newChat(human: boolean): Promise<string> {
  const conversation = randomUUID();
  const { chatId } = (await send({ type: 'NEW_CONVERSATION', timestamp: now(), data: { id: conversation } })).body;
  conversationOf.set(chatId, conversation);
  const content = human ? 'quero falar com um atendente humano' : 'Preciso da segunda via do boleto';
  await send({
    type: 'NEW_MESSAGE',
    timestamp: now(),
    data: { id: randomUUID(), direction: 'RECEIVED', content, conversation_id: conversation },
  });
  await waitFor(
    () => chat(chatId),
    (c) => c.status === (human ? 'transferred' : 'waiting_customer') && c.messages?.length === 2,
  );
  return chatId;
}

async function as(person: Person, method: string, path: string, body?: unknown) {
  return stack.request(method, path, { token: person.token, ...(body !== undefined ? { body } : {}) });
}

/** Queued in `department` (a supervisor sends the handed-off chat there), waiting for a person there. */
async function queuedIn(department: string): Promise<string> {
  const id = await newChat(true);
  expect((await as(people.sara, 'POST', `/api/v1/chats/${id}/transfer`, { department })).status).toBe(200);
  await waitFor(
    async () => (await as(people.sara, 'GET', `/api/v1/queue?department=${department}`)).body.items,
    (items: Array<{ chatId: string }>) => items.some((i) => i.chatId === id),
  );
  return id;
}

async function heldBy(person: Person): Promise<string> {
  const id = await queuedIn(person.department!);
  expect((await as(person, 'POST', `/api/v1/chats/${id}/claim`)).status).toBe(200);
  return id;
}

const STATES = ['bot', 'queuedVendas', 'queuedSuporte', 'heldByAna', 'heldByBia', 'anaTookPart', 'resolved'] as const;
type State = (typeof STATES)[number];
const chats = {} as Record<State, string>;

/**
 * What each person may read, by hand: Ana and Bia work in vendas, Caio in
 * suporte, Sara supervises. Ana took part in `anaTookPart` (she wrote in it,
 * then sent it to suporte's queue).
 */
const READS: Record<'ana' | 'caio' | 'sara', State[]> = {
  ana: ['queuedVendas', 'heldByAna', 'anaTookPart'],
  caio: ['queuedSuporte', 'anaTookPart'],
  sara: [...STATES],
};

beforeAll(async () => {
  // People take chats by hand here: nobody is available to the automatic assignment.
  await fixture.setUp();
  const make = async (name: keyof typeof people, role: string, department: string | null) => {
    people[name] = { ...(await stack.addPerson(fixture.admin, name, role, department)), department, role };
  };
  await make('ana', 'attendant', 'vendas');
  await make('bia', 'attendant', 'vendas');
  await make('caio', 'attendant', 'suporte');
  await make('sara', 'supervisor', null);

  chats.bot = await newChat(false);
  chats.queuedVendas = await queuedIn('vendas');
  chats.queuedSuporte = await queuedIn('suporte');
  chats.heldByAna = await heldBy(people.ana);
  chats.heldByBia = await heldBy(people.bia);
  chats.anaTookPart = await heldBy(people.ana);
  expect((await as(people.ana, 'POST', `/api/v1/chats/${chats.anaTookPart}/messages`, { content: 'oi' })).status).toBe(
    200,
  );
  expect(
    (await as(people.ana, 'POST', `/api/v1/chats/${chats.anaTookPart}/transfer`, { department: 'suporte' })).status,
  ).toBe(200);
  chats.resolved = await heldBy(people.bia);
  expect((await as(people.bia, 'POST', `/api/v1/chats/${chats.resolved}/resolve`, {})).status).toBe(200);

  client = new Client({
    connection: await Connection.connect({ address: stack.temporalAddress }),
    dataConverter: { payloadCodecs: [productCodec(fixture.stack.dataDir, fixture.db)] },
  });
}, 240_000);

afterAll(async () => {
  await client?.connection.close();
  await fixture.tearDown();
});

const readers = ['ana', 'caio', 'sara'] as const;

test.each(readers)('%s reads, lists and hears exactly the chats the policy lets them read', async (name) => {
  const person = people[name];
  const expected = READS[name].map((s) => chats[s]).sort();
  const ours = new Set(Object.values(chats));

  const details = await Promise.all(
    STATES.map(async (s) => [chats[s], (await as(person, 'GET', `/api/v1/chats/${chats[s]}`)).status] as const),
  );
  expect(
    details
      .filter(([, status]) => status === 200)
      .map(([id]) => id)
      .sort(),
  ).toEqual(expected);
  expect(details.every(([, status]) => status === 200 || status === 404)).toBe(true);

  const listed = (await as(person, 'GET', '/api/v1/chats?limit=100')).body.items.map((c: { id: string }) => c.id);
  expect(listed.filter((id: string) => ours.has(id)).sort()).toEqual(expected);

  const messages = (await as(person, 'GET', '/api/v1/messages?limit=100')).body.items.map(
    (m: { chatId: string }) => m.chatId,
  );
  expect([...new Set<string>(messages)].filter((id) => ours.has(id)).sort()).toEqual(expected);

  // Live events: replayed from the start, each judged by the chat as it is now.
  const stream = await SseClient.open(`${stack.baseUrl}/api/v1/events?lastEventId=0`, {
    authorization: `Bearer ${person.token}`,
  });
  try {
    await waitFor(
      async () => new Set(stream.events.map((e) => (JSON.parse(e.data) as { chatId: string }).chatId)),
      (seen) => expected.every((id) => seen.has(id)),
    );
    await new Promise((r) => setTimeout(r, 500));
    const heard = new Set(stream.events.map((e) => (JSON.parse(e.data) as { chatId: string }).chatId));
    expect([...heard].filter((id) => ours.has(id)).sort()).toEqual(expected);
  } finally {
    await stream.close();
  }
});

test('the queue offers each attendant what they may claim, and nothing of another department', async () => {
  const queue = async (p: Person) =>
    (await as(p, 'GET', '/api/v1/queue')).body.items.map((i: { chatId: string }) => i.chatId).sort();
  expect(await queue(people.ana)).toEqual([chats.queuedVendas].sort());
  expect(await queue(people.caio)).toEqual([chats.queuedSuporte, chats.anaTookPart].sort());
  expect(await queue(people.sara)).toEqual(
    expect.arrayContaining([chats.queuedVendas, chats.queuedSuporte, chats.anaTookPart]),
  );
});

/** What the API answers each refused command: 404 when the caller may not read the chat, else 409 with why. */
const REFUSED: Array<[keyof typeof people, 'claim' | 'messages' | 'transfer' | 'resolve', State, number, string]> = [
  // Never readable to Ana: the bot's chat, another department's queue, Bia's chat, a closed chat of Bia's.
  ['ana', 'claim', 'bot', 404, 'not_found'],
  ['ana', 'claim', 'queuedSuporte', 404, 'not_found'],
  ['ana', 'claim', 'heldByBia', 404, 'not_found'],
  ['ana', 'claim', 'resolved', 404, 'not_found'],
  ['ana', 'messages', 'heldByBia', 404, 'not_found'],
  ['ana', 'transfer', 'heldByBia', 404, 'not_found'],
  ['ana', 'resolve', 'bot', 404, 'not_found'],
  // Readable to Ana, but not hers to act on.
  ['ana', 'claim', 'anaTookPart', 409, 'not_in_queue'],
  ['ana', 'messages', 'queuedVendas', 409, 'not_assignee'],
  ['ana', 'messages', 'anaTookPart', 409, 'not_assignee'],
  ['ana', 'resolve', 'anaTookPart', 409, 'not_assignee'],
  ['ana', 'transfer', 'queuedVendas', 409, 'not_assignee'],
  ['caio', 'claim', 'queuedVendas', 404, 'not_found'],
  ['caio', 'messages', 'heldByAna', 404, 'not_found'],
  // A supervisor reads everything, writes only in the chats they hold, and nothing closes twice.
  ['sara', 'messages', 'heldByAna', 409, 'not_assignee'],
  ['sara', 'claim', 'resolved', 409, 'chat_closed'],
];

test.each(REFUSED)('%s %s on the %s chat → %i %s, and nothing changes', async (name, command, state, status, code) => {
  const id = chats[state];
  const before = await chat(id);
  const body = command === 'messages' ? { content: 'oi' } : command === 'transfer' ? { department: 'vendas' } : {};
  const res = await as(people[name], 'POST', `/api/v1/chats/${id}/${command}`, body);
  expect({ status: res.status, code: res.body?.error?.code }).toEqual({ status, code });
  const after = await chat(id);
  expect({ status: after.status, attendantId: after.attendantId, history: after.statusHistory.length }).toEqual({
    status: before.status,
    attendantId: before.attendantId,
    history: before.statusHistory.length,
  });
});

test("the chat's workflow refuses the same commands on its own, when sent past the API", async () => {
  const update = { claim: claimUpdate, messages: replyUpdate, transfer: transferUpdate, resolve: resolveUpdate };
  const historyLength = async () =>
    Promise.all(STATES.map(async (s) => (await chat(chats[s])).statusHistory.length as number));
  const before = await historyLength();
  for (const [name, command, state] of REFUSED) {
    const detail = await chat(chats[state]);
    if (detail.closedAt) continue;
    const person = people[name];
    const cmd = {
      chatId: chats[state],
      attendantId: person.id,
      role: person.role as 'attendant',
      department: person.department,
      ...(command === 'messages' ? { content: 'oi' } : command === 'transfer' ? { toDepartment: 'vendas' } : {}),
    };
    const handle = client.workflow.getHandle<typeof chatWorkflowV2>(
      new ChatWorkflowIds(resolveKeyring(undefined, stack.dataDir)).of(
        fixture.channelId,
        conversationOf.get(chats[state])!,
      ),
    );
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    await expect(handle.executeUpdate(update[command] as any, { args: [cmd] })).rejects.toBeInstanceOf(
      WorkflowUpdateFailedError,
    );
  }
  // Refused by the validators: no chat's history moved.
  await new Promise((r) => setTimeout(r, 500));
  expect(await historyLength()).toEqual(before);
});

test('what the policy allows goes through: an attendant claims from their queue, a colleague of another department takes over the chat sent there, a supervisor takes over from the bot', async () => {
  expect((await as(people.ana, 'POST', `/api/v1/chats/${chats.queuedVendas}/claim`)).status).toBe(200);
  expect((await as(people.caio, 'POST', `/api/v1/chats/${chats.anaTookPart}/claim`)).status).toBe(200);
  const takeover = await as(people.sara, 'POST', `/api/v1/chats/${chats.bot}/claim`);
  expect(takeover.status).toBe(200);
  expect(takeover.body).toMatchObject({ status: 'waiting_attendant', attendantId: people.sara.id });
  expect((await as(people.ana, 'POST', `/api/v1/chats/${chats.heldByAna}/messages`, { content: 'olá' })).status).toBe(
    200,
  );
  expect((await as(people.sara, 'POST', `/api/v1/chats/${chats.heldByBia}/resolve`, {})).status).toBe(200);
});

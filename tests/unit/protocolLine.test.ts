import { ChatModel } from '../../workflows/chatModel';

// The model outside a workflow: only its search-attribute mirror asks for the workflow's info.
jest.mock('@temporalio/workflow', () => ({
  workflowInfo: () => ({ typedSearchAttributes: { get: () => undefined } }),
  patched: () => true,
}));
import type { ChatState } from '../../workflows/types';

// Whoever sends first carries the protocol line, once (workflows/chatModel.ts `send`).
const PROTOCOL = '20261201000042';

function chat(state: Partial<ChatState> = {}): ChatModel {
  const saved: ChatState = {
    chatId: 'c1',
    status: 'waiting_attendant',
    history: [],
    nextStatusSeq: 1,
    priority: 'normal',
    attendantId: 'ana',
    department: null,
    attendantHasWritten: false,
    seenMessageIds: [],
    nextOutboundSeq: 1,
    lastIntent: null,
    bot: { attempts: 0, lastAnswerSource: null, lastQuestionKey: null },
    startedAt: '2026-12-01T12:00:00.000Z',
    protocol: PROTOCOL,
    protocolAnnounced: false,
    ...state,
  };
  return new ChatModel({ channelId: 'ch', channelType: 'api', externalChatId: 'x', state: saved });
}

const sent = (c: ChatModel) => c.changes.take()!.outbound.map((m) => m.content);

test('an attendant’s reply that goes first carries the line, once', () => {
  const c = chat();
  c.attendantWrites('ana', 'attendant:ana', 'Olá, sou a Ana.', {});
  c.send('attendant', 'Pode me dizer seu CPF?', 'ana');
  expect(sent(c)).toEqual([`Olá, sou a Ana.\n\nProtocolo de atendimento: ${PROTOCOL}`, 'Pode me dizer seu CPF?']);
});

test('in the language the bot last read', () => {
  const c = chat({ language: 'en' });
  c.send('bot', 'Hello!');
  expect(sent(c)).toEqual([`Hello!\n\nYour ticket number: ${PROTOCOL}`]);
});

test('a template cannot take the line: the next message carries it', () => {
  const c = chat();
  c.send('attendant', '[template boas_vindas]', 'ana', { template: { name: 'boas_vindas', language: 'pt_BR' } });
  c.send('attendant', 'Olá!', 'ana');
  expect(sent(c)).toEqual(['[template boas_vindas]', `Olá!\n\nProtocolo de atendimento: ${PROTOCOL}`]);
});

test('a chat begun before protocol numbers (none in its state) sends its messages as they are', () => {
  const c = chat({ protocol: undefined, protocolAnnounced: undefined });
  c.send('bot', 'Olá!');
  expect(sent(c)).toEqual(['Olá!']);
});

test('once told, never again (the flag travels across continue-as-new)', () => {
  const c = chat({ protocolAnnounced: true });
  c.send('bot', 'Olá!');
  expect(sent(c)).toEqual(['Olá!']);
});

import { Bot } from '../../src/bot/bot';
import { KeywordClassifier } from '../../src/bot/classifier';
import { loadDemoTrainings } from '../../src/bot/demoTrainings';
import { StaticKnowledge } from '../../src/bot/knowledge/knowledgeSource';
import { planBotTurn } from '../../workflows/botTurn';
import { FRESH_BOT_MEMORY } from '../../workflows/botPolicy';
import { answerFromChat, withProtocolLine } from '../../workflows/protocolNotice';

// "qual é o meu protocolo?": the bot reads the question; the chat, which knows its number, answers it.
const bot = new Bot({
  classifier: new KeywordClassifier(),
  knowledge: new StaticKnowledge(loadDemoTrainings()),
  timeZone: 'America/Sao_Paulo',
});
const PROTOCOL = '20261201000042';

test.each([
  ['qual é o meu protocolo?', 'O número do seu protocolo de atendimento é 20261201000042.'],
  ['Qual o número do protocolo?', 'O número do seu protocolo de atendimento é 20261201000042.'],
  ['qual o numero do meu atendimento?', 'O número do seu protocolo de atendimento é 20261201000042.'],
  ['what is my protocol number?', 'Your ticket number is 20261201000042.'],
  ['what is my ticket number?', 'Your ticket number is 20261201000042.'],
])('"%s" is answered with the chat’s number', async (text, answer) => {
  const read = await bot.analyse(text, new Date());
  expect(read).toMatchObject({ intent: 'protocol', answer: null });
  const turn = planBotTurn(answerFromChat(read, PROTOCOL), FRESH_BOT_MEMORY);
  expect(turn).toMatchObject({ reply: answer, next: 'waiting_customer' });
  expect(turn.annotation.answerSource).toBe('builtin:protocol');
});

test('a chat with no number in its state hands the question to a person', async () => {
  const read = await bot.analyse('qual é o meu protocolo?', new Date());
  const turn = planBotTurn(answerFromChat(read, undefined), FRESH_BOT_MEMORY);
  expect(turn.next).toBe('transferred');
});

test('a request for a person that names a protocol is still a request for a person', async () => {
  const read = await bot.analyse('preciso falar com alguém da ouvidoria, já abri 3 protocolos', new Date());
  expect(read.intent).toBe('human_request');
});

test('the protocol line goes below the message, or alone', () => {
  expect(withProtocolLine('Olá!', PROTOCOL, 'pt')).toBe('Olá!\n\nProtocolo de atendimento: 20261201000042');
  expect(withProtocolLine('', PROTOCOL, 'en')).toBe('Your ticket number: 20261201000042');
});

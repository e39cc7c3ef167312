import { Bot, chooseAnswer } from '../../src/bot/bot';
import { KeywordClassifier } from '../../src/bot/classifier';
import { loadDemoTrainings } from '../../src/bot/demoTrainings';
import { KnowledgeIndex } from '../../src/bot/knowledge/knowledgeIndex';
import { DbKnowledge, StaticKnowledge, type KnowledgeSource } from '../../src/bot/knowledge/knowledgeSource';
import { decide, decideTurn, FRESH_BOT_MEMORY, REPHRASE_MESSAGES, type BotMemory } from '../../workflows/botPolicy';
import type { Classification } from '../../workflows/botTypes';
import { createTestDatabase } from '../helpers/database';

const demo = new StaticKnowledge(loadDemoTrainings());
const botOver = (knowledge: KnowledgeSource = demo) =>
  new Bot({ classifier: new KeywordClassifier(), knowledge, timeZone: 'America/Sao_Paulo' });
const at = new Date('2026-11-22T15:00:00Z');

describe('KnowledgeIndex', () => {
  const index = KnowledgeIndex.build(loadDemoTrainings());

  it('ranks the passage that answers the question first, in its language', () => {
    const pt = index.search('Preciso da segunda via do boleto');
    expect(pt).toMatchObject({ tag: 'billing_second_copy' });
    expect(pt!.confidence).toBeGreaterThanOrEqual(0.8);
    expect(pt!.passage).toMatch(/segunda via/i);
    const en = index.search('how do I reset my password');
    expect(en).toMatchObject({ tag: 'access_password_reset' });
    expect(en!.passage).toMatch(/password/i);
  });

  it('reads past typos and missing accents', () => {
    expect(index.search('esqueci minha senah')).toMatchObject({ tag: 'access_password_reset' });
    expect(index.search('multa de cancelamento da fidelidade')).toMatchObject({ tag: 'cancellation_policy' });
  });

  it('finds nothing for unrelated questions, and little for half-related ones', () => {
    expect(index.search('qual a capital da França?')).toBeNull();
    const partial = index.search('vocês instalam antena parabólica na zona rural?');
    expect(partial === null || partial.confidence < 0.5).toBe(true);
  });

  it('an empty knowledge base answers nothing', () => {
    expect(KnowledgeIndex.build([]).search('segunda via')).toBeNull();
  });
});

describe('Bot', () => {
  it('answers a question from the best training, with entities and a question key', async () => {
    const c = await botOver().analyse('Preciso da 2ª via do boleto 529.982.247-25', at);
    expect(c.intent).toBe('billing');
    expect(c.answerSource).toBe('training:billing_second_copy');
    expect(c.confidence).toBeGreaterThanOrEqual(0.8);
    expect(c.entities).toEqual({ cpf: ['52998224725'] });
    expect(c.questionKey).toBe('preciso da 2a via do boleto 529 982 247 25');
  });

  it("reads dates relative to when the message arrived, in the bot's time zone", async () => {
    const lateEvening = new Date('2026-11-23T01:30:00Z'); // still the 22nd in São Paulo
    const c = await botOver().analyse('posso pagar amanhã? mando R$ 119,90 pro joao@exemplo.com.br', lateEvening);
    expect(c.entities).toMatchObject({
      date: [{ date: '2026-11-23' }],
      money: [{ currency: 'BRL', value: '119.90' }],
      email: ['joao@exemplo.com.br'],
    });
  });

  it('a question about the company the classifier cannot place is a question when the knowledge answers it', async () => {
    const c = await botOver().analyse('Is the Minha Conta portal available at night?', at);
    expect(c.answerSource).not.toBeNull();
  });

  it('never answers a request for a person or a complaint', async () => {
    for (const text of ['quero falar com um atendente sobre o boleto', 'isso não ajudou']) {
      const c = await botOver().analyse(text, at);
      expect(c.answer).toBeNull();
      expect(decide(c).kind).toBe('handoff');
    }
  });

  it("with no trainings, the first bot's built-in answers still serve", async () => {
    const c = await botOver(new StaticKnowledge([])).analyse('segunda via do boleto', at);
    expect(c).toMatchObject({ intent: 'billing', answerSource: 'builtin:billing' });
    expect(decide(c).kind).toBe('answer');
  });

  it('with trainings, a topic nothing answers is handed off', async () => {
    const c = await botOver().analyse('quero mudar a cor do boleto para azul', at);
    expect(decide(c).kind).toBe('handoff');
  });

  it('greetings and thanks get the built-in answers', async () => {
    expect((await botOver().analyse('bom dia!', at)).answerSource).toBe('builtin:greeting');
    expect((await botOver().analyse('valeu, obrigado', at)).answerSource).toBe('builtin:thanks');
  });

  it('chooseAnswer lets an unsure classifier cap the knowledge answer', () => {
    const hit = { tag: 'x', group: 'g', passage: 'p', score: 10, confidence: 0.95 };
    const mixed = chooseAnswer({ intent: 'billing', priority: 'normal', confidence: 0.6, language: 'pt' }, hit, false);
    expect(mixed.confidence).toBe(0.6);
    const sure = chooseAnswer({ intent: 'billing', priority: 'normal', confidence: 0.92, language: 'pt' }, hit, false);
    expect(sure).toMatchObject({ confidence: 0.95, answerSource: 'training:x' });
  });
});

describe('Bot over the database', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  beforeEach(async () => {
    database = await createTestDatabase();
  });
  afterEach(() => database.cleanup());

  const training = (pageContent: string, finished = true) => ({
    tag: 'wifi_password',
    group: 'support',
    finished,
    documents: JSON.stringify([{ pageContent, metadata: { lang: 'pt' } }]),
  });

  it('only finished trainings feed the bot, and a change is seen at the next message', async () => {
    const { db } = database;
    const knowledge = new DbKnowledge(db);
    const bot = botOver(knowledge);
    const question = 'como troco a senha do roteador wifi?';

    await db.training.create({
      data: training('Para trocar a senha do roteador wifi, acesse 192.168.0.1 e entre em Rede sem fio.', false),
    });
    expect((await bot.analyse(question, at)).answerSource).toBeNull();

    await db.training.update({ where: { tag: 'wifi_password' }, data: { finished: true } });
    const first = await bot.analyse(question, at);
    expect(first.answerSource).toBe('training:wifi_password');
    expect(first.answer).toMatch(/192\.168\.0\.1/);

    await db.training.update({
      where: { tag: 'wifi_password' },
      data: {
        documents: JSON.stringify([
          { pageContent: 'Para trocar a senha do roteador wifi, use o Conecta App em Rede sem fio.', metadata: {} },
        ]),
      },
    });
    const second = await bot.analyse(question, at);
    expect(second.answer).toMatch(/Conecta App/);

    // An edit stamped by a slower clock (older than the newest training) is still seen.
    await db.training.create({ data: { ...training('Outro assunto qualquer.'), tag: 'other_topic' } });
    await db.training.update({
      where: { tag: 'wifi_password' },
      data: {
        documents: JSON.stringify([
          { pageContent: 'Para trocar a senha do roteador wifi, ligue para o suporte.', metadata: {} },
        ]),
        updatedAt: new Date(0),
      },
    });
    expect((await bot.analyse(question, at)).answer).toMatch(/ligue para o suporte/);

    await db.training.delete({ where: { tag: 'wifi_password' } });
    expect((await bot.analyse(question, at)).answerSource).toBeNull();
  });

  it('rebuilds only when the trainings change, and repeated questions come from the cache', async () => {
    const { db } = database;
    await db.training.create({ data: training('Para trocar a senha do roteador wifi, acesse 192.168.0.1.') });
    const knowledge = new DbKnowledge(db);
    const before = (await knowledge.current()).index;
    expect((await knowledge.current()).index).toBe(before);

    const bot = botOver(knowledge);
    await bot.analyse('senha do roteador wifi', at);
    await bot.analyse('Senha do roteador Wi-Fi!', at);
    expect(bot.cachedQuestions).toBe(2);
    await bot.analyse('senha do roteador wifi', at);
    expect(bot.cachedQuestions).toBe(2);

    await db.training.update({ where: { tag: 'wifi_password' }, data: { group: 'access' } });
    await bot.analyse('senha do roteador wifi', at);
    expect(bot.cachedQuestions).toBe(1);
    expect((await knowledge.current()).index).not.toBe(before);
  });
});

describe('decideTurn', () => {
  const c = (over: Partial<Classification>): Classification => ({
    intent: 'billing',
    priority: 'normal',
    confidence: 0.9,
    language: 'pt',
    answer: 'Acesse Minha Conta › Faturas.',
    answerSource: 'training:billing_second_copy',
    entities: {},
    questionKey: 'segunda via do boleto',
    ...over,
  });
  const complaint = c({ intent: 'complaint', answer: null, answerSource: null, questionKey: 'isso nao ajudou' });

  function run(turns: Classification[]) {
    let memory: BotMemory = FRESH_BOT_MEMORY;
    return turns.map((turn) => {
      const result = decideTurn(turn, memory);
      memory = result.memory;
      return result;
    });
  }

  it('after two answers the customer met with the same question, hands off with the draft', () => {
    const turns = run([c({}), c({}), c({})]);
    expect(turns.map((t) => t.decision.kind)).toEqual(['answer', 'answer', 'handoff']);
    expect(turns[2]!.memory.attempts).toBe(2);
    expect(turns[2]!.decision).toMatchObject({ kind: 'handoff', draft: 'Acesse Minha Conta › Faturas.' });
  });

  it('a reworded question counts as the same question; a follow-up on the same training does not', () => {
    const reworded = run([
      c({ questionKey: 'preciso da segunda via do boleto' }),
      c({ questionKey: 'segunda via do boleto pfv' }),
      c({ questionKey: 'cade a segunda via do boleto' }),
    ]);
    expect(reworded[2]!.decision.kind).toBe('handoff');
    const hours = (questionKey: string) => c({ answerSource: 'training:hours_support', questionKey });
    const followUps = run([hours('qual o horario de atendimento'), hours('voces atendem domingo'), hours('e feriado')]);
    expect(followUps.map((t) => t.decision.kind)).toEqual(['answer', 'answer', 'answer']);
  });

  it('a first complaint gets an apology and a request to rephrase; a second hands off', () => {
    const turns = run([c({}), complaint, complaint]);
    expect(turns[1]!.decision).toEqual({ kind: 'answer', text: REPHRASE_MESSAGES.pt, source: null });
    expect(turns[2]!.decision.kind).toBe('handoff');
  });

  it('a complaint, then the same answer again, hands off: the rephrase request keeps the answer it was about', () => {
    const turns = run([c({}), complaint, c({ questionKey: 'preciso da segunda via do boleto' })]);
    expect(turns[2]!.decision.kind).toBe('handoff');
  });

  it('a new question resets the count', () => {
    const other = c({ answerSource: 'training:plans_catalog', questionKey: 'quais planos', answer: 'Planos…' });
    const turns = run([c({}), c({}), other, c({})]);
    expect(turns.map((t) => t.memory.attempts)).toEqual([0, 1, 0, 0]);
    expect(turns.every((t) => t.decision.kind === 'answer')).toBe(true);
  });

  it('a complaint with no answer before it hands off, and a request for a person always does', () => {
    expect(run([complaint])[0]!.decision.kind).toBe('handoff');
    const human = c({ intent: 'human_request', answer: null, answerSource: null });
    expect(run([c({}), human])[1]!.decision).toMatchObject({ kind: 'handoff', reason: 'customer asked for a person' });
  });
});

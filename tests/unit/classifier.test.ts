import { classifyText } from '../../src/bot/classifier';
import { normalizeText } from '../../src/bot/normalize';
import { decide } from '../../workflows/botPolicy';

describe('normalizeText', () => {
  it('folds case, accents and punctuation', () => {
    expect(normalizeText('Não FUNCIONA!!  Já tentei...')).toBe('nao funciona ja tentei');
  });
});

describe('classifyText', () => {
  const cases: Array<[string, string, string?]> = [
    ['Preciso da segunda via do boleto', 'billing'],
    ['pode me mandar a 2a via da fatura?', 'billing'],
    ['I need a copy of my invoice', 'billing'],
    ['quero fazer upgrade do meu plano', 'plan_change'],
    ['how do I downgrade my plan?', 'plan_change'],
    ['O app não funciona', 'technical'],
    ['sistema travado, urgente!!', 'technical'],
    ['I keep getting an error when I log in', 'technical'],
    ['muito obrigado!', 'thanks'],
    ['thanks a lot', 'thanks'],
    ['bom dia', 'greeting'],
    ['hello there', 'greeting'],
    ['quero falar com um atendente', 'human_request'],
    ['preciso falar com alguém', 'human_request'],
    ['can I talk to a real person?', 'human_request'],
    ['AGENT', 'human_request'],
    ['qual a previsão do tempo em marte?', 'unknown'],
  ];
  it.each(cases)('%s → %s', (text, intent) => {
    expect(classifyText(text).intent).toBe(intent);
  });

  it('asking for a person wins over everything else in the message', () => {
    expect(classifyText('oi, meu boleto deu erro, quero falar com um humano').intent).toBe('human_request');
  });

  it('a problem is never taken for a greeting', () => {
    expect(classifyText('oi, o sistema caiu').intent).toBe('technical');
  });

  it('tolerates typos, with less confidence', () => {
    const typo = classifyText('preciso do boelto');
    expect(typo.intent).toBe('billing');
    expect(typo.confidence).toBeGreaterThanOrEqual(0.5);
    expect(typo.confidence).toBeLessThan(0.8);
    expect(classifyText('quero falar com um atendnete').intent).toBe('human_request');
  });

  it('technical problems and urgency are high priority', () => {
    expect(classifyText('erro ao acessar').priority).toBe('high');
    expect(classifyText('preciso do boleto, é urgente').priority).toBe('high');
    expect(classifyText('segunda via do boleto').priority).toBe('normal');
  });

  it('answers in the language of the message', () => {
    expect(classifyText('I need my invoice please').answer).toMatch(/invoice/i);
    expect(classifyText('preciso da fatura').answer).toMatch(/fatura/i);
  });

  it('two business intents at once are for a person to decide', () => {
    const mixed = classifyText('quero a segunda via do boleto e mudar de plano');
    expect(mixed.confidence).toBeLessThan(0.8);
  });
});

describe('decide', () => {
  it('answers with high confidence', () => {
    expect(decide(classifyText('segunda via do boleto'))).toMatchObject({ kind: 'answer' });
  });
  it('keeps a draft and hands off between 0.5 and 0.8', () => {
    const decision = decide(classifyText('preciso do boelto'));
    expect(decision.kind).toBe('handoff');
    expect(decision.kind === 'handoff' && decision.draft).toMatch(/segunda via/i);
  });
  it('hands off below 0.5, for problems, and for requests for a person', () => {
    expect(decide(classifyText('qual a previsão do tempo?'))).toMatchObject({ kind: 'handoff', draft: null });
    expect(decide(classifyText('o app não funciona'))).toMatchObject({ kind: 'handoff' });
    expect(decide(classifyText('falar com atendente'))).toMatchObject({ kind: 'handoff', reason: 'customer asked for a person' });
  });
});

import { classifyText } from '../../src/bot/classifier';
import { normalizeText } from '../../src/bot/normalize';

describe('normalizeText', () => {
  it('folds case, accents and punctuation', () => {
    expect(normalizeText('Não FUNCIONA!!  Já tentei...')).toBe('nao funciona ja tentei');
  });
});

describe('classifyText', () => {
  const cases: Array<[string, string]> = [
    ['Preciso da segunda via do boleto', 'billing'],
    ['pode me mandar a 2a via da fatura?', 'billing'],
    ['I need a copy of my invoice', 'billing'],
    ['quero fazer upgrade do meu plano', 'plan_change'],
    ['how do I downgrade my plan?', 'plan_change'],
    ['quero cancelar minha internet', 'cancellation'],
    ['quero cancelar o débito automático', 'billing'],
    ['O app não funciona', 'technical'],
    ['esqueci minha senha', 'technical'],
    ['sistema travado, urgente!!', 'technical'],
    ['I keep getting an error when I log in', 'technical'],
    ['qual o horário de atendimento?', 'question'],
    ['isso não ajudou em nada', 'complaint'],
    ['muito obrigado!', 'thanks'],
    ['obrigada, tenha um bom dia', 'thanks'],
    ['thanks a lot', 'thanks'],
    ['bom dia', 'greeting'],
    ['hello there', 'greeting'],
    ['quero falar com um atendente', 'human_request'],
    ['preciso falar com alguém', 'human_request'],
    ['can I talk to a real person?', 'human_request'],
    ['AGENT', 'human_request'],
    ['não quero robô', 'human_request'],
    ['qual a previsão do tempo em marte?', 'unknown'],
  ];
  it.each(cases)('%s → %s', (text, intent) => {
    expect(classifyText(text).intent).toBe(intent);
  });

  it('asking for a person wins over everything else in the message', () => {
    expect(classifyText('oi, meu boleto deu erro, quero falar com um humano').intent).toBe('human_request');
    expect(classifyText('isso não ajudou, me passa pra alguém').intent).toBe('human_request');
  });

  it('"atendimento" alone is not a request for a person, nor "outra pessoa"', () => {
    expect(classifyText('vocês têm atendimento no feriado?').intent).toBe('question');
    expect(classifyText('o cancelamento pode ser feito por outra pessoa?').intent).toBe('cancellation');
  });

  it('a problem is never taken for a greeting', () => {
    expect(classifyText('oi, o sistema caiu').intent).toBe('technical');
  });

  it('a greeting with a question it does not understand is not answered as a greeting', () => {
    const c = classifyText('oi, vcs patrocinam festa de aniversário?');
    expect(c.intent).toBe('greeting');
    expect(c.confidence).toBeLessThan(0.8);
  });

  it('tolerates typos, with less confidence', () => {
    const typo = classifyText('preciso do boelto');
    expect(typo.intent).toBe('billing');
    expect(typo.confidence).toBeGreaterThanOrEqual(0.5);
    expect(typo.confidence).toBeLessThan(0.8);
    expect(classifyText('quero falar com um atendnete').intent).toBe('human_request');
    expect(classifyText('como troco minha senah').intent).toBe('technical');
  });

  it('technical problems, complaints and urgency are high priority', () => {
    expect(classifyText('erro ao acessar').priority).toBe('high');
    expect(classifyText('que atendimento horrível').priority).toBe('high');
    expect(classifyText('preciso do boleto, é urgente').priority).toBe('high');
    expect(classifyText('segunda via do boleto').priority).toBe('normal');
  });

  it('tells the language', () => {
    expect(classifyText('I need my invoice please').language).toBe('en');
    expect(classifyText('preciso da fatura').language).toBe('pt');
  });

  it('two topics at once are for a person to decide', () => {
    expect(classifyText('quero a segunda via do boleto e mudar de plano').confidence).toBeLessThan(0.8);
  });
});

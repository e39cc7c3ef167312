import { Bot } from '../../src/bot/bot';
import { KeywordClassifier } from '../../src/bot/classifier';
import { loadDemoTrainings } from '../../src/bot/demoTrainings';
import { evaluate, loadLabelledMessages, TARGETS } from '../../src/bot/evaluation';
import { StaticKnowledge } from '../../src/bot/knowledge/knowledgeSource';

/** The quality bar on the test half of the labelled set (`npm run eval:bot` prints the full report). */
describe('bot quality on the labelled test half', () => {
  const messages = loadLabelledMessages();
  const bot = new Bot({
    classifier: new KeywordClassifier(),
    knowledge: new StaticKnowledge(loadDemoTrainings()),
    timeZone: 'America/Sao_Paulo',
  });

  it('has at least 300 labelled messages in two halves', () => {
    expect(messages.length).toBeGreaterThanOrEqual(300);
    const test = messages.filter((m) => m.split === 'test').length;
    expect(Math.abs(test - (messages.length - test))).toBeLessThanOrEqual(messages.length * 0.1);
  });

  it(`auto-answers are right at least ${TARGETS.autoAnswerPrecision * 100}% of the time and every request for a person is handed off`, async () => {
    const report = await evaluate(bot, messages, 'test');
    expect(report.autoAnswers.answered).toBeGreaterThan(20);
    expect(report.autoAnswers.precision).toBeGreaterThanOrEqual(TARGETS.autoAnswerPrecision);
    expect(report.humanRequests.total).toBeGreaterThan(25);
    expect(report.humanRequests.recall).toBe(TARGETS.humanRequestRecall);
    expect(report.intentAccuracy).toBeGreaterThanOrEqual(TARGETS.intentAccuracy);
  });
});

/**
 * `npm run eval:bot [-- --split dev|test|blind|all] [--verbose]`: runs the built-in
 * bot over the labelled messages with the demo knowledge base and prints
 * per-intent precision and recall, accuracy, auto-answer precision and the
 * recall of requests for a person. Exits 1 when a target is missed.
 */
import { parseArgs } from 'node:util';
import { Bot } from '../src/bot/bot';
import { KeywordClassifier } from '../src/bot/classifier';
import { loadDemoTrainings } from '../src/bot/demoTrainings';
import {
  BLIND_MESSAGES_PATH,
  evaluate,
  formatReport,
  loadLabelledMessages,
  meetsTargets,
  type Split,
} from '../src/bot/evaluation';
import { StaticKnowledge } from '../src/bot/knowledge/knowledgeSource';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { split: { type: 'string', default: 'test' }, verbose: { type: 'boolean', default: false } },
  });
  const split = values.split as Split;
  if (!['dev', 'test', 'blind', 'all'].includes(split)) throw new Error('--split must be dev, test, blind or all');
  const bot = new Bot({
    classifier: new KeywordClassifier(),
    knowledge: new StaticKnowledge(loadDemoTrainings()),
    timeZone: 'America/Sao_Paulo',
  });
  const messages = split === 'blind' ? loadLabelledMessages(BLIND_MESSAGES_PATH) : loadLabelledMessages();
  const report = await evaluate(bot, messages, split);
  console.log(formatReport(report, values.verbose));
  if (!meetsTargets(report)) process.exitCode = 1;
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});

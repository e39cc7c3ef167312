import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { decide } from '../../workflows/botPolicy';
import { answerFromChat } from '../../workflows/protocolNotice';
import { INTENTS, type Intent } from '../../workflows/botTypes';
import type { Bot } from './bot';

/** The labelled set: customer messages with the intent a person gave them and the answers acceptable to send. */
export const LABELLED_MESSAGES_PATH = path.resolve(__dirname, 'evaluation-data/labelled-messages.jsonl');
/**
 * A second set, written afterwards by another author who never saw the
 * rules: a check that the figures are not an artefact of tuning.
 */
export const BLIND_MESSAGES_PATH = path.resolve(__dirname, 'evaluation-data/labelled-messages-blind.jsonl');

const LabelledMessage = z.object({
  id: z.string(),
  split: z.enum(['dev', 'test', 'blind']),
  lang: z.enum(['pt', 'en']),
  text: z.string().min(1),
  intent: z.enum(INTENTS),
  /** Answer sources (`training:<tag>`, `builtin:<intent>`) the bot may send by itself; empty: a person must answer. */
  accept: z.array(z.string()),
});
export type LabelledMessage = z.infer<typeof LabelledMessage>;
export type Split = LabelledMessage['split'] | 'all';

/** The targets, on the test half. */
export const TARGETS = { autoAnswerPrecision: 0.95, humanRequestRecall: 1, intentAccuracy: 0.9 };

export function loadLabelledMessages(file = LABELLED_MESSAGES_PATH): LabelledMessage[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line, i) => {
      const parsed = LabelledMessage.safeParse(JSON.parse(line));
      if (!parsed.success) throw new Error(`${file}:${i + 1}: ${parsed.error.issues[0]?.message}`);
      return parsed.data;
    });
}

export interface Outcome {
  message: LabelledMessage;
  intent: Intent;
  confidence: number;
  /** What the bot would do in a fresh chat: answer by itself (with this source) or hand off. */
  answeredWith: string | null;
  correct: { intent: boolean; answer: boolean | null };
}

export interface IntentScore {
  intent: Intent;
  support: number;
  predicted: number;
  precision: number;
  recall: number;
}

export interface EvaluationReport {
  split: Split;
  total: number;
  intentAccuracy: number;
  perIntent: IntentScore[];
  autoAnswers: { answered: number; correct: number; precision: number };
  /** Of the messages a training or built-in answer could serve, how many the bot answered correctly. */
  answerCoverage: { answerable: number; answered: number; rate: number };
  humanRequests: { total: number; handedOff: number; recall: number };
  outcomes: Outcome[];
}

const ratio = (num: number, den: number) => (den === 0 ? 1 : num / den);

const EVALUATION_PROTOCOL = '20260115000001';

/** Runs the bot on each message as the first message of a new chat and scores it. */
export async function evaluate(bot: Bot, messages: LabelledMessage[], split: Split): Promise<EvaluationReport> {
  const selected = messages.filter((m) => split === 'all' || m.split === split);
  const receivedAt = new Date('2026-01-15T12:00:00Z');
  const outcomes: Outcome[] = [];
  for (const message of selected) {
    // A new chat has its protocol number, which its workflow gives when asked.
    const c = answerFromChat(await bot.analyse(message.text, receivedAt), EVALUATION_PROTOCOL);
    const decision = decide(c);
    const answeredWith = decision.kind === 'answer' ? (decision.source ?? 'unknown source') : null;
    outcomes.push({
      message,
      intent: c.intent,
      confidence: c.confidence,
      answeredWith,
      correct: {
        intent: c.intent === message.intent,
        answer: answeredWith === null ? null : message.accept.includes(answeredWith),
      },
    });
  }

  const perIntent = INTENTS.map((intent): IntentScore => {
    const support = outcomes.filter((o) => o.message.intent === intent).length;
    const predicted = outcomes.filter((o) => o.intent === intent).length;
    const hits = outcomes.filter((o) => o.intent === intent && o.message.intent === intent).length;
    return { intent, support, predicted, precision: ratio(hits, predicted), recall: ratio(hits, support) };
  }).filter((s) => s.support > 0 || s.predicted > 0);

  const answered = outcomes.filter((o) => o.answeredWith !== null);
  const answeredRight = answered.filter((o) => o.correct.answer === true).length;
  const answerable = outcomes.filter((o) => o.message.accept.length > 0);
  const humans = outcomes.filter((o) => o.message.intent === 'human_request');
  const handedOff = humans.filter((o) => o.intent === 'human_request' && o.answeredWith === null).length;

  return {
    split,
    total: outcomes.length,
    intentAccuracy: ratio(outcomes.filter((o) => o.correct.intent).length, outcomes.length),
    perIntent,
    autoAnswers: {
      answered: answered.length,
      correct: answeredRight,
      precision: ratio(answeredRight, answered.length),
    },
    // An answer is right only when the message lists it, so every right answer is of an answerable message.
    answerCoverage: {
      answerable: answerable.length,
      answered: answeredRight,
      rate: ratio(answeredRight, answerable.length),
    },
    humanRequests: { total: humans.length, handedOff, recall: ratio(handedOff, humans.length) },
    outcomes,
  };
}

const pct = (x: number) => x.toFixed(3);
const mark = (ok: boolean) => (ok ? 'ok' : 'BELOW TARGET');

/** The report as `npm run eval:bot` prints it. */
export function formatReport(r: EvaluationReport, verbose = false): string {
  const lines = [`Bot evaluation on the ${r.split} half: ${r.total} messages`, ''];
  lines.push('intent          support  predicted  precision  recall');
  for (const s of r.perIntent) {
    lines.push(
      `${s.intent.padEnd(15)} ${String(s.support).padStart(7)}  ${String(s.predicted).padStart(9)}  ${pct(s.precision).padStart(9)}  ${pct(s.recall).padStart(6)}`,
    );
  }
  lines.push('');
  lines.push(
    `intent accuracy              ${pct(r.intentAccuracy)}  (target >= ${TARGETS.intentAccuracy}: ${mark(r.intentAccuracy >= TARGETS.intentAccuracy)})`,
  );
  lines.push(
    `auto-answer precision        ${pct(r.autoAnswers.precision)}  (${r.autoAnswers.correct}/${r.autoAnswers.answered}; target >= ${TARGETS.autoAnswerPrecision}: ${mark(r.autoAnswers.precision >= TARGETS.autoAnswerPrecision)})`,
  );
  lines.push(
    `human-request recall         ${pct(r.humanRequests.recall)}  (${r.humanRequests.handedOff}/${r.humanRequests.total}; target = ${TARGETS.humanRequestRecall}: ${mark(r.humanRequests.recall >= TARGETS.humanRequestRecall)})`,
  );
  lines.push(
    `answerable answered right    ${pct(r.answerCoverage.rate)}  (${r.answerCoverage.answered}/${r.answerCoverage.answerable}; no target: how much the bot saves people)`,
  );
  if (verbose) {
    lines.push('', 'misses:');
    for (const o of r.outcomes) {
      const wrongAnswer = o.correct.answer === false;
      const missedAnswer = o.answeredWith === null && o.message.accept.length > 0;
      if (o.correct.intent && !wrongAnswer && !missedAnswer) continue;
      const what = [
        !o.correct.intent ? `intent ${o.intent} (want ${o.message.intent})` : '',
        wrongAnswer ? `WRONG ANSWER ${o.answeredWith} (accept ${o.message.accept.join(',') || 'none'})` : '',
        missedAnswer ? `not answered (accept ${o.message.accept.join(',')})` : '',
      ].filter(Boolean);
      lines.push(`  ${o.message.id} [${o.confidence.toFixed(2)}] ${o.message.text}\n      ${what.join('; ')}`);
    }
  }
  return lines.join('\n');
}

export function meetsTargets(r: EvaluationReport): boolean {
  return (
    // A bot that never answers has no precision to speak of.
    r.autoAnswers.answered > 0 &&
    r.autoAnswers.precision >= TARGETS.autoAnswerPrecision &&
    r.humanRequests.recall >= TARGETS.humanRequestRecall &&
    r.intentAccuracy >= TARGETS.intentAccuracy
  );
}

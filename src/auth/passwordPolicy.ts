import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';

export const MIN_PASSWORD_LENGTH = 10;
/** zxcvbn's score 2 and up: not among the ~10^8 easiest guesses (common words, repeats, sequences, keyboard runs). */
const MIN_SCORE = 2;

/** zxcvbn-ts with its common-password and names dictionaries (language-neutral; they include the leaked-password lists). */
const estimator = new ZxcvbnFactory({ dictionary: { ...common.dictionary }, graphs: common.adjacencyGraphs });

/**
 * Why a password is refused, or null: shorter than 10 characters, or easy to
 * guess by a strength estimator (which also counts the person's own name and
 * e-mail against it). `12345678`, `aaaaaaaaaa` and `password123` are refused.
 */
export function passwordProblem(password: string, userInputs: Array<string | undefined> = []): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return `must be at least ${MIN_PASSWORD_LENGTH} characters`;
  const inputs = userInputs.filter((v): v is string => Boolean(v)).flatMap((v) => v.split(/[@.\s_-]+/));
  const result = estimator.check(password, inputs);
  if (result.score >= MIN_SCORE) return null;
  const hint = result.feedback.warning ? `: ${result.feedback.warning}` : '';
  return `is too easy to guess (common, repeated, sequential or built from the name or e-mail)${hint}`;
}

import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as ptBr from '@zxcvbn-ts/language-pt-br';

export const MIN_PASSWORD_LENGTH = 10;
/**
 * zxcvbn's score 3 and up: an estimated 10^8 guesses or more. Score 2 (10^6)
 * let `Senha@1234` and `Brasil2024!` through once their words were known.
 */
const MIN_SCORE = 3;

/**
 * The product's own words and those of customer service in Brazil: the
 * first a guesser tries against an Atende (`Atende@2025`, `suporte123`).
 */
export const PRODUCT_WORDS = `
  atende atendimento atendente atendentes suporte senha senhas brasil
  cliente clientes admin administrador supervisor sac ouvidoria central
  chat conversa mensagem whatsapp telegram empresa acesso entrar login
`
  .trim()
  .split(/\s+/);

/**
 * zxcvbn-ts with the common-password lists (language-neutral: leaked
 * passwords, names, diceware), the Brazilian Portuguese ones (common words,
 * first and last names, Wikipedia terms: `corinthians`) and the product's words.
 */
const estimator = new ZxcvbnFactory({
  dictionary: { ...common.dictionary, ...ptBr.dictionary, 'atende-product': PRODUCT_WORDS },
  graphs: common.adjacencyGraphs,
});

/**
 * A name or e-mail as a guesser would try it: whole, word by word, and the
 * words run together or joined by a separator (`gertrudes-valadares`).
 */
function personalWords(value: string | undefined | null): string[] {
  if (!value) return [];
  const words = value
    .toLowerCase()
    .split(/[@.\s_+-]+/)
    .filter(Boolean);
  const local = value.toLowerCase().split('@')[0]!;
  return [
    ...new Set([value.toLowerCase(), local, ...words, ...['', '-', '.', '_', ' '].map((sep) => words.join(sep))]),
  ];
}

/**
 * Why a password is refused, or null: shorter than 10 characters, or easy to
 * guess by a strength estimator (which also counts the person's own name and
 * e-mail against it). `12345678`, `aaaaaaaaaa`, `password123`, `Senha@1234`
 * and `corinthians1` are refused.
 */
export function passwordProblem(password: string, userInputs: Array<string | undefined | null> = []): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return `must be at least ${MIN_PASSWORD_LENGTH} characters`;
  const result = estimator.check(password, userInputs.flatMap(personalWords));
  if (result.score >= MIN_SCORE) return null;
  const hint = result.feedback.warning ? `: ${result.feedback.warning}` : '';
  return `is too easy to guess (common, repeated, sequential or built from the name, the e-mail or the product's words)${hint}`;
}

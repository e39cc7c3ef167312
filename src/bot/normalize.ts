/**
 * Folds case and accents and keeps letters and digits, so "Não FUNCIONA!"
 * and "nao funciona" compare equal.
 */
export function normalizeText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/**
 * Typos tolerated in a word of this length: none under 5 letters (too many
 * real neighbours), 1 up to 7, else 2.
 */
export function typoBudget(length: number): number {
  if (length < 5) return 0;
  return length <= 7 ? 1 : 2;
}

export function tokenize(normalized: string): string[] {
  return normalized === '' ? [] : normalized.split(' ');
}

import levenshtein from 'damerau-levenshtein';
import MiniSearch from 'minisearch';
import { typoBudget } from '../normalize';
import { isContentWord, termsOf, words } from './terms';

/** A training as the bot sees it: only finished ones are indexed. */
export interface KnowledgeTraining {
  tag: string;
  group: string;
  documents: { pageContent: string; metadata?: Record<string, unknown> }[];
}

/** The best passage for a question, and how sure the bot is that it answers it. */
export interface KnowledgeHit {
  tag: string;
  group: string;
  passage: string;
  /** The BM25 score (unbounded; only comparable within one index). */
  score: number;
  /** In [0, 1]: how much of the question the passage covers, lowered when another training is as close. */
  confidence: number;
}

interface Passage {
  id: number;
  tag: string;
  group: string;
  /** The document's `metadata.title`, when it has one: searched, never sent. */
  title: string;
  text: string;
}

/**
 * Confidence is the share of the question's topic words the passage
 * matches, each word weighted by how rare it is in the knowledge (its IDF); a
 * word the knowledge never uses weighs as much as the rarest word, so a
 * question about something else scores low however well its common words
 * match (see UNKNOWN_WEIGHT). A second training almost as close means the
 * question is ambiguous.
 */
const AMBIGUITY_MARGIN = 0.4;
const AMBIGUITY_FLOOR = 0.5;
/** A word the knowledge never uses weighs this share of the rarest word's weight (tuned on the dev half). */
const UNKNOWN_WEIGHT = 0.6;
/** A corrected typo counts a little less than the word as written. */
const CORRECTED_WEIGHT = 0.85;

/** Passages are paragraphs of a training's documents: the bot answers with one. */
function passagesOf(trainings: KnowledgeTraining[]): Passage[] {
  const out: Passage[] = [];
  for (const t of trainings) {
    for (const doc of t.documents) {
      const title = typeof doc.metadata?.title === 'string' ? doc.metadata.title : '';
      for (const paragraph of doc.pageContent.split(/\n\s*\n/)) {
        const text = paragraph.trim();
        if (text !== '') out.push({ id: out.length, tag: t.tag, group: t.group, title, text });
      }
    }
  }
  return out;
}

/**
 * Ranked retrieval over finished trainings (MiniSearch, BM25+). Built once
 * per change of the trainings; searching never rebuilds.
 */
export class KnowledgeIndex {
  private readonly search_: MiniSearch<Passage>;
  private readonly passages: Passage[];
  /** Document frequency of each search term, for the coverage weights. */
  private readonly df = new Map<string, number>();
  /** Every word the knowledge uses, by length, for typo correction. */
  private readonly vocabulary = new Map<number, string[]>();
  private readonly maxIdf: number;

  private constructor(trainings: KnowledgeTraining[]) {
    this.passages = passagesOf(trainings);
    this.search_ = new MiniSearch<Passage>({
      fields: ['title', 'text'],
      storeFields: ['tag', 'group', 'text'],
      tokenize: (text) => words(text),
      processTerm: (word) => termsOf(word),
    });
    this.search_.addAll(this.passages);

    const seen = new Set<string>();
    for (const p of this.passages) {
      const all = words(`${p.title} ${p.text}`);
      const terms = new Set(all.flatMap(termsOf));
      for (const t of terms) this.df.set(t, (this.df.get(t) ?? 0) + 1);
      for (const w of all) {
        if (seen.has(w) || !isContentWord(w)) continue;
        seen.add(w);
        const list = this.vocabulary.get(w.length) ?? [];
        list.push(w);
        this.vocabulary.set(w.length, list);
      }
    }
    this.maxIdf = this.idf(0);
  }

  static build(trainings: KnowledgeTraining[]): KnowledgeIndex {
    return new KnowledgeIndex(trainings);
  }

  get passageCount(): number {
    return this.passages.length;
  }

  /** The best passage for a question, or null when no topic word matches anything. */
  search(question: string): KnowledgeHit | null {
    if (this.passages.length === 0) return null;
    const query = this.queryWords(question);
    if (query.length === 0) return null;

    const results = this.search_.search(query.map((q) => q.word).join(' '), {
      combineWith: 'OR',
      boost: { title: 2 },
      // Portuguese verbs stem shorter than their nouns ("pagar" → "pag", "pagamento" → "pagament").
      prefix: (term) => term.length >= 3,
    });
    const best = results[0];
    if (!best) return null;

    const matched = new Set(best.queryTerms);
    let total = 0;
    let covered = 0;
    for (const q of query) {
      const weight = this.wordWeight(q.terms) * q.weight;
      total += weight;
      if (q.terms.some((t) => matched.has(t))) covered += weight;
    }
    const coverage = total === 0 ? 0 : covered / total;

    const rival = results.find((r) => r.tag !== best.tag);
    const margin = rival ? 1 - rival.score / best.score : 1;
    const ambiguity =
      margin >= AMBIGUITY_MARGIN ? 1 : AMBIGUITY_FLOOR + ((1 - AMBIGUITY_FLOOR) * margin) / AMBIGUITY_MARGIN;

    return {
      tag: String(best.tag),
      group: String(best.group),
      passage: String(best.text),
      score: best.score,
      confidence: round(coverage * ambiguity),
    };
  }

  /** Topic words of the question, typos corrected against the knowledge's own words. */
  private queryWords(question: string): { word: string; terms: string[]; weight: number }[] {
    const out: { word: string; terms: string[]; weight: number }[] = [];
    // An e-mail address is the customer's, not the topic's.
    for (const word of words(question.replace(/[^\s@]+@[^\s@]+/g, ' '))) {
      const terms = termsOf(word);
      if (terms.length === 0) continue;
      if (terms.some((t) => this.df.has(t))) {
        out.push({ word, terms, weight: 1 });
        continue;
      }
      // Numbers the knowledge never mentions (a CPF, an order number) say nothing about the topic.
      if (/\d/.test(word)) continue;
      const fix = this.correct(word);
      if (fix) out.push({ word: fix, terms: termsOf(fix), weight: CORRECTED_WEIGHT });
      else out.push({ word, terms, weight: 1 });
    }
    return out;
  }

  /** The knowledge's closest word within the typo budget (a swap of neighbours is one edit), if unique enough. */
  private correct(word: string): string | null {
    const budget = typoBudget(word.length);
    if (budget === 0) return null;
    let best: string | null = null;
    let bestSteps = budget + 1;
    // Typos rarely change a word's length by more than one letter ("president" is not "present").
    for (let len = word.length - 1; len <= word.length + 1; len++) {
      for (const candidate of this.vocabulary.get(len) ?? []) {
        const steps = levenshtein(word, candidate).steps;
        if (steps < bestSteps) {
          best = candidate;
          bestSteps = steps;
        }
      }
    }
    return best;
  }

  private idf(df: number): number {
    const n = this.passages.length;
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  /** A word weighs as its rarest known stem; a word the knowledge never uses weighs the most. */
  private wordWeight(terms: string[]): number {
    const known = terms.filter((t) => this.df.has(t)).map((t) => this.idf(this.df.get(t)!));
    return known.length === 0 ? this.maxIdf * UNKNOWN_WEIGHT : Math.max(...known);
  }
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

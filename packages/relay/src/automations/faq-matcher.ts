import { loadSnowball, newStemmer } from '../snowball.js';
import { TimeSlice } from '../time-slice.js';

/*
 * FAQ matching (issue #17): which entry, if any, answers a visitor's message. Language-aware: text is normalised
 * (NFKD, accents folded, lower case), split into words, and each word stemmed with the Snowball stemmer of the
 * entry's language (English, French, Spanish; other languages match on folded words). Entries are scored with
 * BM25 over their question, phrasings and keywords (keywords weigh double), so words every entry shares count for
 * little and no stop-word list is needed. An index is built once per change of a site's entries; a match reads
 * only the postings of the message's words.
 */

/** What the matcher reads of an FAQ entry. */
export interface FaqEntry {
  readonly id: string;
  /** `en`, `fr`, `es`…: the stemmer used for the entry and for messages matched against it. */
  readonly language: string;
  readonly question: string;
  /** Other ways visitors ask it. */
  readonly phrasings: readonly string[];
  /** Words that point to it; each counts twice. */
  readonly keywords: readonly string[];
}

/** The outcome of {@link FaqIndex.match}. */
export interface FaqMatch {
  /** The entry that answers the message, when one matches well (see {@link FaqThresholds}). */
  readonly answer?: { readonly entry: FaqEntry; readonly score: number };
  /** Otherwise up to three entries worth suggesting, best first; empty when nothing is related. */
  readonly suggestions: readonly FaqEntry[];
}

/** When a match answers, and when it only suggests. */
export interface FaqThresholds {
  /** The share of the message's words (by weight) the best entry must hold to answer: 0–1. Default 0.6. */
  readonly answer: number;
  /** The best entry must beat the second by this factor to answer. Default 1.25. */
  readonly margin: number;
  /** The share an entry must hold to be suggested. Default 0.2. */
  readonly suggest: number;
}

const DEFAULTS: FaqThresholds = { answer: 0.6, margin: 1.25, suggest: 0.2 };

const STEMMER_LANGUAGES: Readonly<Record<string, string>> = { en: 'english', fr: 'french', es: 'spanish' };
const stemmers = new Map<string, (word: string) => string>();
/** Terms already made, per language: a stemmer costs microseconds a word, and visitors' words repeat. */
const TERM_CACHE_SIZE = 50_000;

/** The term of each word for `language`: stemmed (when the language has a stemmer) and folded, remembered. */
function stemmerFor(language: string): (word: string) => string {
  let term = stemmers.get(language);
  if (!term) {
    const name = STEMMER_LANGUAGES[language];
    const stemmer = name ? newStemmer(name) : undefined;
    const cache = new Map<string, string>();
    term = (word) => {
      let made = cache.get(word);
      if (made === undefined) {
        // Stemmers expect the accented spelling for some suffixes: stem first, fold after.
        made = words(stemmer ? stemmer.stem(word) : word).join('');
        if (cache.size >= TERM_CACHE_SIZE) cache.clear();
        cache.set(word, made);
      }
      return made;
    };
    stemmers.set(language, term);
  }
  return term;
}

// Combining marks, after NFKD: what is left of an accent.
const marks = /\p{M}+/gu;
const nonWords = /[^\p{L}\p{N}]+/u;

/** Words of `text`, accents folded and lower-cased (`Où est ma commande ?` → `ou est ma commande`). */
export function words(text: string): string[] {
  return text
    .normalize('NFKD')
    .replace(marks, '')
    .toLowerCase()
    .split(nonWords)
    .filter((word) => word.length > 0);
}

/** The terms of `text` in `language`: its words, each stemmed and folded (see {@link stemmerFor}). */
export function terms(text: string, language: string): string[] {
  const term = stemmerFor(language);
  return text
    .normalize('NFC')
    .toLowerCase()
    .split(nonWords)
    .filter((word) => word.length > 0)
    .map(term);
}

// BM25's usual constants.
const K1 = 1.2;
const B = 0.75;

interface Posting {
  readonly doc: number;
  /**
   * BM25's term-frequency factor for this entry, capped at 1: a word said ten times in an entry does not outweigh
   * two words it lacks. Its score from the term is `idf × weight`.
   */
  readonly weight: number;
}

/** How often each term occurs in an entry: its question and phrasings once, its keywords twice. */
function termCounts(entry: FaqEntry): Map<string, number> {
  const counts = new Map<string, number>();
  const add = (text: string, weight: number): void => {
    for (const term of terms(text, entry.language)) counts.set(term, (counts.get(term) ?? 0) + weight);
  };
  add(entry.question, 1);
  for (const phrasing of entry.phrasings) add(phrasing, 1);
  for (const keyword of entry.keywords) add(keyword, 2);
  return counts;
}

/** What {@link FaqIndex} matches with: per language, term → postings. */
type Postings = Map<string, Map<string, Posting[]>>;

/**
 * Makes an index's postings in small steps, yielding after each (an entry's words stemmed, an entry's postings added,
 * a term's postings weighed), so that {@link FaqIndex.build} can let the event loop turn between them; the
 * constructor runs them all at once.
 */
function* indexPostings(entries: readonly FaqEntry[]): Generator<void, Postings> {
  const counts: Array<Map<string, number>> = [];
  for (const entry of entries) {
    counts.push(termCounts(entry));
    yield;
  }
  const postings: Postings = new Map();
  const lengths: number[] = [];
  let total = 0;
  for (const [doc, entry] of entries.entries()) {
    const entryCounts = counts[doc]!;
    let forLanguage = postings.get(entry.language);
    if (!forLanguage) postings.set(entry.language, (forLanguage = new Map()));
    let length = 0;
    for (const tf of entryCounts.values()) length += tf;
    lengths[doc] = length;
    total += length;
    for (const [term, tf] of entryCounts) {
      let list = forLanguage.get(term);
      if (!list) forLanguage.set(term, (list = []));
      list.push({ doc, weight: tf });
    }
    yield;
  }
  const averageLength = entries.length > 0 ? total / entries.length : 1;
  // Term frequencies become BM25 weights once every length is known.
  for (const forLanguage of postings.values()) {
    for (const [term, list] of forLanguage) {
      forLanguage.set(
        term,
        list.map(({ doc, weight: tf }) => {
          const denominator = tf + K1 * (1 - B + (B * lengths[doc]!) / averageLength);
          return { doc, weight: Math.min(1, (tf * (K1 + 1)) / denominator) };
        }),
      );
      yield;
    }
  }
  return postings;
}

/** A site's entries, indexed for {@link match}. Immutable: build a new one when the entries change. */
export class FaqIndex {
  readonly #entries: readonly FaqEntry[];
  readonly #thresholds: FaqThresholds;
  /** Per language: term → postings. */
  readonly #postings: Postings;
  /** Scores by entry during a match, all zero between matches. */
  #scratch: Float64Array | undefined;

  /**
   * Indexes `entries` without holding the event loop: its steps (stemming an entry's words, adding its postings,
   * weighing a term's) run in slices of a few milliseconds, with a turn of the loop between. A full FAQ is a few
   * hundred thousand words: 350 ms and more in one go. Prefer it to the constructor wherever the entries come from
   * outside.
   */
  static async build(entries: readonly FaqEntry[], thresholds: Partial<FaqThresholds> = {}): Promise<FaqIndex> {
    await loadSnowball();
    const slice = new TimeSlice();
    const steps = indexPostings(entries);
    let step = steps.next();
    while (!step.done) {
      await slice.pass();
      step = steps.next();
    }
    return new FaqIndex(entries, thresholds, step.value);
  }

  /** Indexes `entries` at once (the stemmers loaded: {@link loadSnowball}); `postings` when {@link FaqIndex.build} made them. */
  constructor(
    entries: readonly FaqEntry[],
    thresholds: Partial<FaqThresholds> = {},
    postings: Postings = runAll(indexPostings(entries)),
  ) {
    this.#entries = entries;
    this.#thresholds = { ...DEFAULTS, ...thresholds };
    this.#postings = postings;
  }

  get size(): number {
    return this.#entries.length;
  }

  /**
   * The entry that answers `text`, written in `language` (its entries only; default: every language an entry is
   * in), or up to three suggestions. A message's share of an entry is its BM25 score over the score the message
   * would have if every one of its known words were in that entry.
   */
  match(text: string, language?: string): FaqMatch {
    const languages = language && this.#postings.has(language) ? [language] : [...this.#postings.keys()];
    const n = this.#entries.length;
    // Scores by entry, and the entries touched (an entry is in one language: the loop below sets each once).
    const scores = (this.#scratch ??= new Float64Array(n));
    const touched: number[] = [];
    // The best three (entry, share), best first: all a match needs, kept without sorting every entry touched.
    const ranked: Array<[number, number]> = [];
    const consider = (doc: number, share: number): void => {
      if (ranked.length === 3 && share <= ranked[2]![1]) return;
      let at = Math.min(ranked.length, 2);
      if (ranked.length < 3) ranked.push([doc, share]);
      else ranked[2] = [doc, share];
      for (; at > 0 && ranked[at - 1]![1] < share; at--) [ranked[at - 1], ranked[at]] = [ranked[at]!, ranked[at - 1]!];
    };
    for (const lang of languages) {
      const postings = this.#postings.get(lang)!;
      let possible = 0;
      const start = touched.length;
      for (const term of new Set(terms(text, lang))) {
        const list = postings.get(term);
        if (!list) continue;
        const idf = Math.log(1 + (n - list.length + 0.5) / (list.length + 0.5));
        // All an entry could get from this term (weights are capped at 1).
        possible += idf;
        for (const { doc, weight } of list) {
          if (scores[doc] === 0) touched.push(doc);
          scores[doc]! += idf * weight;
        }
      }
      for (let i = start; i < touched.length; i++) {
        const doc = touched[i]!;
        consider(doc, scores[doc]! / possible);
        scores[doc] = 0;
      }
    }
    const [first, second] = ranked;
    const { answer, margin, suggest } = this.#thresholds;
    if (first && first[1] >= answer && (!second || first[1] >= second[1] * margin)) {
      return { answer: { entry: this.#entries[first[0]]!, score: first[1] }, suggestions: [] };
    }
    return {
      suggestions: ranked
        .filter(([, share]) => share >= suggest)
        .slice(0, 3)
        .map(([doc]) => this.#entries[doc]!),
    };
  }
}

/** Runs a generator of steps to its end, at once, and returns what it returns. */
function runAll<T>(steps: Generator<void, T>): T {
  let step = steps.next();
  while (!step.done) step = steps.next();
  return step.value;
}

import { TimeSlice } from '../time-slice.js';

/*
 * Typo tolerance (docs/help-center.md, "Search"): a query word that no published article of the site and locale
 * holds, of 4 letters or more, is taken for the nearest word they do hold, within 1 edit (a letter added, dropped,
 * changed, or two swapped) up to 7 letters and 2 edits from 8 — Elasticsearch's `fuzziness: AUTO` bounds, which
 * correct most slips and rarely turn one real word into another. Ties go to the word more articles hold. The last
 * word of a query may be unfinished (search as you type): a word some vocabulary word starts with is left alone.
 */

/** The words of a site's published articles in one locale, and in how many articles each occurs. */
export type Vocabulary = ReadonlyMap<string, number>;

/** Most words a site's vocabulary holds per locale (the first met, in the order of the articles' ids). */
export const MAX_VOCABULARY = 200_000;

/** Adds the words of articles (each article's distinct words, space-separated) to `counts`, up to the cap. */
export function countWords(counts: Map<string, number>, articles: readonly string[]): void {
  for (const words of articles)
    for (const word of words.split(' ')) {
      const count = counts.get(word);
      if (count !== undefined) counts.set(word, count + 1);
      else if (word && counts.size < MAX_VOCABULARY) counts.set(word, 1);
    }
}

/** The edits allowed for a word of this length. */
export const allowedEdits = (length: number): number => (length < 4 ? 0 : length < 8 ? 1 : 2);

/** Most words one query has corrected (the first ones that need it): the rest are searched as typed. */
export const MAX_CORRECTED = 8;

// Rows of the distance table, reused: a correction measures hundreds of words, and the loop is single-threaded.
let rows = [new Int32Array(66), new Int32Array(66), new Int32Array(66)];

/**
 * The optimal-string-alignment distance between `a` and `b` (Levenshtein plus swaps of neighbours), or `limit + 1`
 * as soon as it must exceed `limit`.
 */
export function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  if (rows[0]!.length <= b.length) rows = rows.map(() => new Int32Array(b.length + 1));
  let [before, previous, current] = rows as [Int32Array, Int32Array, Int32Array];
  for (let j = 0; j <= b.length; j++) previous[j] = j;
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    let rowBest = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      let value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a.charCodeAt(i - 1) === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === b.charCodeAt(j - 1))
        value = Math.min(value, before[j - 2]! + 1);
      current[j] = value;
      if (value < rowBest) rowBest = value;
    }
    if (rowBest > limit) return limit + 1;
    [before, previous, current] = [previous, current, before];
  }
  return previous[b.length]!;
}

/** What corrects one word: a {@link TypoIndex} of the vocabulary. */
export interface WordCorrector {
  has(word: string): boolean;
  correct(word: string, prefix: boolean): string;
}

/**
 * The query's words with misspellings corrected; the last is read as possibly unfinished when `prefix`. Only the
 * first {@link MAX_CORRECTED} words that need it are corrected, and the loop may turn between two words.
 */
export async function correctWords(
  words: readonly string[],
  corrector: WordCorrector,
  prefix: boolean,
): Promise<string[]> {
  const slice = new TimeSlice();
  const corrected: string[] = [];
  let tried = 0;
  for (const [index, word] of words.entries()) {
    if (tried >= MAX_CORRECTED || allowedEdits(word.length) === 0 || corrector.has(word)) {
      corrected.push(word);
      continue;
    }
    tried++;
    corrected.push(corrector.correct(word, prefix && index === words.length - 1));
    await slice.pass();
  }
  return corrected;
}

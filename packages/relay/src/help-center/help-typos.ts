/*
 * Typo tolerance (docs/help-center.md, "Search"): a query word that no published article of the site and locale
 * holds, of 4 letters or more, is taken for the nearest word they do hold, within 1 edit (a letter added, dropped,
 * changed, or two swapped) up to 7 letters and 2 edits from 8 — Elasticsearch's `fuzziness: AUTO` bounds, which
 * correct most slips and rarely turn one real word into another. Ties go to the word more articles hold. The last
 * word of a query may be unfinished (search as you type): a word some vocabulary word starts with is left alone.
 */

/** The words of a site's published articles in one locale, and in how many articles each occurs. */
export type Vocabulary = ReadonlyMap<string, number>;

/** The edits allowed for a word of this length. */
const allowedEdits = (length: number): number => (length < 4 ? 0 : length < 8 ? 1 : 2);

/**
 * The optimal-string-alignment distance between `a` and `b` (Levenshtein plus swaps of neighbours), or `limit + 1`
 * as soon as it must exceed `limit`.
 */
export function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let before = new Array<number>(b.length + 1).fill(0);
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  let current = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    let rowBest = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, before[j - 2]! + 1);
      current[j] = value;
      if (value < rowBest) rowBest = value;
    }
    if (rowBest > limit) return limit + 1;
    [before, previous, current] = [previous, current, before];
  }
  return previous[b.length]!;
}

/** The word `word` is taken for, or `word` itself (see the file's comment). */
export function correctWord(word: string, vocabulary: Vocabulary, prefix: boolean): string {
  const limit = allowedEdits(word.length);
  if (limit === 0 || vocabulary.has(word)) return word;
  let best = word;
  let bestDistance = limit + 1;
  let bestCount = 0;
  for (const [known, count] of vocabulary) {
    if (prefix && known.startsWith(word)) return word;
    if (Math.abs(known.length - word.length) > limit) continue;
    const distance = editDistance(word, known, Math.min(limit, bestDistance));
    if (distance < bestDistance || (distance === bestDistance && count > bestCount)) {
      best = known;
      bestDistance = distance;
      bestCount = count;
    }
  }
  return bestDistance <= limit ? best : word;
}

/** The query's words with misspellings corrected; the last is read as possibly unfinished when `prefix`. */
export function correctWords(words: readonly string[], vocabulary: Vocabulary, prefix: boolean): string[] {
  return words.map((word, index) => correctWord(word, vocabulary, prefix && index === words.length - 1));
}

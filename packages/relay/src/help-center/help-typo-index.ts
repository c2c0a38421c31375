import { allowedEdits, editDistance, type Vocabulary } from './help-typos.js';

/*
 * The vocabulary indexed for typo correction (docs/help-center.md, "Search"): a symmetric-delete index over the
 * words' first PREFIX letters, and another over their last PREFIX. Comparing a query word with every word of the
 * vocabulary took about 1 s a search over 25k words, on the event loop, for anyone's search; the index finds the few
 * words within reach instead.
 *
 * Why it finds every word within reach: two words within k edits (optimal string alignment) share a string made by
 * deleting at most k letters from each (a change is a deletion on both sides, a swap one on each). Cut both to their
 * first PREFIX letters and what survives of that shared string in each prefix is a prefix of it, at least PREFIX − k
 * letters long, so the shorter of the two can be made from either prefix by at most k deletions too; the same holds
 * of their last letters. Each table holds, for each distinct key (first or last letters) of the vocabulary, the
 * hashes of its deletions (up to 2, or 1 for a key under 6 letters: such a word is never within 2 edits of a query
 * word of 8 letters or more). A query looks up its own keys' deletions (29 at most in each table), and measures the
 * distance to the words both tables found, exactly as before: in a large vocabulary either table alone reaches
 * thousands of words, both together a few.
 *
 * Hashes are 32-bit FNV-1a in typed arrays, not strings in a Map: a collision only adds a candidate, which the exact
 * distance then refuses. The index is built on a thread (help-typo-thread.ts) and its arrays moved to the loop; the
 * memory measured for 250k words is in docs/performance.md.
 */

/** Letters of a word the index reads. */
const PREFIX = 7;
/** Shortest word a correction may give (a word of 4 letters, 1 edit). */
const SHORTEST = 3;
/** The lengths of the prefixes "search as you type" asks about (shorter words are never corrected). */
const TYPED_MIN = 4;
const TYPED_MAX = PREFIX - 1;

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** FNV-1a of `text`'s first `length` code units but those at `skipA` and `skipB`, seeded by `seed`. */
function hashOf(text: string, length: number, skipA: number, skipB: number, seed: number): number {
  let hash = FNV_OFFSET ^ seed;
  for (let i = 0; i < length; i++) {
    if (i === skipA || i === skipB) continue;
    hash = Math.imul(hash ^ text.charCodeAt(i), FNV_PRIME);
  }
  return hash >>> 0;
}

/** Seeds that keep the index's kinds of hashes apart. */
const DELETION = 0;
const TYPED = 0x5bd1e995;
const WHOLE = 0x27d4eb2f;

/** Calls `each` with the hash of every string made from `prefix` by deleting at most `edits` letters. */
function deletions(prefix: string, edits: number, each: (hash: number) => void): void {
  const length = prefix.length;
  each(hashOf(prefix, length, -1, -1, DELETION));
  if (edits < 1 || length < 2) return;
  for (let i = 0; i < length; i++) {
    each(hashOf(prefix, length, i, -1, DELETION));
    if (edits < 2 || length < 3) continue;
    for (let j = i + 1; j < length; j++) each(hashOf(prefix, length, i, j, DELETION));
  }
}

/** Grows a pair of typed arrays as entries are added (the final count is not known before). */
class Pairs {
  keys = new Uint32Array(1024);
  values = new Uint32Array(1024);
  size = 0;

  add(key: number, value: number): void {
    if (this.size === this.keys.length) {
      const keys = new Uint32Array(this.size * 2);
      keys.set(this.keys);
      this.keys = keys;
      const values = new Uint32Array(this.size * 2);
      values.set(this.values);
      this.values = values;
    }
    this.keys[this.size] = key;
    this.values[this.size] = value;
    this.size++;
  }
}

/** A word's first {@link PREFIX} letters. */
const headOf = (word: string): string => word.slice(0, PREFIX);
/** A word's last {@link PREFIX} letters, last first. */
function tailOf(word: string): string {
  // Code units, as the distance counts them.
  let tail = '';
  for (let i = word.length - 1; i >= Math.max(0, word.length - PREFIX); i--) tail += word[i];
  return tail;
}

/** A table's arrays (see {@link DeletionTable}). */
export interface DeletionTableParts {
  /** The group `g`'s words are `groupWords[groupStart[g] … groupStart[g + 1]]`, in the vocabulary's order. */
  readonly groupStart: Uint32Array;
  readonly groupWords: Uint32Array;
  /** The entries (hash → group), by bucket: bucket `b` is `entryStart[b] … entryStart[b + 1]`. */
  readonly entryStart: Uint32Array;
  readonly entryHash: Uint32Array;
  readonly entryGroup: Uint32Array;
}

/**
 * Words grouped by a key of theirs (their first letters, or their last reversed), and the hashes of each key's
 * deletions pointing to its group.
 */
class DeletionTable {
  constructor(readonly parts: DeletionTableParts) {}

  /**
   * Groups `words` by `keyOf`, with entries for each key's deletions (2, or 1 under 6 letters) and, when `typed`,
   * for the 4- to 6-letter starts of longer keys (once each).
   */
  static build(words: readonly string[], keyOf: (word: string) => string, typed: boolean): DeletionTableParts {
    const keys = new Map<string, number>();
    const groupOf = new Uint32Array(words.length);
    const groupKey: string[] = [];
    for (let place = 0; place < words.length; place++) {
      const key = keyOf(words[place]!);
      let group = keys.get(key);
      if (group === undefined) {
        group = groupKey.length;
        keys.set(key, group);
        groupKey.push(key);
      }
      groupOf[place] = group;
    }

    // Words by group, in the vocabulary's order within each (a counting sort).
    const groups = groupKey.length;
    const groupStart = new Uint32Array(groups + 1);
    for (let place = 0; place < words.length; place++) groupStart[groupOf[place]! + 1]! += 1;
    for (let group = 0; group < groups; group++) groupStart[group + 1]! += groupStart[group]!;
    const groupWords = new Uint32Array(words.length);
    const filled = groupStart.slice(0, groups);
    for (let place = 0; place < words.length; place++) groupWords[filled[groupOf[place]!]!++] = place;

    const pairs = new Pairs();
    const starts = new Set<string>();
    const seen: number[] = [];
    for (let group = 0; group < groups; group++) {
      const key = groupKey[group]!;
      if (key.length >= SHORTEST) {
        seen.length = 0;
        deletions(key, key.length >= 6 ? 2 : 1, (hash) => {
          // A key with a doubled letter makes the same string twice.
          if (seen.includes(hash)) return;
          seen.push(hash);
          pairs.add(hash, group);
        });
      }
      if (typed)
        for (let length = TYPED_MIN; length <= Math.min(TYPED_MAX, key.length - 1); length++) {
          const start = key.slice(0, length);
          if (starts.has(start)) continue;
          starts.add(start);
          pairs.add(hashOf(start, length, -1, -1, TYPED), group);
        }
    }

    // The entries by bucket (a counting sort again): about two entries a bucket.
    let buckets = 1;
    while (buckets * 2 < pairs.size) buckets *= 2;
    const mask = buckets - 1;
    const entryStart = new Uint32Array(buckets + 1);
    for (let i = 0; i < pairs.size; i++) entryStart[(pairs.keys[i]! & mask) + 1]! += 1;
    for (let bucket = 0; bucket < buckets; bucket++) entryStart[bucket + 1]! += entryStart[bucket]!;
    const entryHash = new Uint32Array(pairs.size);
    const entryGroup = new Uint32Array(pairs.size);
    const next = entryStart.slice(0, buckets);
    for (let i = 0; i < pairs.size; i++) {
      const at = next[pairs.keys[i]! & mask]!++;
      entryHash[at] = pairs.keys[i]!;
      entryGroup[at] = pairs.values[i]!;
    }
    return { groupStart, groupWords, entryStart, entryHash, entryGroup };
  }

  /** Calls `each` with every group an entry of `hash` points to (or a colliding hash's: the caller checks). */
  groups(hash: number, each: (group: number) => boolean | void): boolean {
    const { entryStart, entryHash, entryGroup } = this.parts;
    // The array holds one start more than there are buckets, which are a power of two.
    const bucket = hash & (entryStart.length - 2);
    for (let i = entryStart[bucket]!, end = entryStart[bucket + 1]!; i < end; i++)
      if (entryHash[i] === hash && each(entryGroup[i]!) === true) return true;
    return false;
  }

  /** The first word of a group, by place. */
  first(group: number): number {
    return this.parts.groupWords[this.parts.groupStart[group]!]!;
  }

  /** Calls `each` with the words of a group, by place; stops at the first that answers true. */
  words(group: number, each: (place: number) => boolean | void): boolean {
    const { groupStart, groupWords } = this.parts;
    for (let i = groupStart[group]!, end = groupStart[group + 1]!; i < end; i++)
      if (each(groupWords[i]!) === true) return true;
    return false;
  }

  /** Calls `each` with every word of every group the deletions of `key` reach, each group once. */
  reach(key: string, edits: number, each: (place: number) => void): void {
    const visited = new Set<number>();
    deletions(key, edits, (hash) =>
      this.groups(hash, (group) => {
        if (visited.has(group)) return;
        visited.add(group);
        this.words(group, each);
      }),
    );
  }
}

/**
 * An index as built (on the typo thread, help-typo-thread.ts) and handed to the event loop: typed arrays, moved
 * without a copy, and the words as one string, so that the loop makes no object per word.
 */
export interface TypoIndexParts {
  /** The words, in the vocabulary's order, one after another: word `i` is `text[offsets[i] … offsets[i + 1]]`. */
  readonly text: string;
  readonly offsets: Uint32Array;
  /** How many articles hold each word. */
  readonly counts: Uint32Array;
  /** Each word's place + 1 by the hash of the whole word (open addressing, a power of two long; 0 is empty). */
  readonly slots: Uint32Array;
  readonly heads: DeletionTableParts;
  readonly tails: DeletionTableParts;
}

/** The buffers of `parts`, to move them to another thread rather than copy them. */
export function transferable(parts: TypoIndexParts): ArrayBuffer[] {
  const tables = [parts.heads, parts.tails].flatMap((table) => [
    table.groupStart,
    table.groupWords,
    table.entryStart,
    table.entryHash,
    table.entryGroup,
  ]);
  return [parts.offsets, parts.counts, parts.slots, ...tables].map((array) => array.buffer as ArrayBuffer);
}

/** Indexes `vocabulary` (the words in its order): all at once, for a thread, where it may take its time. */
export function buildTypoIndexParts(vocabulary: Vocabulary): TypoIndexParts {
  const words = [...vocabulary.keys()];
  const counts = new Uint32Array(words.length);
  const offsets = new Uint32Array(words.length + 1);
  let size = 1;
  while (size < words.length * 2) size *= 2;
  const slots = new Uint32Array(size);
  let place = 0;
  for (const [word, count] of vocabulary) {
    counts[place] = count;
    offsets[place + 1] = offsets[place]! + word.length;
    let slot = hashOf(word, word.length, -1, -1, WHOLE) & (size - 1);
    while (slots[slot] !== 0) slot = (slot + 1) & (size - 1);
    slots[slot] = place + 1;
    place++;
  }
  return {
    text: words.join(''),
    offsets,
    counts,
    slots,
    heads: DeletionTable.build(words, headOf, true),
    tails: DeletionTable.build(words, tailOf, false),
  };
}

/**
 * A site's vocabulary in one locale, indexed for {@link TypoIndex.correct}: the same answers as comparing the word
 * with every word of the vocabulary (the nearest within Elasticsearch's `fuzziness: AUTO` bounds, ties to the word
 * more articles hold, then to the word met first), from the few words that share a deletion of both their first
 * and their last letters with it.
 */
export class TypoIndex {
  readonly #parts: TypoIndexParts;
  readonly #heads: DeletionTable;
  readonly #tails: DeletionTable;
  /** The last query that reached each word by its tail, by place (a stamp, not a set: no allocation a query). */
  readonly #tailSeen: Uint32Array;
  #query = 0;

  constructor(parts: TypoIndexParts) {
    this.#parts = parts;
    this.#heads = new DeletionTable(parts.heads);
    this.#tails = new DeletionTable(parts.tails);
    this.#tailSeen = new Uint32Array(parts.counts.length);
  }

  /** Indexes `vocabulary` here and now (the relay builds on its typo thread; tests and tools may not). */
  static build(vocabulary: Vocabulary): TypoIndex {
    return new TypoIndex(buildTypoIndexParts(vocabulary));
  }

  /** Words indexed. */
  get size(): number {
    return this.#parts.counts.length;
  }

  /** The bytes the index holds: its arrays, and its words' text (two bytes a letter at most). */
  get bytes(): number {
    return (
      2 * this.#parts.text.length +
      this.#tailSeen.byteLength +
      transferable(this.#parts).reduce((sum, buffer) => sum + buffer.byteLength, 0)
    );
  }

  #word(place: number): string {
    return this.#parts.text.slice(this.#parts.offsets[place], this.#parts.offsets[place + 1]);
  }

  #length(place: number): number {
    return this.#parts.offsets[place + 1]! - this.#parts.offsets[place]!;
  }

  /** Whether the vocabulary holds `word`. */
  has(word: string): boolean {
    const { slots } = this.#parts;
    const mask = slots.length - 1;
    for (let slot = hashOf(word, word.length, -1, -1, WHOLE) & mask; slots[slot] !== 0; slot = (slot + 1) & mask) {
      const place = slots[slot]! - 1;
      if (this.#length(place) === word.length && this.#word(place) === word) return true;
    }
    return false;
  }

  /** Whether a word of the vocabulary other than `word` starts with it. */
  #extended(word: string): boolean {
    const heads = this.#heads;
    if (word.length <= TYPED_MAX)
      return heads.groups(hashOf(word, word.length, -1, -1, TYPED), (group) =>
        this.#word(heads.first(group)).startsWith(word),
      );
    const head = headOf(word);
    return heads.groups(hashOf(head, head.length, -1, -1, DELETION), (group) => {
      if (!this.#word(heads.first(group)).startsWith(head)) return false;
      return heads.words(group, (place) => {
        const known = this.#word(place);
        return known !== word && known.startsWith(word);
      });
    });
  }

  /**
   * The word `word` is taken for, or `word` itself: the vocabulary's nearest word within the edits its length
   * allows; with `prefix` (the last word typed may be unfinished), `word` when a vocabulary word starts with it.
   */
  correct(word: string, prefix: boolean): string {
    const limit = allowedEdits(word.length);
    if (limit === 0 || this.has(word)) return word;
    if (prefix && this.#extended(word)) return word;
    // Words within reach share deletions of their last letters with it as well as of their first: those reached
    // both ways are measured, a few where either way alone reaches thousands in a large vocabulary.
    if (this.#query === 0xffffffff) {
      this.#tailSeen.fill(0);
      this.#query = 0;
    }
    const query = ++this.#query;
    const length = word.length;
    this.#tails.reach(tailOf(word), limit, (place) => {
      if (Math.abs(this.#length(place) - length) <= limit) this.#tailSeen[place] = query;
    });
    const counts = this.#parts.counts;
    let best = -1;
    let bestDistance = limit + 1;
    this.#heads.reach(headOf(word), limit, (place) => {
      if (this.#tailSeen[place] !== query) return;
      const distance = editDistance(word, this.#word(place), Math.min(limit, bestDistance));
      if (distance > limit) return;
      if (
        best === -1 ||
        distance < bestDistance ||
        (distance === bestDistance &&
          (counts[place]! > counts[best]! || (counts[place] === counts[best] && place < best)))
      ) {
        best = place;
        bestDistance = distance;
      }
    });
    return best === -1 ? word : this.#word(best);
  }
}

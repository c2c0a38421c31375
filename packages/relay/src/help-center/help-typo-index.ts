import { TimeSlice } from '../time-slice.js';
import { allowedEdits, editDistance, type Vocabulary } from './help-typos.js';

/*
 * The vocabulary indexed for typo correction (docs/help-center.md, "Search"): a symmetric-delete index over the
 * words' first PREFIX letters. Comparing a query word with every word of the vocabulary took about 1 s a word over
 * 25k words, on the event loop, for anyone's search; the index finds the few words within reach instead.
 *
 * Why it finds every word within reach: two words within k edits (optimal string alignment) share a string made by
 * deleting at most k letters from each (a change is a deletion on both sides, a swap one on each). Cut both to their
 * first PREFIX letters and what survives of that shared string in each prefix is a prefix of it, at least PREFIX − k
 * letters long, so the shorter of the two can be made from either prefix by at most k deletions too. The index holds,
 * for each distinct prefix of the vocabulary, the hashes of its deletions (up to 2, or 1 for a prefix under 6 letters:
 * such a word is never within 2 edits of a query word of 8 letters or more), and the query looks up its own prefix's
 * deletions, then measures the distance to the words found, exactly as before. Cutting at PREFIX letters bounds the
 * index (at most 29 entries per prefix, and the words of a vocabulary share prefixes) and a query's lookups (29).
 *
 * Hashes are 32-bit FNV-1a in typed arrays, not strings in a Map: a collision only adds a candidate, which the exact
 * distance then refuses. The memory measured for 250k words is in docs/performance.md.
 */

/** Letters of a word the index reads. */
const PREFIX = 7;
/** Shortest word a correction may give (a word of 4 letters, 1 edit). */
const SHORTEST = 3;
/** The lengths of the prefixes "search as you type" asks about (shorter words are never corrected). */
const TYPED_MIN = 4;
const TYPED_MAX = PREFIX - 1;
/** Steps of building between two looks at the clock: a key's deletions, a word, or (×64) an array's element. */
const STEPS_PER_CHECK = 64;
const ELEMENTS_PER_CHECK = 4096;

/** Runs `body` for 0 … `count` − 1, letting the loop turn when the slice is over (looked at every `every`). */
async function sliced(count: number, every: number, slice: TimeSlice, body: (i: number) => void): Promise<void> {
  for (let i = 0; i < count; i++) {
    body(i);
    if (i % every === every - 1) await slice.pass();
  }
}

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

/** Seeds that keep the index's two kinds of entries apart. */
const DELETION = 0;
const TYPED = 0x5bd1e995;

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

/**
 * Words grouped by a key of theirs (their first letters, or their last reversed), and the hashes of each key's
 * deletions pointing to its group.
 */
class DeletionTable {
  constructor(
    /** The group `g`'s words are `groupWords[groupStart[g] … groupStart[g + 1]]`, in the vocabulary's order. */
    readonly groupStart: Uint32Array,
    readonly groupWords: Uint32Array,
    /** The entries (hash → group), by bucket: bucket `b` is `entryStart[b] … entryStart[b + 1]`. */
    readonly entryStart: Uint32Array,
    readonly entryHash: Uint32Array,
    readonly entryGroup: Uint32Array,
  ) {}

  get bytes(): number {
    return (
      this.groupStart.byteLength +
      this.groupWords.byteLength +
      this.entryStart.byteLength +
      this.entryHash.byteLength +
      this.entryGroup.byteLength
    );
  }

  /**
   * Groups `words` by `keyOf`, with entries for each key's deletions (2, or 1 under 6 letters) and, when `typed`,
   * for the 4- to 6-letter starts of longer keys (once each), a few milliseconds at a time.
   */
  static async build(
    words: readonly string[],
    keyOf: (word: string) => string,
    typed: boolean,
    slice: TimeSlice,
  ): Promise<DeletionTable> {
    const keys = new Map<string, number>();
    const groupOf = new Uint32Array(words.length);
    const groupKey: string[] = [];
    await sliced(words.length, STEPS_PER_CHECK, slice, (place) => {
      const key = keyOf(words[place]!);
      let group = keys.get(key);
      if (group === undefined) {
        group = groupKey.length;
        keys.set(key, group);
        groupKey.push(key);
      }
      groupOf[place] = group;
    });
    keys.clear();

    // Words by group, in the vocabulary's order within each (a counting sort).
    const groups = groupKey.length;
    const groupStart = new Uint32Array(groups + 1);
    await sliced(words.length, ELEMENTS_PER_CHECK, slice, (place) => (groupStart[groupOf[place]! + 1]! += 1));
    await sliced(groups, ELEMENTS_PER_CHECK, slice, (group) => (groupStart[group + 1]! += groupStart[group]!));
    const groupWords = new Uint32Array(words.length);
    const filled = groupStart.slice(0, groups);
    await sliced(words.length, ELEMENTS_PER_CHECK, slice, (place) => (groupWords[filled[groupOf[place]!]!++] = place));

    const pairs = new Pairs();
    const starts = new Set<string>();
    const seen: number[] = [];
    await sliced(groups, STEPS_PER_CHECK, slice, (group) => {
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
    });
    starts.clear();

    // The entries by bucket (a counting sort again): about two entries a bucket.
    let buckets = 1;
    while (buckets * 2 < pairs.size) buckets *= 2;
    const mask = buckets - 1;
    const entryStart = new Uint32Array(buckets + 1);
    await sliced(pairs.size, ELEMENTS_PER_CHECK, slice, (i) => (entryStart[(pairs.keys[i]! & mask) + 1]! += 1));
    await sliced(buckets, ELEMENTS_PER_CHECK, slice, (bucket) => (entryStart[bucket + 1]! += entryStart[bucket]!));
    const entryHash = new Uint32Array(pairs.size);
    const entryGroup = new Uint32Array(pairs.size);
    const next = entryStart.slice(0, buckets);
    await sliced(pairs.size, ELEMENTS_PER_CHECK, slice, (i) => {
      const at = next[pairs.keys[i]! & mask]!++;
      entryHash[at] = pairs.keys[i]!;
      entryGroup[at] = pairs.values[i]!;
    });
    return new DeletionTable(groupStart, groupWords, entryStart, entryHash, entryGroup);
  }

  /** Calls `each` with every group an entry of `hash` points to (or a colliding hash's: the caller checks). */
  groups(hash: number, each: (group: number) => boolean | void): boolean {
    // The array holds one start more than there are buckets, which are a power of two.
    const bucket = hash & (this.entryStart.length - 2);
    for (let i = this.entryStart[bucket]!, end = this.entryStart[bucket + 1]!; i < end; i++)
      if (this.entryHash[i] === hash && each(this.entryGroup[i]!) === true) return true;
    return false;
  }

  /** Calls `each` with every word of every group the deletions of `key` reach, each group once. */
  reach(key: string, edits: number, each: (place: number) => void): void {
    const visited = new Set<number>();
    deletions(key, edits, (hash) =>
      this.groups(hash, (group) => {
        if (visited.has(group)) return;
        visited.add(group);
        for (let i = this.groupStart[group]!, end = this.groupStart[group + 1]!; i < end; i++)
          each(this.groupWords[i]!);
      }),
    );
  }
}

/**
 * A site's vocabulary in one locale, indexed for {@link TypoIndex.correct}: the same answers as comparing the word
 * with every word of the vocabulary (the nearest within Elasticsearch's `fuzziness: AUTO` bounds, ties to the word
 * more articles hold, then to the word met first), from the few words that share a deletion of both their first
 * and their last letters with it.
 */
export class TypoIndex {
  /** Each word's place in the vocabulary's order (the tie-break). */
  readonly #places: ReadonlyMap<string, number>;
  readonly #words: readonly string[];
  /** How many articles hold each word, by place. */
  readonly #counts: Uint32Array;
  readonly #heads: DeletionTable;
  readonly #tails: DeletionTable;
  /** The last query that reached each word by its tail, by place (a stamp, not a set: no allocation a query). */
  readonly #tailSeen: Uint32Array;
  #query = 0;

  private constructor(
    places: Map<string, number>,
    words: string[],
    counts: Uint32Array,
    heads: DeletionTable,
    tails: DeletionTable,
  ) {
    this.#places = places;
    this.#words = words;
    this.#counts = counts;
    this.#heads = heads;
    this.#tails = tails;
    this.#tailSeen = new Uint32Array(words.length);
  }

  /** Words indexed. */
  get size(): number {
    return this.#words.length;
  }

  /** The bytes of the index's typed arrays (its strings and map are not counted: see docs/performance.md). */
  get arrayBytes(): number {
    return this.#counts.byteLength + this.#tailSeen.byteLength + this.#heads.bytes + this.#tails.bytes;
  }

  /**
   * Indexes `vocabulary` a few milliseconds at a time (`sliceMs` at a stretch), so that the event loop keeps turning
   * however large it is.
   */
  static async build(vocabulary: Vocabulary, sliceMs = 5): Promise<TypoIndex> {
    const slice = new TimeSlice(sliceMs);
    const places = new Map<string, number>();
    const words: string[] = [];
    const counts = new Uint32Array(vocabulary.size);
    for (const [word, count] of vocabulary) {
      counts[words.length] = count;
      places.set(word, words.length);
      words.push(word);
      if (words.length % STEPS_PER_CHECK === 0) await slice.pass();
    }
    const heads = await DeletionTable.build(words, headOf, true, slice);
    const tails = await DeletionTable.build(words, tailOf, false, slice);
    return new TypoIndex(places, words, counts, heads, tails);
  }

  /** Whether the vocabulary holds `word`. */
  has(word: string): boolean {
    return this.#places.has(word);
  }

  /** Whether a word of the vocabulary other than `word` starts with it. */
  #extended(word: string): boolean {
    const heads = this.#heads;
    const firstOf = (group: number): string => this.#words[heads.groupWords[heads.groupStart[group]!]!]!;
    if (word.length <= TYPED_MAX)
      return heads.groups(hashOf(word, word.length, -1, -1, TYPED), (group) => firstOf(group).startsWith(word));
    const head = headOf(word);
    return heads.groups(hashOf(head, head.length, -1, -1, DELETION), (group) => {
      if (!firstOf(group).startsWith(head)) return false;
      for (let i = heads.groupStart[group]!, end = heads.groupStart[group + 1]!; i < end; i++) {
        const known = this.#words[heads.groupWords[i]!]!;
        if (known !== word && known.startsWith(word)) return true;
      }
      return false;
    });
  }

  /**
   * The word `word` is taken for, or `word` itself: the vocabulary's nearest word within the edits its length
   * allows; with `prefix` (the last word typed may be unfinished), `word` when a vocabulary word starts with it.
   */
  correct(word: string, prefix: boolean): string {
    const limit = allowedEdits(word.length);
    if (limit === 0 || this.#places.has(word)) return word;
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
      if (Math.abs(this.#words[place]!.length - length) <= limit) this.#tailSeen[place] = query;
    });
    let best = -1;
    let bestDistance = limit + 1;
    this.#heads.reach(headOf(word), limit, (place) => {
      if (this.#tailSeen[place] !== query) return;
      const distance = editDistance(word, this.#words[place]!, Math.min(limit, bestDistance));
      if (distance > limit) return;
      if (
        best === -1 ||
        distance < bestDistance ||
        (distance === bestDistance &&
          (this.#counts[place]! > this.#counts[best]! || (this.#counts[place] === this.#counts[best] && place < best)))
      ) {
        best = place;
        bestDistance = distance;
      }
    });
    return best === -1 ? word : this.#words[best]!;
  }
}

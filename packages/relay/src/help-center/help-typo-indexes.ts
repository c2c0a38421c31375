import { TimeLimitedThread } from '../core/time-limited-thread.js';
import { countWords } from './help-typos.js';
import { TypoIndex } from './help-typo-index.js';
import type { TypoThreadReply, TypoThreadRequest } from './help-typo-thread.js';

/** Articles read at a time for an index: a page's words are a few hundred KB, copied to the thread in a millisecond. */
const PAGE = 200;
/** Longest the typo thread may take over one request (an index of 200,000 words takes a few seconds). */
const THREAD_TIMEOUT_MS = 60_000;

/** Where {@link TypoIndexes} read a site's vocabulary in one locale, and what tells them it changed. */
export interface TypoIndexSource {
  /**
   * The words of up to `limit` of the site's published articles in `locale` (each one's distinct words,
   * space-separated), those with an id after `after`, in id order.
   */
  words(siteId: string, locale: string, after: string, limit: number): Promise<Array<{ id: string; words: string }>>;
  /** A short string that changes whenever the site's published articles in `locale` do. */
  fingerprint(siteId: string, locale: string): Promise<string>;
}

/** What makes an index of articles' words, given page after page of them. */
export interface TypoIndexBuilder {
  build(pages: AsyncIterable<readonly string[]>): Promise<TypoIndex>;
  close(): Promise<void>;
}

/**
 * Builds on a thread of its own (help-typo-thread.ts): the event loop only reads the pages and hands them over, and
 * takes the index's arrays back without a copy. Counting 10,000 articles' words and indexing 250,000 of them took
 * the loop seconds of CPU, in slices that a busy machine stretched past 50 ms.
 */
export class ThreadTypoIndexBuilder implements TypoIndexBuilder {
  readonly #thread = new TimeLimitedThread<TypoThreadRequest, TypoThreadReply>({
    callerUrl: import.meta.url,
    module: 'help-typo-thread',
    timeoutMs: THREAD_TIMEOUT_MS,
  });
  #builds = 0;

  async build(pages: AsyncIterable<readonly string[]>): Promise<TypoIndex> {
    const build = ++this.#builds;
    let rows = 0;
    try {
      for await (const page of pages) {
        rows += page.length;
        const taken = await this.#thread.run({ kind: 'rows', build, rows: page });
        if (typeof taken === 'string') throw new Error(`the typo thread refused a page: ${taken}`);
      }
      const made = await this.#thread.run({ kind: 'index', build, rows });
      if (typeof made === 'string' || !('parts' in made)) throw new Error('the typo thread made no index');
      return new TypoIndex(made.parts);
    } catch (error) {
      void this.#thread.run({ kind: 'cancel', build });
      throw error;
    }
  }

  close(): Promise<void> {
    return this.#thread.close();
  }
}

/** Builds on the calling thread, at once: for tests and tools, never for the relay's loop. */
export const inlineTypoIndexBuilder: TypoIndexBuilder = {
  async build(pages) {
    const counts = new Map<string, number>();
    for await (const page of pages) countWords(counts, page);
    return TypoIndex.build(counts);
  },
  close: () => Promise.resolve(),
};

/** How long {@link TypoIndexes} trust an index, and how many words they keep in all. */
export interface TypoIndexesOptions {
  /** After this long, the next search checks the fingerprint (other relays' writes), in the background. */
  readonly ttlMs: number;
  /** Words kept over every index; past it the least recently used indexes go first (one at least is kept). */
  readonly maxWords: number;
  readonly now?: () => number;
}

interface Kept {
  index: TypoIndex;
  fingerprint: string;
  checkedAt: number;
  /** A check or rebuild in flight (searches keep the index they have meanwhile). */
  refreshing: boolean;
}

/**
 * The typo indexes of the sites' vocabularies, per site and locale. An index is built once (in slices, off the
 * hot path of a search when warmed at start), then checked against its fingerprint at most every `ttlMs` while the
 * searches that come meanwhile use it as it is; a write through this relay drops it at once.
 */
export class TypoIndexes {
  readonly #kept = new Map<string, Kept>();
  /** First builds in flight: searches that come meanwhile share them. */
  readonly #building = new Map<string, Promise<TypoIndex>>();
  /** Counts `forget`s per key: a build that began before one keeps nothing. */
  readonly #generation = new Map<string, number>();
  readonly #now: () => number;
  #words = 0;

  constructor(
    private readonly source: TypoIndexSource,
    private readonly builder: TypoIndexBuilder,
    private readonly options: TypoIndexesOptions,
  ) {
    this.#now = options.now ?? Date.now;
  }

  /** Words held by the kept indexes. */
  get words(): number {
    return this.#words;
  }

  /** The index of a site's vocabulary in `locale`: the one kept (checked in the background once aged), else built. */
  get(siteId: string, locale: string): Promise<TypoIndex> {
    const key = `${siteId}\n${locale}`;
    const kept = this.#kept.get(key);
    if (kept) {
      // Most recently used last: the first are the first to go.
      this.#kept.delete(key);
      this.#kept.set(key, kept);
      if (!kept.refreshing && this.#now() - kept.checkedAt >= this.options.ttlMs) void this.#refresh(key, kept);
      return Promise.resolve(kept.index);
    }
    let building = this.#building.get(key);
    if (!building) {
      building = this.#build(key).finally(() => {
        if (this.#building.get(key) === building) this.#building.delete(key);
      });
      this.#building.set(key, building);
    }
    return building;
  }

  /** Drops what is known of a site's vocabulary in `locale` (a write through this relay): the next search builds it. */
  forget(siteId: string, locale: string): void {
    const key = `${siteId}\n${locale}`;
    this.#generation.set(key, (this.#generation.get(key) ?? 0) + 1);
    this.#drop(key);
    this.#building.delete(key);
  }

  async #build(key: string): Promise<TypoIndex> {
    const generation = this.#generation.get(key) ?? 0;
    const [siteId, locale] = key.split('\n') as [string, string];
    const checkedAt = this.#now();
    // The fingerprint first: a write while the vocabulary is read then shows as a change at the next check.
    const fingerprint = await this.source.fingerprint(siteId, locale);
    const index = await this.#index(siteId, locale);
    if ((this.#generation.get(key) ?? 0) === generation)
      this.#keep(key, { index, fingerprint, checkedAt, refreshing: false });
    return index;
  }

  async #refresh(key: string, kept: Kept): Promise<void> {
    kept.refreshing = true;
    const generation = this.#generation.get(key) ?? 0;
    const [siteId, locale] = key.split('\n') as [string, string];
    try {
      const checkedAt = this.#now();
      const fingerprint = await this.source.fingerprint(siteId, locale);
      if (fingerprint === kept.fingerprint) {
        kept.checkedAt = checkedAt;
        return;
      }
      const index = await this.#index(siteId, locale);
      if ((this.#generation.get(key) ?? 0) === generation && this.#kept.get(key) === kept)
        this.#keep(key, { index, fingerprint, checkedAt, refreshing: false });
    } catch {
      // The index kept stays in use; the next search after the TTL tries again.
      kept.checkedAt = this.#now();
    } finally {
      kept.refreshing = false;
    }
  }

  /** Closes the builder (its thread). */
  close(): Promise<void> {
    return this.builder.close();
  }

  #index(siteId: string, locale: string): Promise<TypoIndex> {
    const source = this.source;
    async function* pages(): AsyncIterable<readonly string[]> {
      for (let after = ''; ;) {
        const rows = await source.words(siteId, locale, after, PAGE);
        if (rows.length > 0) yield rows.map((row) => row.words);
        if (rows.length < PAGE) return;
        after = rows.at(-1)!.id;
      }
    }
    return this.builder.build(pages());
  }

  #keep(key: string, entry: Kept): void {
    this.#drop(key);
    this.#kept.set(key, entry);
    this.#words += entry.index.size;
    for (const [oldest, value] of this.#kept) {
      if (this.#words <= this.options.maxWords || oldest === key) break;
      this.#kept.delete(oldest);
      this.#words -= value.index.size;
    }
  }

  #drop(key: string): void {
    const kept = this.#kept.get(key);
    if (!kept) return;
    this.#kept.delete(key);
    this.#words -= kept.index.size;
  }
}

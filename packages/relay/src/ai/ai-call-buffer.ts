import type { AiFeature } from '@parley/protocol/admin';
import type { AiCallInput } from './ai-repository.js';

/** How the buffer writes: one multi-row insert (`AiRepository.recordCalls`). */
export type AiCallWriter = (calls: readonly AiCallInput[]) => Promise<void>;

/** When {@link AiCallBuffer} writes what it holds. */
export interface AiCallBufferOptions {
  /** The longest a record waits in memory (ms); default 1,000. */
  readonly flushMs?: number;
  /** Records that start a write at once, and the most rows of one insert; default 200. */
  readonly maxBatch?: number;
  /** Told when a write failed (the records are dropped, as a failed single insert dropped its one). */
  readonly onError?: (error: unknown, count: number) => void;
}

/** A tally's key: a site's month, for one feature or all (`*`). */
const tallyKey = (siteId: string, month: string, feature: AiFeature | '*'): string => `${siteId} ${month} ${feature}`;

/**
 * Tokens counted in memory for a key: `added` when a call is recorded, `committed` once its row is written. Both
 * only grow, so a read can tell what was held when it started from what came during it.
 */
interface Tally {
  added: number;
  committed: number;
  /** Reads in progress: the tally is kept (its counters compared) until they end. */
  readers: number;
}

/**
 * The AI calls' records, written in batches (issue #83): a call adds its record to memory, and one multi-row insert
 * writes them on a short timer, when `maxBatch` are waiting, and on {@link flush} (the relay's stop). A record in
 * memory counts toward the budgets at once ({@link usedTokens}), so a burst of calls cannot pass a budget that the
 * rows not yet written would have reached.
 */
export class AiCallBuffer {
  readonly #write: AiCallWriter;
  readonly #flushMs: number;
  readonly #maxBatch: number;
  readonly #onError: (error: unknown, count: number) => void;
  #pending: AiCallInput[] = [];
  #timer: ReturnType<typeof setTimeout> | undefined;
  /** The writes under way, in order: a flush waits for every one. */
  #writing: Promise<void> = Promise.resolve();
  readonly #tallies = new Map<string, Tally>();

  constructor(write: AiCallWriter, options: AiCallBufferOptions = {}) {
    this.#write = write;
    this.#flushMs = options.flushMs ?? 1_000;
    this.#maxBatch = options.maxBatch ?? 200;
    this.#onError = options.onError ?? (() => undefined);
  }

  /** Records waiting in memory (not yet being written). */
  get pending(): number {
    return this.#pending.length;
  }

  /** Adds a call's record: counted at once, written within `flushMs` (or now, when `maxBatch` are waiting). */
  add(call: AiCallInput): void {
    const tokens = call.inputTokens + call.outputTokens;
    for (const key of this.#keys(call)) this.#tally(key).added += tokens;
    this.#pending.push(call);
    if (this.#pending.length >= this.#maxBatch) void this.#startWrite();
    else this.#timer ??= setTimeout(() => void this.#startWrite(), this.#flushMs);
  }

  /** Writes every record held, and resolves once all the writes under way ended (a failed one logged). */
  async flush(): Promise<void> {
    await this.#startWrite();
  }

  /**
   * The tokens the site's calls used in its month `month` (of `feature`, or all): `read` gives what the table holds,
   * to which the records not yet written when it began (or added during it) are added. A row written during the
   * read may be counted twice, never not at all: the budget errs on refusing.
   */
  async usedTokens(siteId: string, month: string, feature: AiFeature | undefined, read: () => Promise<number>) {
    const key = tallyKey(siteId, month, feature ?? '*');
    const tally = this.#tally(key);
    const committedBefore = tally.committed;
    tally.readers += 1;
    try {
      const stored = await read();
      return stored + (tally.added - committedBefore);
    } finally {
      tally.readers -= 1;
      this.#forget(key, tally);
    }
  }

  #startWrite(): Promise<void> {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    while (this.#pending.length > 0) {
      const batch = this.#pending.splice(0, this.#maxBatch);
      this.#writing = this.#writing.then(() => this.#writeBatch(batch));
    }
    return this.#writing;
  }

  async #writeBatch(batch: readonly AiCallInput[]): Promise<void> {
    try {
      await this.#write(batch);
    } catch (error) {
      this.#onError(error, batch.length);
    }
    // Written or dropped, the table now answers for them (as it did when a single insert failed).
    for (const call of batch)
      for (const key of this.#keys(call)) {
        const tally = this.#tally(key);
        tally.committed += call.inputTokens + call.outputTokens;
        this.#forget(key, tally);
      }
  }

  #keys(call: AiCallInput): [string, string] {
    const month = new Date(call.at).toISOString().slice(0, 7);
    return [tallyKey(call.siteId, month, '*'), tallyKey(call.siteId, month, call.feature)];
  }

  #tally(key: string): Tally {
    let tally = this.#tallies.get(key);
    if (!tally) {
      tally = { added: 0, committed: 0, readers: 0 };
      this.#tallies.set(key, tally);
    }
    return tally;
  }

  /** Nothing held and nobody reading: the tally goes (a relay of many sites keeps only the busy ones). */
  #forget(key: string, tally: Tally): void {
    if (tally.readers === 0 && tally.added === tally.committed) this.#tallies.delete(key);
  }
}

import type { CommittedListener, CommittedMessage } from '../store/store.js';

/** A reader of the tap: a message log consumer while it has something to do with messages. */
export interface TapReader {
  /** False while it reads nothing (see `LogConsumerOptions.wanted`): the tap neither fills nor waits for it. */
  readonly active: () => boolean;
  /** The highest message id it has handled (its cursor's), or `undefined` before its first read. */
  readonly handledThrough: () => number | undefined;
}

/** The most messages the tap holds: a reader further behind reads the rest from the database. */
const MOST_HELD = 16_384;

/**
 * The messages this relay's store has just committed, kept in memory for the message log's consumers (issue #37,
 * ADR 0041): a consumer still asks the log which messages come next (their ids, in the log's order: the log stays the
 * truth, after a restart and for other relays' messages), but takes each message the tap holds from here instead of
 * reading its row back, decoding it and building it again. The tap fills only while a reader is active, and lets go
 * of a message once every active reader has handled it (or once it holds {@link MOST_HELD}).
 */
export class MessageTap implements CommittedListener {
  /** By message id, in commit order (id order on SQLite; on PostgreSQL {@link release} may stop early, never late). */
  readonly #held = new Map<number, CommittedMessage>();
  readonly #readers = new Set<TapReader>();
  readonly #idsAfter: ((afterId: number, limit: number) => number[]) | undefined;

  /** `idsAfter`: the store's own read of the log's next ids, where it has one (`Store.messageIdsAfter`, SQLite). */
  constructor(idsAfter?: (afterId: number, limit: number) => number[]) {
    this.#idsAfter = idsAfter;
  }

  /**
   * The ids of up to `limit` messages after `afterId`, in the log's order, from the store's own connection; `undefined`
   * where the store has no such read (PostgreSQL, whose log is in transaction order): the consumer asks the log.
   */
  idsAfter(afterId: number, limit: number): number[] | undefined {
    return this.#idsAfter?.(afterId, limit);
  }

  /** `reader` takes from the tap from now on; returns how it stops. */
  attach(reader: TapReader): () => void {
    this.#readers.add(reader);
    return () => {
      this.#readers.delete(reader);
      this.release();
    };
  }

  /** Whether the store should tell it of commits: while a reader is active. What it held goes once none is. */
  active(): boolean {
    for (const reader of this.#readers) if (reader.active()) return true;
    if (this.#held.size > 0) this.#held.clear();
    return false;
  }

  /** The store committed these (new, not resends), while {@link active}. */
  committed(committed: readonly CommittedMessage[]): void {
    for (const entry of committed) this.#held.set(Number(entry.message.id), entry);
    if (this.#held.size > MOST_HELD) {
      let over = this.#held.size - MOST_HELD;
      for (const id of this.#held.keys()) {
        if (over-- <= 0) break;
        this.#held.delete(id);
      }
    }
  }

  /** The committed message with this id, if the tap still holds it. */
  get(id: number): CommittedMessage | undefined {
    return this.#held.get(id);
  }

  /** How many messages it holds (tests, metrics). */
  get size(): number {
    return this.#held.size;
  }

  /** Lets go of what every active reader has handled. A reader calls it after each batch. */
  release(): void {
    let through = Number.POSITIVE_INFINITY;
    for (const reader of this.#readers) {
      if (!reader.active()) continue;
      const handled = reader.handledThrough();
      // A reader that has not read yet may still want everything held.
      if (handled === undefined) return;
      if (handled < through) through = handled;
    }
    for (const id of this.#held.keys()) {
      if (id > through) break;
      this.#held.delete(id);
    }
  }
}

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
/** Slots of the tap's index by id: twice what it holds, so that ids held at once rarely share one. */
const SLOTS = MOST_HELD * 2;

/**
 * The messages this relay's store has just committed, kept in memory for the message log's consumers (issue #37,
 * ADR 0041): a consumer still asks the log which messages come next (their ids, in the log's order: the log stays the
 * truth, after a restart and for other relays' messages), but takes each message the tap holds from here instead of
 * reading its row back, decoding it and building it again. The tap fills only while a reader is active, and lets go
 * of a message once every active reader has handled it (or once it holds {@link MOST_HELD}).
 *
 * It is made of arrays allocated once, not a `Map`: a `Map` filled with each read's messages and emptied after it
 * grew and shrank its table every time (several tables a read, each copied by the collector while the read's requests
 * were under way). A message's place by id is `id % SLOTS`; two held messages whose ids share a place keep the later,
 * and the earlier is read from its row (ids held at once are this relay's recent commits: on SQLite consecutive, so
 * they never share one).
 */
export class MessageTap implements CommittedListener {
  /** The held messages' ids in commit order, a ring from {@link #head} ({@link #count} of them). */
  readonly #order = new Float64Array(MOST_HELD);
  #head = 0;
  #count = 0;
  /** By `id % SLOTS`: the message last held there, whose id may be another than the one asked for. */
  readonly #slots: Array<CommittedMessage | undefined> = new Array<CommittedMessage | undefined>(SLOTS).fill(undefined);
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
    while (this.#count > 0) this.#dropOldest();
    return false;
  }

  /** The store committed these (new, not resends), while {@link active}. */
  committed(committed: readonly CommittedMessage[]): void {
    for (const entry of committed) {
      const id = Number(entry.message.id);
      // The stores' ids are whole numbers from 1; anything else is read from its row, as the log lists it.
      if (!Number.isSafeInteger(id) || id < 1) continue;
      if (this.#count === MOST_HELD) this.#dropOldest();
      this.#slots[id % SLOTS] = entry;
      this.#order[(this.#head + this.#count) % MOST_HELD] = id;
      this.#count += 1;
    }
  }

  /** The committed message with this id, if the tap still holds it. */
  get(id: number): CommittedMessage | undefined {
    const entry = this.#slots[id % SLOTS];
    return entry && Number(entry.message.id) === id ? entry : undefined;
  }

  /** How many messages it holds (tests, metrics). */
  get size(): number {
    let held = 0;
    for (let i = 0; i < this.#count; i++) if (this.get(this.#order[(this.#head + i) % MOST_HELD]!)) held += 1;
    return held;
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
    while (this.#count > 0 && this.#order[this.#head]! <= through) this.#dropOldest();
  }

  /** Lets go of the message committed first. */
  #dropOldest(): void {
    const id = this.#order[this.#head]!;
    // A later message with an id of the same place keeps it.
    if (this.get(id)) this.#slots[id % SLOTS] = undefined;
    this.#head = (this.#head + 1) % MOST_HELD;
    this.#count -= 1;
  }
}

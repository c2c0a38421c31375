import { randomId } from '../auth/tokens.js';
import type { Logger } from '../log.js';
import type { SqlDb } from '../store/sql/sql-db.js';
import {
  advanceCursor,
  crossedEarlier,
  leaseCursor,
  logEnd,
  loggedByIds,
  readLog,
  readLogPositions,
  releaseCursor,
  type LogPosition,
  type LoggedMessage,
} from './message-log-queries.js';
import type { MessageTap } from './message-tap.js';

/** What {@link LogConsumer} is built from. */
export interface LogConsumerOptions {
  /** The consumer's name: its cursor's row (`webhooks`, …). Stable for ever. */
  readonly name: string;
  /** The database the messages and the cursor are in (the admin side's). */
  readonly db: SqlDb;
  readonly log: Logger;
  /**
   * Handles a batch of stored messages, in the log's order. The cursor moves past them once it resolves; if it
   * throws (or the relay dies first) the same messages come again: what it does must be safe to repeat.
   */
  readonly handle: (batch: readonly LoggedMessage[]) => Promise<void>;
  /**
   * False while the consumer has nothing to do with any message (webhooks without an endpoint): the cursor then
   * jumps to the log's end at each poll instead of reading what was stored (written with the lease's renewal, every
   * `leaseMs / 2`, and on stop). Default: always true.
   */
  readonly wanted?: () => boolean;
  /** Messages read at once, or a function asked before each read. Default 256. */
  readonly batchSize?: number | (() => number);
  /** How often the log is read when nothing nudged (other relays' messages, a lease to take over), ms. Default 1000. */
  readonly pollMs?: number;
  /**
   * The least time between the starts of two reads a nudge brings, ms (default 25): the first message after a quiet
   * spell is read at once; under load, a read takes what came in its gap (a batch of hundreds, not of a commit's
   * few), so its fixed costs — the read, the handler's own reads, the cursor's write — are paid per batch, not per
   * commit.
   */
  readonly gapMs?: number;
  /**
   * How often, at most, the cursor's place is written while batches are handled, ms (default 1000); it is written at
   * the lease's renewal and on stop too. On SQLite every write by another connection makes the message store drop
   * what it remembers of conversations (it cannot tell what changed), so a write per batch cost every append after
   * it. A place not written when the relay dies means up to this long of messages handled again, which every
   * handler is made for ({@link handle}).
   */
  readonly saveMs?: number;
  /** How long a relay's hold on the consumer lasts without progress, ms. Default 30 s. */
  readonly leaseMs?: number;
  readonly now?: () => number;
}

/**
 * A consumer of the message log (issue #37, ADR 0023): it reads the stored messages after its durable cursor, in
 * batches, in the order they were committed, and hands each batch to `handle`; then moves the cursor. Effects of
 * messages are derived from the messages themselves instead of a row written per message in the append's
 * transaction, so a subscriber costs the message path nothing.
 *
 * The order: on SQLite, id order (one writer: ids are handed out in commit order). On PostgreSQL, (txid, id) order,
 * and only below the oldest transaction still in flight: a transaction that took its id early and commits late is
 * read once it has committed, never stepped over. With several relays, the one holding the cursor's lease reads;
 * the others poll and take over once it lapses (a relay that dies leaves its batch to be read again, at least once).
 *
 * It reads when {@link nudge}d (the relay calls it after each commit) and every `pollMs` otherwise.
 */
export class LogConsumer {
  readonly name: string;
  readonly #options: LogConsumerOptions;
  readonly #owner = randomId('rl');
  readonly #batchSize: () => number;
  readonly #pollMs: number;
  readonly #gapMs: number;
  readonly #leaseMs: number;
  readonly #saveMs: number;
  /** The cursor's place as handled, when it is ahead of what is written ({@link LogConsumerOptions.saveMs}). */
  #unsaved: LogPosition | undefined;
  /** When the cursor's place was last written (`performance.now()`). */
  #savedAt = Number.NEGATIVE_INFINITY;
  /** When the last read started (`performance.now()`: not the injectable clock), for {@link LogConsumerOptions.gapMs}. */
  #readAt = Number.NEGATIVE_INFINITY;
  readonly #now: () => number;
  #cursor: LogPosition | undefined;
  /** Until when this relay's lease runs (as last written); renewed once half of it has passed. */
  #leaseUntil = 0;
  #timer: NodeJS.Timeout | undefined;
  /** {@link #timer} is set to read at once (a nudge), not at the next poll. */
  #soon = false;
  #running = false;
  /** {@link stop} was called: the batch under way is the last. */
  #stopping = false;
  #reading: Promise<void> | undefined;
  #again = false;
  /**
   * Messages handed ahead of their place in the log (PostgreSQL: a lower sequence that reached the log after a higher
   * one, see `crossedEarlier`), by id: skipped when the log reaches them, forgotten once the cursor has passed them.
   */
  readonly #ahead = new Map<string, LogPosition>();
  /** The messages this relay committed, held in memory ({@link useTap}). */
  #tap: MessageTap | undefined;
  #detach: (() => void) | undefined;

  constructor(options: LogConsumerOptions) {
    this.name = options.name;
    this.#options = options;
    const batchSize = options.batchSize ?? 256;
    this.#batchSize = typeof batchSize === 'number' ? () => batchSize : batchSize;
    this.#pollMs = options.pollMs ?? 1000;
    this.#gapMs = options.gapMs ?? 25;
    this.#leaseMs = options.leaseMs ?? 30_000;
    this.#saveMs = options.saveMs ?? 1000;
    this.#now = options.now ?? Date.now;
  }

  /**
   * From now on, takes the messages `tap` holds from it instead of reading their rows back (ADR 0041): the log still
   * says which messages come next, in its order; only their rows are read for those the tap does not hold. The relay
   * gives every consumer its store's tap.
   */
  useTap(tap: MessageTap): void {
    this.#detach?.();
    this.#tap = tap;
    this.#detach = tap.attach({
      active: () => this.#running && this.#options.wanted?.() !== false,
      handledThrough: () => this.#cursor?.id,
    });
  }

  /** Starts reading: at once, then on nudges and every `pollMs`. */
  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#stopping = false;
    this.#wake();
  }

  /**
   * Messages were committed: read soon. Cheap to call per message; nothing while `wanted` says no (the poll then
   * keeps the cursor at the log's end).
   */
  nudge(): void {
    if (this.#running && this.#options.wanted?.() !== false) this.#wake();
  }

  /** Reads at once (after the batch under way, if any), not at the next poll. */
  #wake(): void {
    if (this.#reading) {
      this.#again = true;
      return;
    }
    // A nudge per message stored: once one is set, the others are free.
    if (this.#soon) return;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#soon = true;
    this.#timer = setTimeout(() => void this.#read(), Math.max(0, this.#readAt + this.#gapMs - performance.now()));
    this.#timer.unref();
  }

  /** Reads until the log is drained (tests): resolves once what is there now is handled, and its place written. */
  async drain(): Promise<void> {
    while (this.#reading) await this.#reading;
    await this.#readOnce();
    await this.#save();
  }

  /** Stops reading, waits for a batch under way, and lets go of the lease. */
  async stop(): Promise<void> {
    this.#running = false;
    this.#tap?.release();
    this.#stopping = true;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#soon = false;
    while (this.#reading) await this.#reading;
    if (this.#leaseUntil > 0 && (await this.#save().catch(() => false))) {
      this.#leaseUntil = 0;
      await releaseCursor(this.#options.db, this.name, this.#owner).catch(() => undefined);
    }
  }

  async #read(): Promise<void> {
    this.#timer = undefined;
    this.#soon = false;
    if (this.#reading || !this.#running) return;
    this.#again = false;
    this.#readAt = performance.now();
    const reading = this.#readOnce().catch((error: unknown) =>
      this.#options.log.warn('message log: reading failed', { consumer: this.name, error: String(error) }),
    );
    this.#reading = reading;
    await reading;
    this.#reading = undefined;
    if (!this.#running) return;
    if (this.#again) this.#wake();
    else {
      this.#timer = setTimeout(() => void this.#read(), this.#pollMs);
      this.#timer.unref();
    }
  }

  /** Reads and handles batches until the log has no more (or the lease is someone else's). */
  async #readOnce(): Promise<void> {
    const { db, handle, wanted } = this.#options;
    for (;;) {
      // Stopping: the batch under way ends, the rest of a backlog is the next start's (or another relay's).
      if (this.#stopping) return;
      const cursor = await this.#lease();
      if (!cursor) return;
      if (wanted && !wanted()) {
        // Nothing to do with messages: the cursor follows the log's end, in memory. Its place is written with the
        // lease's renewal (and on stop), not at every poll: each write by another connection costs the message
        // store what it remembers (see `saveMs`), and a few such consumers wrote every second on every relay.
        const end = await logEnd(db);
        if (after(end, cursor)) {
          this.#cursor = end;
          this.#unsaved = end;
        }
        return;
      }
      const batchSize = this.#batchSize();
      const { read, last, count } = await this.#readAfter(cursor, batchSize);
      if (!last) {
        if (performance.now() - this.#savedAt >= this.#saveMs) await this.#save();
        return;
      }
      const batch = await this.#inOrder(read, last);
      if (batch.length > 0) await handle(batch);
      this.#cursor = last;
      this.#unsaved = last;
      this.#tap?.release();
      for (const [id, position] of this.#ahead) if (!after(position, last)) this.#ahead.delete(id);
      if (performance.now() - this.#savedAt >= this.#saveMs && !(await this.#save())) return;
      if (count < batchSize) return;
    }
  }

  /**
   * Up to `limit` messages after `cursor`, in the log's order, with the place of the last one the log listed (even
   * when its row was erased between the two reads) and how many it listed. With a tap, the log lists the places and
   * the tap gives the messages it holds; only the rest are read.
   */
  async #readAfter(
    cursor: LogPosition,
    limit: number,
  ): Promise<{ read: LoggedMessage[]; last: LogPosition | undefined; count: number }> {
    const { db } = this.#options;
    const tap = this.#tap;
    if (!tap) {
      const read = await readLog(db, cursor, limit);
      return { read, last: read[read.length - 1]?.position, count: read.length };
    }
    const ids = db.dialect === 'sqlite' ? tap.idsAfter(cursor.id, limit) : undefined;
    const positions = ids ? ids.map((id) => ({ txid: '0', id })) : await readLogPositions(db, cursor, limit);
    const read: Array<LoggedMessage | undefined> = [];
    let missing: number[] | undefined;
    for (const position of positions) {
      const held = tap.get(position.id);
      if (held) read.push({ position, siteId: held.siteId, message: held.message });
      else {
        read.push(undefined);
        (missing ??= []).push(position.id);
      }
    }
    let complete = read as LoggedMessage[];
    if (missing) {
      const rows = await loggedByIds(db, missing);
      complete = [];
      for (const [i, logged] of read.entries()) {
        const found = logged ?? rows.get(positions[i]!.id);
        if (found) complete.push(found);
      }
    }
    return { read: complete, last: positions[positions.length - 1], count: positions.length };
  }

  /**
   * The batch as handed: without what was handed ahead already, and with what of its conversations reached the log
   * later with a lower sequence (PostgreSQL), so each conversation's messages go in its order.
   */
  async #inOrder(read: readonly LoggedMessage[], last: LogPosition): Promise<LoggedMessage[]> {
    const batch = this.#ahead.size > 0 ? read.filter((logged) => !this.#ahead.has(logged.message.id)) : [...read];
    if (this.#options.db.dialect !== 'postgres') return batch;
    const lowest = new Map<string, number>();
    const highest = new Map<string, number>();
    for (const { message } of batch) {
      const { conversationId: id, seq } = message;
      if (!(lowest.get(id)! <= seq)) lowest.set(id, seq);
      if (!(highest.get(id)! >= seq)) highest.set(id, seq);
    }
    let crossedAny = false;
    for (const crossed of await crossedEarlier(this.#options.db, last, lowest, highest)) {
      if (this.#ahead.has(crossed.message.id)) continue;
      this.#ahead.set(crossed.message.id, crossed.position);
      batch.push(crossed);
      crossedAny = true;
    }
    if (!crossedAny) return batch;
    // Each conversation's messages into its own places in the batch, in sequence order.
    const slots = new Map<string, number[]>();
    batch.forEach(({ message }, i) => {
      const own = slots.get(message.conversationId);
      if (own) own.push(i);
      else slots.set(message.conversationId, [i]);
    });
    const ordered = [...batch];
    for (const own of slots.values()) {
      const sorted = own.map((i) => batch[i]!).sort((a, b) => a.message.seq - b.message.seq);
      own.forEach((slot, k) => (ordered[slot] = sorted[k]!));
    }
    return ordered;
  }

  /**
   * Writes the place handled, if it is ahead of what is written, renewing the lease; false when another relay took
   * the consumer over (this one stalled past its lease: it reads from its own cursor, and this one stops).
   */
  async #save(): Promise<boolean> {
    const position = this.#unsaved;
    if (!position) return true;
    const now = this.#now();
    const leaseUntil = now + this.#leaseMs;
    const held = await advanceCursor(this.#options.db, this.name, this.#owner, position, now, leaseUntil);
    if (this.#unsaved === position) this.#unsaved = undefined;
    this.#savedAt = performance.now();
    if (!held) {
      this.#cursor = undefined;
      this.#leaseUntil = 0;
      return false;
    }
    this.#leaseUntil = leaseUntil;
    return true;
  }

  /** The cursor, under this relay's lease (taken or renewed when needed); `undefined` while another relay holds it. */
  async #lease(): Promise<LogPosition | undefined> {
    const now = this.#now();
    if (this.#cursor && this.#leaseUntil - now > this.#leaseMs / 2) return this.#cursor;
    // Renewed with the place handled, if it is not written yet (reading the cursor back would go back to it).
    if (this.#unsaved && (await this.#save())) return this.#cursor;
    const leaseUntil = now + this.#leaseMs;
    const cursor = await leaseCursor(this.#options.db, this.name, this.#owner, now, leaseUntil);
    this.#cursor = cursor;
    this.#leaseUntil = cursor ? leaseUntil : 0;
    return cursor;
  }
}

/** Whether `a` is after `b` in the log: (txid, id) order (txid compared as the integers they are). */
function after(a: LogPosition, b: LogPosition): boolean {
  const ta = BigInt(a.txid);
  const tb = BigInt(b.txid);
  return ta !== tb ? ta > tb : a.id > b.id;
}

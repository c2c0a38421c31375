/**
 * How long, in ms, a conversation's activity time (`conversations.updated_at`) is left unwritten at most while its
 * messages come: the message path writes it at most once per interval per conversation, and a trailing write sets
 * the last message's time once the interval has passed (issue #87, decision 1; docs/performance.md "The inbox's
 * activity at most once a second").
 */
export const ACTIVITY_INTERVAL_MS = 1000;

/**
 * How far before the newest stored message a store looks, when it opens, for activity a killed process left
 * unwritten (see {@link ACTIVITY_REPAIR_SQL}): the trailing writes lost with it are of the last interval before it
 * died, and this margin covers an event loop that was late.
 */
export const ACTIVITY_REPAIR_MS = 10_000;

/**
 * When a store opens: every conversation whose newest message, among those stored at most
 * {@link ACTIVITY_REPAIR_MS} before the newest of all, is later than its activity time gets that message's time.
 * A process killed (SIGKILL) between a message and its trailing write left that conversation's activity up to an
 * interval behind; this puts it right. It reads the log's tail only: walking the message ids down from the newest
 * until one is older than the window (message ids follow commit order, and their times follow them within a
 * batch's few ms). Bound: the window (ms). Written for both SQLite and PostgreSQL (`?` placeholders; PostgreSQL's
 * caller numbers them).
 */
export const ACTIVITY_REPAIR_SQL = `
  UPDATE conversations SET updated_at = x.ts
  FROM (
    SELECT conversation_id, max(ts) AS ts FROM messages
    WHERE id > coalesce((
      SELECT id FROM messages
      WHERE ts < (SELECT ts FROM messages ORDER BY id DESC LIMIT 1) - ?
      ORDER BY id DESC LIMIT 1), 0)
    GROUP BY conversation_id
  ) AS x
  WHERE conversations.id = x.conversation_id AND conversations.updated_at < x.ts`;

/** A conversation's activity time not written yet: the time to write, and from when it may be written. */
interface Trailing {
  at: number;
  dueAt: number;
}

/** What {@link ActivityCoalescer} writes with. */
export interface ActivityCoalescerOptions {
  /** {@link ACTIVITY_INTERVAL_MS} unless said. */
  readonly intervalMs?: number;
  /**
   * Writes these activity times, each only where it is later than the stored one (`… AND updated_at < ?`: a later
   * write by the desk, or by another relay, is never moved back). Resolves once written; a failure leaves them
   * pending for the next try.
   */
  readonly write: (rows: ReadonlyArray<readonly [id: string, at: number]>) => void | Promise<void>;
}

/**
 * The trailing half of the activity time's coalescing, shared by both stores. The message path asks {@link due}
 * for each conversation a batch moves: due (the stored time is an interval old or more), the batch writes the
 * batch's time with `last_seq`; not due, it writes `last_seq` alone and hands the time here ({@link later}). A timer
 * writes what is pending once each conversation's interval has passed, the last time handed winning. So a
 * conversation's activity time is written at most once per interval by the message path plus once by the timer, it
 * is never more than an interval and a tenth (the timer's writes are a tenth of an interval apart at least, each
 * taking all that is due) behind its last message, and after a burst it is the last
 * message's time exactly. What a killed process had pending is repaired when a store opens
 * ({@link ACTIVITY_REPAIR_SQL}).
 */
export class ActivityCoalescer {
  readonly intervalMs: number;
  readonly #write: ActivityCoalescerOptions['write'];
  readonly #pending = new Map<string, Trailing>();
  #timer: NodeJS.Timeout | undefined;
  /** When {@link #timer} fires (ms since the epoch). */
  #timerAt = Number.POSITIVE_INFINITY;
  /** When the timer last wrote: its writes are at least a tenth of the interval apart, each taking all that is due. */
  #wroteAt = Number.NEGATIVE_INFINITY;
  #writing: Promise<void> | undefined;
  #closed = false;
  /** Conversations' activity times written by the timer (tests and monitoring). */
  trailingWrites = 0;

  constructor(options: ActivityCoalescerOptions) {
    this.intervalMs = options.intervalMs ?? ACTIVITY_INTERVAL_MS;
    this.#write = options.write;
  }

  /** Whether a batch at `ts` writes the activity time of a conversation whose stored time is `stored`. */
  due(stored: number, ts: number): boolean {
    return ts - stored >= this.intervalMs;
  }

  /** The batch at `ts` wrote this conversation's activity time itself: nothing older is left to write. */
  written(id: string, ts: number): void {
    const trailing = this.#pending.get(id);
    if (trailing && trailing.at <= ts) this.#pending.delete(id);
  }

  /**
   * A committed batch moved this conversation at `ts` without writing its activity time, last written (or read) as
   * `stored`: written by the timer once `stored` is an interval old.
   */
  later(id: string, stored: number, ts: number): void {
    if (ts <= stored || this.#closed) return;
    const trailing = this.#pending.get(id);
    if (trailing) {
      if (ts > trailing.at) trailing.at = ts;
      return;
    }
    const dueAt = stored + this.intervalMs;
    this.#pending.set(id, { at: ts, dueAt });
    this.#arm(dueAt);
  }

  /**
   * The pending times whose interval has passed by `now` (at most `limit`), for a group commit to write with its own
   * rows: under load the trailing writes ride on the commits instead of transactions (and fsyncs) of their own. Left
   * pending until {@link wrote} says the commit went through.
   */
  peekDue(now: number, limit: number): Array<readonly [string, number]> {
    const rows: Array<readonly [string, number]> = [];
    for (const [id, { at, dueAt }] of this.#pending) {
      if (rows.length >= limit) break;
      if (dueAt <= now) rows.push([id, at]);
    }
    return rows;
  }

  /** A commit wrote these times ({@link peekDue}): each is written unless a later one was handed meanwhile. */
  wrote(rows: ReadonlyArray<readonly [string, number]>): void {
    for (const [id, at] of rows) {
      const trailing = this.#pending.get(id);
      if (trailing && trailing.at <= at) this.#pending.delete(id);
    }
    this.trailingWrites += rows.length;
  }

  /** Conversations with an activity time still to write. */
  get pending(): number {
    return this.#pending.size;
  }

  /** Writes everything pending now, due or not (close, and tests). */
  async flush(): Promise<void> {
    while (this.#writing) await this.#writing;
    await this.#writeDue(Number.POSITIVE_INFINITY);
  }

  /** Writes what is pending and stops the timer; nothing is taken after. */
  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    await this.flush().catch(() => undefined);
  }

  #arm(at: number): void {
    at = Math.max(at, this.#wroteAt + this.intervalMs / 10);
    if (this.#closed || at >= this.#timerAt) return;
    clearTimeout(this.#timer);
    this.#timerAt = at;
    this.#timer = setTimeout(() => void this.#tick(), Math.max(0, at - Date.now())).unref();
  }

  async #tick(): Promise<void> {
    this.#timer = undefined;
    this.#timerAt = Number.POSITIVE_INFINITY;
    while (this.#writing) await this.#writing.catch(() => undefined);
    this.#wroteAt = Date.now();
    await this.#writeDue(this.#wroteAt).catch(() => undefined);
    let next = Number.POSITIVE_INFINITY;
    for (const { dueAt } of this.#pending.values()) if (dueAt < next) next = dueAt;
    if (next !== Number.POSITIVE_INFINITY) this.#arm(next);
  }

  async #writeDue(now: number): Promise<void> {
    const rows: Array<readonly [string, number]> = [];
    for (const [id, { at, dueAt }] of this.#pending) if (dueAt <= now) rows.push([id, at]);
    if (rows.length === 0) return;
    // Taken out before the write: a batch meanwhile that writes a later time, or hands one, is not undone.
    for (const [id] of rows) this.#pending.delete(id);
    const writing = (async () => {
      try {
        await this.#write(rows);
        this.trailingWrites += rows.length;
      } catch (error) {
        for (const [id, at] of rows) {
          const trailing = this.#pending.get(id);
          // Tried again an interval later, not at once.
          if (!trailing) this.#pending.set(id, { at, dueAt: Date.now() + this.intervalMs });
          else if (at > trailing.at) trailing.at = at;
        }
        throw error;
      }
    })();
    this.#writing = writing;
    try {
      await writing;
    } finally {
      this.#writing = undefined;
    }
  }
}

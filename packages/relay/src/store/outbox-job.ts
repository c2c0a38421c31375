/**
 * The outbox's rows (issue #16, ADR 0009; the contract is `outbox/outbox.ts`): a side effect as its cause's
 * transaction writes it, and a job as its handler receives it. Here, below the outbox, since the store writes them:
 * the message path appends them with messages, the desk's repositories with their changes.
 */

/** A side effect to write, in the transaction of its cause. */
export interface OutboxInsert {
  /** The handler that delivers it: `webhook`, `email.reply`, `email.transcript`, `email.notify`, … */
  readonly kind: string;
  readonly siteId: string;
  /**
   * Jobs with the same key are delivered one at a time, in the order they were written: a later one waits while an
   * earlier one is pending (retries included), and goes once the earlier is delivered or dead. For a webhook,
   * `<endpoint id>:<conversation id>`; `null` (default) for no order.
   */
  readonly key?: string | null;
  /**
   * While a job of the same kind and dedupe key is pending, writing another is a no-op: several staff replies
   * within the grace period make one email (`email.reply` keyed by conversation).
   */
  readonly dedupeKey?: string | null;
  /** The conversation it is about, if any: erasing the conversation (or its contact) removes the job. */
  readonly conversationId?: string | null;
  /** JSON-serialisable; what the handler needs, or ids to read it by at delivery time. */
  readonly payload: unknown;
  /** When it is due (ms since the epoch); default now. */
  readonly dueAt?: number;
}

/** A job as its handler receives it. */
export interface OutboxJob<P = unknown> {
  /** Stable across attempts: `ob_…`. */
  readonly id: string;
  readonly kind: string;
  readonly siteId: string;
  readonly key: string | null;
  readonly payload: P;
  /** Attempts made before this one (0 on the first). */
  readonly attempts: number;
  /** When it was written (ms since the epoch). */
  readonly createdAt: number;
}

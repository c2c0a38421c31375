/**
 * The durable outbox's contract (issue #16, ADR 0009): what a side effect looks like when it is written, and what a
 * feature implements to deliver it.
 *
 * A side effect (an email, a webhook delivery, an automation's timer) is written as an {@link OutboxInsert} in the
 * same transaction as the event that causes it, so it exists exactly when its cause does. The outbox worker then
 * delivers it at least once: it claims due jobs under a lease (several relays on one PostgreSQL never hold the same
 * job at once), hands each to the {@link OutboxHandler} of its kind, and records the outcome. A failure is retried
 * with exponential backoff and full jitter until the handler's {@link OutboxHandler.maxAttempts}; then the job is
 * dead: kept, listed in the admin API and the inbox, and replayable. A relay killed mid-delivery leaves its lease
 * to expire, and the job is delivered again: receivers deduplicate on the stable ids the payloads carry.
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

/** What an attempt came to. */
export type DeliveryOutcome =
  /** Done: the email was accepted by the SMTP server, the receiver answered 2xx. */
  | { readonly status: 'delivered'; readonly detail?: string }
  /** Nothing to do any more (the visitor read the reply in the widget meanwhile): done, and nothing was sent. */
  | { readonly status: 'skipped'; readonly detail: string }
  /**
   * Not done. Retried after the backoff (or `retryAfterMs`, when the receiver said when), unless `permanent`: then
   * it is dead at once (an endpoint deleted, an address the relay refuses to reach).
   */
  | {
      readonly status: 'failed';
      readonly error: string;
      readonly permanent?: boolean;
      readonly retryAfterMs?: number;
    };

/** Delivers the jobs of one kind. Attach it with `OutboxWorker.register`. */
export interface OutboxHandler<P = unknown> {
  readonly kind: string;
  /**
   * Attempts before the job is dead, on the worker's schedule (30 s doubling, capped at 1 h, full jitter): 8 covers
   * about an hour, 30 about a day.
   */
  readonly maxAttempts: number;
  /** How long one attempt may take before it counts as failed (ms). The signal aborts then, or at shutdown. */
  readonly timeoutMs: number;
  deliver(job: OutboxJob<P>, signal: AbortSignal): Promise<DeliveryOutcome>;
  /** Called once when a job of this kind goes dead (after its outcome is recorded). */
  dead?(job: OutboxJob<P>, error: string): Promise<void>;
}

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
import type { OutboxJob } from '../store/outbox-job.js';

// A side effect's row, as written and as handed to its handler: the store's (it writes them in their causes'
// transactions, the message path's included); the contract below names them.
export type { OutboxInsert, OutboxJob } from '../store/outbox-job.js';

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

/**
 * The longest a handler's attempt may take (ms). A claim's lease is the longest timeout among the relay's handlers,
 * whatever it claims, so this also bounds how long a relay's jobs wait after it was killed before another relay (or
 * its restart) delivers them: a handler that needs longer must bound its own work instead (as the AI agent bounds its
 * model call and falls back).
 */
export const MAX_HANDLER_TIMEOUT_MS = 60_000;

/** Delivers the jobs of one kind. Attach it with `OutboxWorker.register`. */
export interface OutboxHandler<P = unknown> {
  readonly kind: string;
  /**
   * Attempts before the job is dead, on the worker's schedule (30 s doubling, capped at 1 h, full jitter): 8 covers
   * about an hour, 30 about a day.
   */
  readonly maxAttempts: number;
  /**
   * How long one attempt may take before it counts as failed (ms), at most {@link MAX_HANDLER_TIMEOUT_MS}. The signal
   * aborts then, or at shutdown.
   */
  readonly timeoutMs: number;
  deliver(job: OutboxJob<P>, signal: AbortSignal): Promise<DeliveryOutcome>;
  /** Called once when a job of this kind goes dead (after its outcome is recorded). */
  dead?(job: OutboxJob<P>, error: string): Promise<void>;
}

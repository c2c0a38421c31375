import type { OutboxInsert, OutboxJob } from '../outbox/outbox.js';
import type { OutboxClaim, OutboxSettlement } from '../store/admin-store.js';

declare module '../store/repositories.js' {
  interface Repositories {
    readonly webhooks: WebhookRepository;
  }
}

/** A site's webhook endpoint as stored (the secret still sealed with the data key). */
export interface WebhookEndpointRecord {
  /** `wh_…` */
  readonly id: string;
  readonly siteId: string;
  readonly url: string;
  /** What it subscribes to (see `webhooks/webhook-events.ts`). */
  readonly events: readonly string[];
  /** The signing secret, sealed (`SecretSealer`). */
  readonly secretSealed: string;
  readonly enabled: boolean;
  /** Several events per request (`{"events": [...]}`, ADR 0039) instead of one. */
  readonly batch: boolean;
  /** Why the relay disabled it (after failing for a day, or refused for good); `null` when enabled or disabled by staff. */
  readonly disabledReason: string | null;
  readonly disabledAt: number | null;
  readonly createdAt: number;
  readonly updatedAt: number;
}

/** What may change on an endpoint. Enabling it clears why it was disabled. */
export interface WebhookEndpointPatch {
  readonly url?: string | undefined;
  readonly events?: readonly string[] | undefined;
  readonly enabled?: boolean | undefined;
  readonly batch?: boolean | undefined;
}

/** One delivery attempt as the delivery log keeps it. */
export interface WebhookDeliveryInput {
  readonly siteId: string;
  readonly endpointId: string;
  /** The outbox job that made the attempt (its payload holds the event a resend sends again). */
  readonly jobId: string;
  readonly eventId: string;
  readonly eventType: string;
  readonly conversationId: string | null;
  /** 1 for the first attempt of the job. */
  readonly attempt: number;
  readonly at: number;
  readonly outcome: 'delivered' | 'failed' | 'skipped';
  /** The receiver's HTTP status, when it answered. */
  readonly statusCode: number | null;
  /** Why it failed, when it did (a timeout, a refused address, a 3xx…). */
  readonly error: string | null;
  readonly latencyMs: number;
  /** The start of the receiver's answer: at most 512 characters, control characters removed. */
  readonly excerpt: string | null;
  /**
   * How many events the request carried: 1, or a batch's count (a batching endpoint's request from the message log,
   * whose `eventId` is then its first event's and `eventType` `batch`). Absent: 1.
   */
  readonly eventCount?: number;
}

/** A delivery log row. */
export interface WebhookDeliveryRecord extends WebhookDeliveryInput {
  readonly id: string;
  /** The event's body is still held (its outbox job is), so it can be sent again. */
  readonly resendable: boolean;
}

/**
 * The webhooks repository (`Repositories.webhooks`): endpoints and their delivery log. Scoped to one site like the rest,
 * except {@link enabledWebhooks}, which the relay's in-memory subscription cache reads for every site.
 */
export interface WebhookRepository {
  listWebhooks(siteId: string): Promise<WebhookEndpointRecord[]>;
  getWebhook(siteId: string, id: string): Promise<WebhookEndpointRecord | undefined>;
  /** Every enabled endpoint of every site (for the subscription cache). */
  enabledWebhooks(): Promise<WebhookEndpointRecord[]>;
  createWebhook(endpoint: WebhookEndpointRecord): Promise<WebhookEndpointRecord>;
  updateWebhook(
    siteId: string,
    id: string,
    patch: WebhookEndpointPatch,
    now: number,
  ): Promise<WebhookEndpointRecord | undefined>;
  /** Deletes the endpoint and its delivery log; false when there was none. Its pending jobs are skipped later. */
  deleteWebhook(siteId: string, id: string): Promise<boolean>;
  /**
   * Disables an enabled endpoint with a reason, and writes `effects` (the admins' email) in the same transaction.
   * False, writing nothing, when it was already disabled or is gone: several jobs giving up at once make one email.
   */
  disableWebhook(
    siteId: string,
    id: string,
    reason: string,
    now: number,
    effects: readonly OutboxInsert[],
  ): Promise<boolean>;
  recordWebhookDelivery(delivery: WebhookDeliveryInput): Promise<void>;
  /** Several delivery log rows in one transaction (the handler's batch under load). */
  recordWebhookDeliveries(deliveries: readonly WebhookDeliveryInput[]): Promise<void>;
  /**
   * Webhook jobs' outcomes (as `OutboxRepository.settleOutbox` records them) and delivery log rows, in one
   * transaction: the worker's batch, one commit; with `claim`, due jobs claimed in it too (the jobs claimed).
   */
  settleWebhookJobs(
    settlements: readonly OutboxSettlement[],
    deliveries: readonly WebhookDeliveryInput[],
    claim?: OutboxClaim,
  ): Promise<OutboxJob[]>;
  /** The endpoint's delivery log, newest first; `before` is the id cursor of the next page. */
  listWebhookDeliveries(
    siteId: string,
    endpointId: string,
    before: number | undefined,
    limit: number,
  ): Promise<{ items: WebhookDeliveryRecord[]; next: number | undefined }>;
  /**
   * Writes a new outbox job with the same payload (event id and body) as the delivery's job. `not_found`: no such
   * delivery of that endpoint; `gone`: the job, with the event's body, is no longer held (pruned, or erased).
   */
  resendWebhookDelivery(
    siteId: string,
    endpointId: string,
    deliveryId: string,
    now: number,
  ): Promise<{ jobId: string } | 'not_found' | 'gone'>;
  /** Deletes up to `limit` delivery log rows older than `before`; resolves with how many. */
  pruneWebhookDeliveries(before: number, limit: number): Promise<number>;
}

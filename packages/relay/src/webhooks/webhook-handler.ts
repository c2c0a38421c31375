import type { LookupFunction } from 'node:net';
import type { Logger } from '../log.js';
import type { DeliveryOutcome, OutboxInsert, OutboxJob } from '../outbox/outbox.js';
import type { SettlingHandler } from '../outbox/outbox-worker.js';
import type { OutboxClaim, OutboxSettlement } from '../store/admin-store.js';
import type { WebhookDeliveryInput, WebhookEndpointRecord } from './webhook-store.js';
import type { Repositories } from '../store/repositories.js';
import type { SecretSealer } from '../store/secret-sealer.js';
import type { WebhookEvent, WebhookPayload } from './webhook-events.js';
import {
  batchBody,
  postWebhook,
  signedBatchHeaders,
  signedEventHeaders,
  type WebhookResponse,
} from '../outbound/signed-request.js';

/** How many endpoints' opened secrets {@link WebhookHandler} keeps. */
const MAX_OPENED_SECRETS = 256;

/**
 * How long the first delivery log row of a batch waits for others (ms): one transaction per window, however many
 * deliveries end in it (a write per event loop turn was a commit per handful of rows under load).
 */
const BATCH_MS = 5;

/**
 * How long a batch's delivery log row may wait to be written with others (ms). On SQLite a write by another
 * connection makes the message store forget what it remembers of conversations, so a row per batch (a few dozen a
 * second under load) would cost every append after it; the log is for people, and a second late is soon enough.
 */
const LATER_MS = 1000;

/** The outbox kind of webhook deliveries. */
export const WEBHOOK_KIND = 'webhook';

/** One event for one endpoint, as {@link WebhookHandler.send} delivers it. */
export interface WebhookDelivery {
  readonly siteId: string;
  readonly endpointId: string;
  readonly event: WebhookEvent;
  /** What the delivery log row names as its job: the outbox row a resend reads the event back from. */
  readonly jobId: string;
  /** 1 for the first attempt. */
  readonly attempt: number;
}

/** Several events for one batching endpoint in one request, as {@link WebhookHandler.sendBatch} delivers them. */
export interface WebhookBatchDelivery {
  readonly siteId: string;
  readonly endpointId: string;
  /** The events, each as `JSON.stringify` made it (the caller sizes the batch by them). */
  readonly events: readonly string[];
  /** The first event's id: the delivery log row names it. */
  readonly firstEventId: string;
  /** What the delivery log row names as its job (`ml_<first message id>-<last message id>`). */
  readonly jobId: string;
}

/** What {@link WebhookHandler} needs. */
export interface WebhookHandlerOptions {
  readonly repos: Pick<Repositories, 'webhooks' | 'audit'>;
  /** Opens the endpoints' sealed secrets. */
  readonly sealer: SecretSealer;
  readonly log: Logger;
  /** `PARLEY_WEBHOOK_ALLOW_PRIVATE`. */
  readonly allowPrivate: boolean;
  /** Told when the handler disabled an endpoint (the subscription cache forgets it). */
  readonly onDisabled?: (siteId: string, endpointId: string) => void;
  /** Name resolution (tests). */
  readonly lookup?: LookupFunction;
  readonly now?: () => number;
}

function isPayload(value: unknown): value is WebhookPayload {
  if (typeof value !== 'object' || value === null) return false;
  const { endpointId, event } = value as Partial<WebhookPayload>;
  return (
    typeof endpointId === 'string' &&
    typeof event === 'object' &&
    event !== null &&
    typeof event.id === 'string' &&
    typeof event.type === 'string'
  );
}

/** The conversation an event is about (its delivery log rows go when the conversation is erased). */
function conversationOf(event: WebhookEvent): string | null {
  const data = event.data as { conversation?: { id?: unknown }; message?: { conversationId?: unknown } };
  const id = data.conversation?.id ?? data.message?.conversationId;
  return typeof id === 'string' ? id : null;
}

/** What an answer (or no answer) means for the job. */
export function outcomeOf(response: WebhookResponse): DeliveryOutcome {
  if (!response.ok)
    return { status: 'failed', error: response.error, ...(response.refused ? { permanent: true } : {}) };
  const { statusCode, retryAfterMs } = response;
  if (statusCode >= 200 && statusCode < 300) return { status: 'delivered', detail: `HTTP ${statusCode}` };
  if (statusCode === 410)
    return { status: 'failed', error: 'HTTP 410 Gone: the receiver says the endpoint is gone', permanent: true };
  if (statusCode >= 300 && statusCode < 400)
    return { status: 'failed', error: `HTTP ${statusCode}: redirects are not followed; use the final URL` };
  if ((statusCode === 429 || statusCode === 503) && retryAfterMs !== undefined)
    return { status: 'failed', error: `HTTP ${statusCode}`, retryAfterMs };
  return { status: 'failed', error: `HTTP ${statusCode}` };
}

/**
 * Delivers `webhook` outbox jobs (issue #16): one signed POST of the event's JSON to the endpoint's current URL,
 * with a 10 s timeout, and a row in the endpoint's delivery log per attempt. 2xx is delivered; 410 Gone and a
 * refused address are permanent failures; 429 and 503 are retried after their `Retry-After` when they give one;
 * anything else (3xx included: redirects are not followed) is retried on the worker's schedule, 30 attempts
 * (about a day). A job whose endpoint was deleted or disabled meanwhile is skipped. When a job gives up, the
 * endpoint is disabled, with the reason, and the site's admins are emailed (an `email.admin` job). A job's outcome
 * and its delivery log row are written together, many jobs to a transaction ({@link settle}). {@link send} delivers
 * an event to an endpoint without a job (for a consumer that reads events from elsewhere, such as the message log).
 */
export class WebhookHandler implements SettlingHandler<WebhookPayload> {
  readonly kind = WEBHOOK_KIND;
  readonly maxAttempts = 30;
  readonly timeoutMs = 10_000;
  readonly #options: WebhookHandlerOptions;
  readonly #now: () => number;
  /** Delivery log rows waiting to be written, and the write under way (see {@link #record}). */
  #unwritten: Array<{ readonly row: WebhookDeliveryInput; readonly resolve: () => void }> = [];
  #writing: Promise<void> | undefined;
  /**
   * Endpoints' secrets as opened, by their sealed form: a burst of deliveries to one endpoint opens its secret once
   * (an AES-GCM open per delivery was 3 % of the relay's CPU in `bench/outbox.mjs`). Keyed by the sealed value, so a
   * rotated secret is a new entry; bounded, the oldest entry going first.
   */
  readonly #secrets = new Map<string, string>();
  /** Batches' delivery log rows waiting for {@link LATER_MS} (see {@link #writeLater}). */
  #later: WebhookDeliveryInput[] = [];
  /** {@link flush} was called: rows are written at once. */
  #flushed = false;
  /** Delivery log rows of jobs, written with their outcomes by {@link settle}. */
  #withOutcomes: WebhookDeliveryInput[] = [];
  /** Endpoint reads of this turn (see {@link #endpoint}). */
  readonly #reads = new Map<string, Promise<WebhookEndpointRecord | undefined>>();

  constructor(options: WebhookHandlerOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
  }

  async deliver(job: OutboxJob<WebhookPayload>, signal: AbortSignal): Promise<DeliveryOutcome> {
    if (!isPayload(job.payload)) return { status: 'failed', error: 'malformed webhook job', permanent: true };
    const { endpointId, event } = job.payload;
    const delivery = { siteId: job.siteId, endpointId, event, jobId: job.id, attempt: job.attempts + 1 };
    return this.#send(delivery, signal, 'now');
  }

  /**
   * {@link deliver} for the worker ({@link SettlingHandler}): the attempt's delivery log row is written by
   * {@link settle}, in the transaction of the job's outcome.
   */
  async attempt(job: OutboxJob<WebhookPayload>, signal: AbortSignal): Promise<DeliveryOutcome> {
    if (!isPayload(job.payload)) return { status: 'failed', error: 'malformed webhook job', permanent: true };
    const { endpointId, event } = job.payload;
    const delivery = { siteId: job.siteId, endpointId, event, jobId: job.id, attempt: job.attempts + 1 };
    return this.#send(delivery, signal, 'with-outcome');
  }

  /**
   * Records webhook jobs' outcomes for the worker ({@link SettlingHandler}), with the delivery log rows of the
   * attempts made so far, in one transaction: one commit per batch for both, and the worker's next claim in it.
   */
  settle(settlements: readonly OutboxSettlement[], claim?: OutboxClaim): Promise<OutboxJob[]> {
    const rows = this.#withOutcomes.splice(0);
    return this.#options.repos.webhooks.settleWebhookJobs(settlements, rows, claim);
  }

  /**
   * Delivers one event to one endpoint and tells what came of it, without an outbox job: the path a consumer that
   * reads events from elsewhere (the message log) takes, as cheap as a job's. It does what {@link deliver} does for a
   * job: reads the endpoint (lookups made in the same turn share one query), skips it when deleted or disabled,
   * signs and POSTs the event, and adds the attempt to the endpoint's delivery log, naming `jobId` (the row a resend
   * reads the event back from). The outcome is the caller's to act on (retry, give up); {@link dead} disables the
   * endpoint as for a job. Resolves once the delivery log row is written (in a batch with the others of the turn).
   */
  send(delivery: WebhookDelivery, signal: AbortSignal): Promise<DeliveryOutcome> {
    return this.#send(delivery, signal, 'now');
  }

  /**
   * Delivers several events to a batching endpoint in one request (ADR 0039): `{"events": [...]}`, signed whole. Reads
   * the endpoint as {@link send} does (deleted: skipped, no row; disabled: skipped, with a row), POSTs, and adds one
   * row for the request to the endpoint's delivery log, counting its events (written within {@link LATER_MS}, not
   * waited for). The outcome stands for every event of the batch; the caller turns a failed batch's events into
   * jobs.
   */
  async sendBatch(batch: WebhookBatchDelivery, signal: AbortSignal): Promise<DeliveryOutcome> {
    const { allowPrivate, lookup } = this.#options;
    const { siteId, endpointId, events } = batch;
    const endpoint = await this.#endpoint(siteId, endpointId);
    if (!endpoint) return { status: 'skipped', detail: 'the endpoint was deleted' };
    let outcome: DeliveryOutcome;
    let response: WebhookResponse | undefined;
    if (!endpoint.enabled) outcome = { status: 'skipped', detail: 'the endpoint is disabled' };
    else {
      // Encoded once, for the signature and the request both.
      const body = batchBody(events);
      response = await postWebhook({
        url: endpoint.url,
        body,
        headers: signedBatchHeaders(events.length, this.#secret(endpoint.secretSealed), body, this.#now()),
        signal,
        allowPrivate,
        ...(lookup ? { lookup } : {}),
        now: this.#now,
      });
      outcome = outcomeOf(response);
    }
    const row = this.#row(
      { siteId, endpointId, jobId: batch.jobId, attempt: 1 },
      { id: batch.firstEventId, type: 'batch', conversationId: null },
      outcome,
      response,
    );
    // No excerpt of the answer: it could echo events of many conversations, and the row belongs to none of them, so
    // erasing one would not remove it.
    this.#writeLater({ ...row, excerpt: null, eventCount: events.length });
    return outcome;
  }

  /**
   * The endpoint as stored now (see {@link #endpoint}): a consumer asks whether it batches before making its
   * requests.
   */
  endpoint(siteId: string, endpointId: string): Promise<WebhookEndpointRecord | undefined> {
    return this.#endpoint(siteId, endpointId);
  }

  /**
   * `log`: `now` writes the delivery log row (in a batch of the turn's) before resolving; `with-outcome` leaves it
   * for {@link settle}, which the worker calls with the job's outcome.
   */
  async #send(delivery: WebhookDelivery, signal: AbortSignal, log: 'now' | 'with-outcome'): Promise<DeliveryOutcome> {
    const { allowPrivate, lookup } = this.#options;
    const { siteId, endpointId, event } = delivery;
    const endpoint = await this.#endpoint(siteId, endpointId);
    if (!endpoint) return { status: 'skipped', detail: 'the endpoint was deleted' };
    if (!endpoint.enabled) {
      const outcome: DeliveryOutcome = { status: 'skipped', detail: 'the endpoint is disabled' };
      await this.#record(delivery, outcome, undefined, log);
      return outcome;
    }
    // A batching endpoint gets every request in the batch format, a retried event alone in its batch (ADR 0039).
    const single = JSON.stringify(event);
    const body = endpoint.batch ? `{"events":[${single}]}` : single;
    const secret = this.#secret(endpoint.secretSealed);
    const response = await postWebhook({
      url: endpoint.url,
      body,
      headers: endpoint.batch
        ? signedBatchHeaders(1, secret, body, this.#now())
        : signedEventHeaders(event, secret, body, this.#now()),
      signal,
      allowPrivate,
      ...(lookup ? { lookup } : {}),
      now: this.#now,
    });
    const outcome = outcomeOf(response);
    await this.#record(delivery, outcome, response, log);
    return outcome;
  }

  /**
   * The endpoint as stored now. The deliveries a claim starts together ask in the same turn: they share one read per
   * endpoint (a read per delivery was a tenth of a delivery's CPU), and the next turn reads afresh, so a change to the
   * endpoint (disabled, deleted, a new URL or secret) is seen by every delivery that starts after it.
   */
  #endpoint(siteId: string, endpointId: string): Promise<WebhookEndpointRecord | undefined> {
    const key = `${siteId}\n${endpointId}`;
    let found = this.#reads.get(key);
    if (!found) {
      if (this.#reads.size === 0) setImmediate(() => this.#reads.clear());
      found = this.#options.repos.webhooks.getWebhook(siteId, endpointId);
      this.#reads.set(key, found);
    }
    return found;
  }

  #secret(sealed: string): string {
    let secret = this.#secrets.get(sealed);
    if (secret === undefined) {
      secret = this.#options.sealer.open(sealed);
      if (this.#secrets.size >= MAX_OPENED_SECRETS) this.#secrets.delete(this.#secrets.keys().next().value!);
      this.#secrets.set(sealed, secret);
    }
    return secret;
  }

  async dead(job: OutboxJob<WebhookPayload>, error: string): Promise<void> {
    if (!isPayload(job.payload)) return;
    const { repos, log, onDisabled } = this.#options;
    const { endpointId } = job.payload;
    const endpoint = await repos.webhooks.getWebhook(job.siteId, endpointId);
    if (!endpoint?.enabled) return;
    const now = this.#now();
    const email: OutboxInsert = {
      kind: 'email.admin',
      siteId: job.siteId,
      payload: { template: 'webhook-disabled', endpointId, url: endpoint.url, error },
    };
    const reason = `Deliveries failed for ${job.attempts + 1} attempts; the last: ${error}`.slice(0, 500);
    if (!(await repos.webhooks.disableWebhook(job.siteId, endpointId, reason, now, [email]))) return;
    log.warn('webhooks: endpoint disabled', { siteId: job.siteId, endpointId, error });
    await repos.audit.appendAudit({
      siteId: job.siteId,
      at: now,
      actorId: 'system',
      actorName: 'Webhooks',
      action: 'webhook.disable',
      targetType: 'webhook',
      targetId: endpointId,
      details: { reason },
    });
    onDisabled?.(job.siteId, endpointId);
  }

  /**
   * Adds the attempt to the endpoint's delivery log. A job's row (`with-outcome`) waits for {@link settle}, which
   * writes it in the transaction of the job's outcome. Otherwise it resolves once the row is written: rows that come
   * while a write is under way (or within {@link BATCH_MS} of the first) are written together in one transaction.
   */
  #record(
    delivery: WebhookDelivery,
    outcome: DeliveryOutcome,
    response: WebhookResponse | undefined,
    log: 'now' | 'with-outcome',
  ): Promise<void> {
    const { event } = delivery;
    const row = this.#row(
      delivery,
      { id: event.id, type: event.type, conversationId: conversationOf(event) },
      outcome,
      response,
    );
    if (log === 'with-outcome') {
      this.#withOutcomes.push(row);
      return Promise.resolve();
    }
    return this.#write1(row);
  }

  /** The delivery log row of an attempt. */
  #row(
    delivery: Pick<WebhookDelivery, 'siteId' | 'endpointId' | 'jobId' | 'attempt'>,
    event: { readonly id: string; readonly type: string; readonly conversationId: string | null },
    outcome: DeliveryOutcome,
    response: WebhookResponse | undefined,
  ): WebhookDeliveryInput {
    return {
      siteId: delivery.siteId,
      endpointId: delivery.endpointId,
      jobId: delivery.jobId,
      eventId: event.id,
      eventType: event.type,
      conversationId: event.conversationId,
      attempt: delivery.attempt,
      at: this.#now(),
      outcome: outcome.status,
      statusCode: response?.ok ? response.statusCode : null,
      error: outcome.status === 'failed' ? outcome.error : outcome.status === 'skipped' ? outcome.detail : null,
      latencyMs: response?.latencyMs ?? 0,
      excerpt: response?.ok && response.excerpt !== '' ? response.excerpt : null,
    };
  }

  /**
   * Writes a delivery log row, resolving once written: rows that come while a write is under way (or within
   * {@link BATCH_MS} of the first) are written together in one transaction.
   */
  #write1(row: WebhookDeliveryInput): Promise<void> {
    return new Promise<void>((resolve) => {
      this.#unwritten.push({ row, resolve });
      if (!this.#writing)
        this.#writing = new Promise<void>((idle) => setTimeout(() => void this.#write(idle), BATCH_MS));
    });
  }

  /** Writes a delivery log row within {@link LATER_MS}, with the others that come meanwhile, not waited for. */
  #writeLater(row: WebhookDeliveryInput): void {
    if (this.#flushed) {
      void this.#write1(row);
      return;
    }
    this.#later.push(row);
    if (this.#later.length === 1) setTimeout(() => void this.#flushLater(), LATER_MS).unref();
  }

  async #flushLater(): Promise<void> {
    await Promise.all(this.#later.splice(0).map((row) => this.#write1(row)));
  }

  /**
   * Writes the delivery log rows still waiting, and from now on each at once (the relay is stopping: deliveries cut
   * short come after); resolves once those waiting are written.
   */
  flush(): Promise<void> {
    this.#flushed = true;
    return this.#flushLater();
  }

  async #write(idle: () => void): Promise<void> {
    while (this.#unwritten.length > 0) {
      const batch = this.#unwritten.splice(0);
      try {
        await this.#options.repos.webhooks.recordWebhookDeliveries(batch.map(({ row }) => row));
      } catch (error) {
        // The log is for people; the deliveries themselves stand.
        this.#options.log.warn('webhooks: recording deliveries failed', { rows: batch.length, error: String(error) });
      }
      for (const { resolve } of batch) resolve();
    }
    this.#writing = undefined;
    idle();
  }
}

import { MAX_WEBHOOK_BATCH_BYTES, MAX_WEBHOOK_BATCH_EVENTS } from '@parley/protocol/admin';
import { hash } from 'node:crypto';
import { abortAfter } from '../abort-after.js';
import type { Logger } from '../log.js';
import type { LoggedMessage } from '../message-log/message-log-queries.js';
import { pendingKeys } from '../message-log/message-log-queries.js';
import type { DeliveryOutcome, OutboxInsert, OutboxJob } from '../outbox/outbox.js';
import type { Repositories } from '../store/repositories.js';
import type { SqlDb } from '../store/sql/sql-db.js';
import {
  conversationCreatedData,
  messageData,
  type WebhookEvent,
  type WebhookEventType,
  type WebhookPayload,
} from './webhook-events.js';
import { WEBHOOK_KIND, type WebhookHandler } from './webhook-handler.js';
import type { WebhookSubscriptions } from './webhook-subscriptions.js';

/** `{"events":[` and `]}`: what a batch's body holds besides its events. */
const BATCH_ENVELOPE_BYTES = 13;
/** A batching endpoint's requests in flight at once (each with other conversations). */
export const BATCHES_AT_ONCE = 4;

/** The prefix of the job id a delivery made from the message log records (`ml_<message id>`): no outbox row has it. */
export const LOG_JOB_PREFIX = 'ml_';

/**
 * The event id of a message's event: derived from the conversation, the message's place in it and the type, so a
 * delivery made again (after a relay died mid-batch, or by a resend) carries the same id.
 */
export function messageEventId(type: WebhookEventType, conversationId: string, seq: number): string {
  // One-shot `hash`: the same digest as a Hash object's, at less than half its cost (one per event, per message).
  const digest = hash('sha256', `${type}\u0000${conversationId}\u0000${seq}`, 'base64url');
  return `evt_${digest.slice(0, 16)}`;
}

/** The events a stored message causes: `conversation.created` (sequence 1), then `message.created`. */
export function messageEvents(
  siteId: string,
  logged: LoggedMessage['message'],
): Array<{
  readonly subscription: 'conversation.created' | 'message.created' | 'note.created';
  readonly event: WebhookEvent;
}> {
  const { conversationId, seq, ts } = logged;
  const events: Array<{
    subscription: 'conversation.created' | 'message.created' | 'note.created';
    event: WebhookEvent;
  }> = [];
  if (seq === 1) {
    const id = messageEventId('conversation.created', conversationId, seq);
    const data = conversationCreatedData(logged);
    events.push({
      subscription: 'conversation.created',
      event: { id, type: 'conversation.created', createdAt: ts, siteId, data },
    });
  }
  const id = messageEventId('message.created', conversationId, seq);
  events.push({
    subscription: logged.kind === 'note' ? 'note.created' : 'message.created',
    event: { id, type: 'message.created', createdAt: ts, siteId, data: messageData(logged) },
  });
  return events;
}

/** What {@link WebhookLog} is built from. */
export interface WebhookLogOptions {
  readonly db: SqlDb;
  readonly repos: Pick<Repositories, 'outbox'>;
  readonly subscriptions: WebhookSubscriptions;
  readonly handler: WebhookHandler;
  readonly log: Logger;
  /** Told when deliveries were turned into outbox jobs (the worker looks sooner). */
  readonly jobsWritten?: () => void;
  /** Conversations (keys) delivered to at once. Default 32. */
  readonly concurrency?: number;
  /**
   * How long a batch delivers straight away (ms): what has not been started by then becomes outbox jobs, so a slow
   * endpoint holds back neither the other endpoints nor the log. Default 2000.
   */
  readonly batchMs?: number;
  readonly now?: () => number;
}

/** One delivery to make: an event for an endpoint. */
export interface Delivery {
  readonly key: string;
  readonly siteId: string;
  readonly conversationId: string;
  readonly messageId: string;
  /** The message's place in its conversation, and the event's among the message's (conversation.created first). */
  readonly seq: number;
  readonly order: number;
  readonly payload: WebhookPayload;
}

/** An event as it goes into a batch's body. */
export interface Serialised {
  readonly json: string;
  /** Its UTF-8 bytes, with the comma after it. */
  readonly bytes: number;
}

/** A delivery with its event as it goes into a batch's body. */
export interface Chunked extends Serialised {
  readonly delivery: Delivery;
}

/** A conversation's deliveries to a batching endpoint, as they go into a request's body. */
interface Group {
  readonly items: readonly Chunked[];
  /** Their UTF-8 bytes, commas included. */
  readonly bytes: number;
  /** Its place among the batch's conversations. */
  readonly at: number;
}

/** The room a request's events have, in UTF-8 bytes: the limit less the envelope. */
const BATCH_ROOM = MAX_WEBHOOK_BATCH_BYTES - BATCH_ENVELOPE_BYTES;

/** The larger share of a request's two limits that `events` events of `bytes` bytes take. */
const shareOfRequest = (events: number, bytes: number): number =>
  Math.max(events / MAX_WEBHOOK_BATCH_EVENTS, bytes / BATCH_ROOM);

/**
 * A batching endpoint's deliveries (grouped by conversation, each group in order) cut into requests: whole
 * conversations per request, over as few requests as the limits allow and evened out between them, so that a read's
 * events go in one round of requests side by side (filling each request in turn closed each short by up to a
 * conversation, and what was left over made another request, waiting for a second round trip). `cut` when a
 * conversation alone passed the limits and was cut across requests, which must then go in order. `serialised` holds
 * the events already serialised for the batch's other batching endpoints (each event is one object, whichever
 * endpoints it goes to), and is added to: an event is serialised once per batch, not once per endpoint.
 */
export function chunked(
  deliveries: readonly Delivery[],
  serialised?: Map<WebhookEvent, Serialised>,
): { chunks: Chunked[][]; cut: boolean } {
  const groups: Group[] = [];
  for (let i = 0; i < deliveries.length;) {
    // The conversation's group: deliveries i..end share a key.
    let end = i + 1;
    while (end < deliveries.length && deliveries[end]!.key === deliveries[i]!.key) end += 1;
    const items: Chunked[] = [];
    let bytes = 0;
    for (let k = i; k < end; k++) {
      const delivery = deliveries[k]!;
      const { event } = delivery.payload;
      const known = serialised?.get(event);
      let item: Chunked;
      if (known) item = { delivery, json: known.json, bytes: known.bytes };
      else {
        const json = JSON.stringify(event);
        // Counted without encoding: a fifth of the time a regular expression took to find an event all ASCII.
        item = { delivery, json, bytes: Buffer.byteLength(json) + 1 };
        serialised?.set(event, item);
      }
      items.push(item);
      bytes += item.bytes;
    }
    groups.push({ items, bytes, at: groups.length });
    i = end;
  }
  return groups.some((group) => shareOfRequest(group.items.length, group.bytes) > 1)
    ? { chunks: oneAfterAnother(groups), cut: true }
    : { chunks: evenedOut(groups), cut: false };
}

/**
 * Conversations that each fit a request, over the fewest requests: the largest first, each into the emptiest request
 * it fits in (a new one when none has room). Within a request, conversations keep the batch's order.
 */
function evenedOut(groups: readonly Group[]): Chunked[][] {
  let events = 0;
  let bytes = 0;
  for (const group of groups) {
    events += group.items.length;
    bytes += group.bytes;
  }
  type Request = { groups: Group[]; events: number; bytes: number };
  const requests: Request[] = Array.from({ length: Math.ceil(shareOfRequest(events, bytes)) }, () => ({
    groups: [],
    events: 0,
    bytes: 0,
  }));
  const share = (request: Request): number => shareOfRequest(request.events, request.bytes);
  const largestFirst = [...groups].sort(
    (a, b) => shareOfRequest(b.items.length, b.bytes) - shareOfRequest(a.items.length, a.bytes),
  );
  for (const group of largestFirst) {
    let emptiest: Request | undefined;
    for (const request of requests)
      if (
        request.events + group.items.length <= MAX_WEBHOOK_BATCH_EVENTS &&
        request.bytes + group.bytes <= BATCH_ROOM &&
        (!emptiest || share(request) < share(emptiest))
      )
        emptiest = request;
    if (!emptiest) requests.push((emptiest = { groups: [], events: 0, bytes: 0 }));
    emptiest.groups.push(group);
    emptiest.events += group.items.length;
    emptiest.bytes += group.bytes;
  }
  return requests
    .filter((request) => request.groups.length > 0)
    .map((request) => request.groups.sort((a, b) => a.at - b.at).flatMap((group) => group.items));
}

/**
 * Every delivery in the batch's order, each request filled in turn: whole conversations while they fit, one longer
 * than a request cut where a request is full. For a batch with such a conversation, whose requests go one at a time.
 */
function oneAfterAnother(groups: readonly Group[]): Chunked[][] {
  const chunks: Chunked[][] = [];
  let chunk: Chunked[] = [];
  let bytes = 0;
  const close = (): void => {
    if (chunk.length > 0) chunks.push(chunk);
    chunk = [];
    bytes = 0;
  };
  for (const group of groups) {
    if (shareOfRequest(chunk.length + group.items.length, bytes + group.bytes) > 1) close();
    if (shareOfRequest(group.items.length, group.bytes) <= 1) {
      chunk.push(...group.items);
      bytes += group.bytes;
      continue;
    }
    // Longer than a request: cut where it fills one.
    for (const item of group.items) {
      if (chunk.length > 0 && shareOfRequest(chunk.length + 1, bytes + item.bytes) > 1) close();
      chunk.push(item);
      bytes += item.bytes;
    }
  }
  close();
  return chunks;
}

/** Before, by the conversation's sequence. */
const bySeq = (a: Delivery, b: Delivery): number => a.seq - b.seq || a.order - b.order;

/**
 * The message-driven webhook events (`conversation.created`, `message.created`, `note.created`), delivered from the
 * message log (the `webhooks` log consumer, ADR 0023) instead of an outbox row per message: {@link handle} takes a
 * batch of stored messages and delivers their events straight away, one conversation's events for an endpoint
 * one at a time, in order, different conversations side by side. A delivery that fails becomes an outbox job (kind
 * `webhook`, key `<endpoint>:<conversation>`), and so does every later event of its key, every event of a key that
 * already has a job pending, and what the batch has not started after `batchMs` (a slow endpoint): from there the
 * worker's retries, backoff, dead letters and replays apply, in order.
 * Every attempt is in the endpoint's delivery log, under the job id `ml_<message id>` (resendable while the message
 * is stored). An endpoint that takes batches (ADR 0039) gets the batch's events in requests of whole conversations
 * instead ({@link chunked}), one delivery log row per request (`ml_<lowest>-<highest message id>`).
 */
export class WebhookLog {
  readonly #options: WebhookLogOptions;
  readonly #now: () => number;
  readonly #stopping = new AbortController();

  constructor(options: WebhookLogOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
  }

  /** Aborts the deliveries under way: they become jobs, delivered later. */
  stop(): void {
    this.#stopping.abort(new Error('the relay is shutting down'));
  }

  /** Delivers the events of a batch of stored messages (see the class). Safe to repeat: the event ids are stable. */
  async handle(batch: readonly LoggedMessage[]): Promise<void> {
    const { subscriptions } = this.#options;
    const byKey = new Map<string, Delivery[]>();
    for (const { siteId, message } of batch) {
      if (!subscriptions.hasAny(siteId)) continue;
      for (const [order, { subscription, event }] of messageEvents(siteId, message).entries()) {
        for (const endpointId of subscriptions.endpoints(siteId, subscription, message.ts)) {
          const key = `${endpointId}:${message.conversationId}`;
          const delivery: Delivery = {
            key,
            siteId,
            conversationId: message.conversationId,
            messageId: message.id,
            seq: message.seq,
            order,
            payload: { endpointId, event },
          };
          const queue = byKey.get(key);
          if (queue) queue.push(delivery);
          else byKey.set(key, [delivery]);
        }
      }
    }
    if (byKey.size === 0) return;
    // On PostgreSQL, two relays' group commits on one conversation can reach the log in the other order than their
    // sequences (ADR 0023): within a batch, a conversation's events go in its order.
    for (const deliveries of byKey.values())
      if (deliveries.some((delivery, i) => i > 0 && bySeq(deliveries[i - 1]!, delivery) > 0)) deliveries.sort(bySeq);
    const [pending, batching] = await Promise.all([
      pendingKeys(this.#options.db, [...byKey.keys()]),
      this.#batching(byKey.values()),
    ]);
    const jobs: OutboxInsert[] = [];
    const singles: Array<readonly Delivery[]> = [];
    const batches = new Map<string, Delivery[]>();
    for (const [key, deliveries] of byKey) {
      const { endpointId } = deliveries[0]!.payload;
      if (pending.has(key)) for (const delivery of deliveries) jobs.push(this.#job(delivery, undefined));
      else if (!batching.has(endpointId)) singles.push(deliveries);
      else {
        const list = batches.get(endpointId);
        if (list) list.push(...deliveries);
        else batches.set(endpointId, [...deliveries]);
      }
    }
    // Several batching endpoints share each event's JSON; one alone has no use for the map.
    const serialised = batches.size > 1 ? new Map<WebhookEvent, Serialised>() : undefined;
    const batchMs = this.#options.batchMs ?? 2000;
    const deadline = this.#now() + batchMs;
    // One timeout for every request of the batch: none starts after `batchMs`, so each has at least the handler's
    // time (a signal of its own per request, `AbortSignal.any` over a timeout's, cost 6–12 µs of CPU per event).
    const timeout = abortAfter(batchMs + this.#options.handler.timeoutMs, this.#stopping.signal);
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < singles.length) {
        const deliveries = singles[next++]!;
        let queued = false;
        for (const delivery of deliveries) {
          if (!queued && this.#now() > deadline) queued = true;
          if (!queued) {
            const outcome = await this.#deliver(delivery, timeout.signal);
            if (outcome.status !== 'failed') continue;
            queued = true;
            jobs.push(this.#job(delivery, outcome.retryAfterMs));
          } else jobs.push(this.#job(delivery, undefined));
        }
      }
    };
    const concurrency = Math.max(1, this.#options.concurrency ?? 32);
    try {
      await Promise.all([
        ...Array.from({ length: Math.min(concurrency, singles.length) }, worker),
        ...[...batches.values()].map((deliveries) =>
          this.#deliverBatches(deliveries, deadline, timeout.signal, jobs, serialised),
        ),
      ]);
    } finally {
      timeout.clear();
    }
    if (jobs.length > 0) {
      await this.#options.repos.outbox.enqueueOutbox(jobs, this.#now());
      this.#options.jobsWritten?.();
    }
  }

  /** The endpoints among the deliveries' that take batches (each read once, as stored now). */
  async #batching(keyed: Iterable<readonly Delivery[]>): Promise<Set<string>> {
    const endpoints = new Map<string, string>();
    for (const [first] of keyed) endpoints.set(first!.payload.endpointId, first!.siteId);
    const batching = new Set<string>();
    await Promise.all(
      [...endpoints].map(async ([endpointId, siteId]) => {
        if ((await this.#options.handler.endpoint(siteId, endpointId))?.batch) batching.add(endpointId);
      }),
    );
    return batching;
  }

  /**
   * One batching endpoint's deliveries (a conversation's together, in order), in requests of up to
   * {@link MAX_WEBHOOK_BATCH_EVENTS} events and {@link MAX_WEBHOOK_BATCH_BYTES}, each holding whole conversations, so
   * that up to {@link BATCHES_AT_ONCE} go side by side (a conversation's events are in one request). A request that
   * fails turns its events into jobs (which the worker retries one event per request, in order), as does the batch's
   * deadline for the requests not started by then. A conversation too long for one request is cut across
   * requests; they then go one after another, and a failure turns the rest into jobs as well.
   */
  async #deliverBatches(
    deliveries: readonly Delivery[],
    deadline: number,
    signal: AbortSignal,
    jobs: OutboxInsert[],
    serialised: Map<WebhookEvent, Serialised> | undefined,
  ): Promise<void> {
    const { chunks, cut } = chunked(deliveries, serialised);
    let next = 0;
    let failed = false;
    const sender = async (): Promise<void> => {
      while (next < chunks.length) {
        const chunk = chunks[next++]!;
        if (failed || this.#now() > deadline) {
          for (const { delivery } of chunk) jobs.push(this.#job(delivery, undefined));
          continue;
        }
        const outcome = await this.#sendChunk(chunk, signal);
        if (outcome.status !== 'failed') continue;
        for (const { delivery } of chunk) jobs.push(this.#job(delivery, outcome.retryAfterMs));
        // Cut conversations: what follows a failed request waits behind it, as jobs.
        if (cut) failed = true;
      }
    };
    await Promise.all(Array.from({ length: cut ? 1 : Math.min(BATCHES_AT_ONCE, chunks.length) }, sender));
  }

  /** One batching request: its events, signed whole; its delivery log row names the range of its messages. */
  async #sendChunk(chunk: readonly Chunked[], signal: AbortSignal): Promise<DeliveryOutcome> {
    const { handler } = this.#options;
    const first = chunk[0]!.delivery;
    let low = Infinity;
    let high = -Infinity;
    for (const { delivery } of chunk) {
      const id = Number(delivery.messageId);
      if (id < low) low = id;
      if (id > high) high = id;
    }
    try {
      return await handler.sendBatch(
        {
          siteId: first.siteId,
          endpointId: first.payload.endpointId,
          events: chunk.map(({ json }) => json),
          firstEventId: first.payload.event.id,
          jobId: `${LOG_JOB_PREFIX}${low}-${high}`,
        },
        signal,
      );
    } catch (error) {
      return { status: 'failed', error: error instanceof Error ? error.message : String(error) };
    }
  }

  async #deliver(delivery: Delivery, signal: AbortSignal): Promise<DeliveryOutcome> {
    const { handler } = this.#options;
    const job: OutboxJob<WebhookPayload> = {
      id: `${LOG_JOB_PREFIX}${delivery.messageId}`,
      kind: WEBHOOK_KIND,
      siteId: delivery.siteId,
      key: delivery.key,
      payload: delivery.payload,
      attempts: 0,
      createdAt: delivery.payload.event.createdAt,
    };
    try {
      return await handler.deliver(job, signal);
    } catch (error) {
      return { status: 'failed', error: error instanceof Error ? error.message : String(error) };
    }
  }

  /** The outbox job a delivery becomes: due at once (or when the receiver asked), retried on the worker's schedule. */
  #job(delivery: Delivery, retryAfterMs: number | undefined): OutboxInsert {
    return {
      kind: WEBHOOK_KIND,
      siteId: delivery.siteId,
      key: delivery.key,
      conversationId: delivery.conversationId,
      payload: delivery.payload,
      ...(retryAfterMs !== undefined ? { dueAt: this.#now() + retryAfterMs } : {}),
    };
  }
}

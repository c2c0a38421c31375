import type { Message } from '@parley/protocol';
import { MAX_WEBHOOK_BATCH_EVENTS } from '@parley/protocol/admin';
import type { LookupFunction } from 'node:net';
import type { ConversationChange, DeskHooks } from '../admin/public.js';
import type { Logger } from '../log.js';
import type { OutboxInsert } from '../outbox/outbox.js';
import type { ContactTouch } from '../store/admin-store.js';
import type { Repositories } from '../store/repositories.js';
import type { SecretSealer } from '../store/secret-sealer.js';
import type { SqlDb } from '../store/sql/sql-db.js';
import { enqueue } from '../store/sql/outbox-rows.js';
import { LogConsumer } from '../message-log/log-consumer.js';
import { loggedMessage, loggedRange } from '../message-log/message-log-queries.js';
import {
  conversationUpdate,
  messageData,
  webhookEvent,
  type WebhookEvent,
  type WebhookPayload,
  type WebhookSubscription,
} from './webhook-events.js';
import { WEBHOOK_KIND, WebhookHandler } from './webhook-handler.js';
import { WebhookSubscriptions } from './webhook-subscriptions.js';
import { BATCHES_AT_ONCE, LOG_JOB_PREFIX, messageEvents, WebhookLog } from './webhook-log.js';

/**
 * Messages the `webhooks` consumer reads at once with a batching endpoint: what one round of requests side by side
 * holds (4 × 500 events), less a tenth for `conversation.created` events and for evening out whole conversations. A
 * read of exactly 2,000 made a fifth request of a few events, a second round trip per read: under load the
 * consumer fell behind.
 */
const BATCHING_READ = Math.floor(0.9 * BATCHES_AT_ONCE * MAX_WEBHOOK_BATCH_EVENTS);
/** The same without one (each event a request of its own, 32 conversations side by side). */
const SINGLE_READ = 256;

/** What {@link Webhooks} is built from. */
export interface WebhooksOptions {
  readonly repos: Pick<Repositories, 'webhooks' | 'audit'>;
  /** Seals and opens the endpoints' signing secrets (the data key's). */
  readonly sealer: SecretSealer;
  readonly log: Logger;
  /** `PARLEY_WEBHOOK_ALLOW_PRIVATE`: endpoints may be on loopback, private, link-local and metadata addresses. */
  readonly allowPrivate: boolean;
  /** How often the subscriptions are read again for changes made on other relays (ms). Default 30 s. */
  readonly refreshMs?: number;
  /** Name resolution for deliveries (tests). */
  readonly lookup?: LookupFunction;
  readonly now?: () => number;
  /**
   * The database the messages are in: message-driven events are then read from the message log (ADR 0023). Without
   * it (a unit test of the other events), none are sent.
   */
  readonly db?: SqlDb;
  /** The outbox, for deliveries from the log that fail and become jobs. */
  readonly outbox?: Pick<Repositories, 'outbox'>;
  /** Told when deliveries from the log became outbox jobs (the worker looks sooner). */
  readonly jobsWritten?: () => void;
  /** How often the message log is read when nothing nudged (ms). Default 1000. */
  readonly logPollMs?: number;
}

/**
 * Webhooks (issue #16, docs/webhooks.md): the producers of webhook events and the handler that delivers them.
 *
 * The events of stored messages (`conversation.created`, `message.created`, `note.created`) come from the message
 * log ({@link WebhookLog}, read by the `webhooks` log consumer: ADR 0023), so a message writes nothing for them. The
 * others are written to the outbox in the transaction of their cause, one job per subscribed endpoint, all with the
 * event's one stable id: `message.updated` (the edits feature asks), `conversation.updated`, `contact.created` and
 * `contact.erased` (the admin feature asks {@link conversationUpdated}, {@link contactsCreated} and
 * {@link contactErased}). Which endpoints want what comes
 * from an in-memory cache ({@link WebhookSubscriptions}), so a site without webhooks costs one map look-up. A
 * conversation's events are keyed `<endpoint>:<conversation>`, so each endpoint gets them in order.
 *
 * Attach it with `core.use(webhooks)` and register {@link handler} with the outbox worker.
 */
export class Webhooks implements DeskHooks {
  readonly subscriptions: WebhookSubscriptions;
  readonly handler: WebhookHandler;
  readonly sealer: SecretSealer;
  readonly allowPrivate: boolean;
  /** The `webhooks` consumer of the message log, when {@link WebhooksOptions.db} is given. */
  readonly consumer: LogConsumer | undefined;
  readonly #fromLog: WebhookLog | undefined;
  readonly #db: SqlDb | undefined;
  readonly #now: () => number;

  constructor(options: WebhooksOptions) {
    this.sealer = options.sealer;
    this.allowPrivate = options.allowPrivate;
    this.#now = options.now ?? Date.now;
    this.subscriptions = new WebhookSubscriptions(options.repos.webhooks, options.log, options.refreshMs);
    this.handler = new WebhookHandler({
      repos: options.repos,
      sealer: options.sealer,
      log: options.log,
      allowPrivate: options.allowPrivate,
      onDisabled: () => void this.subscriptions.refresh(),
      ...(options.lookup ? { lookup: options.lookup } : {}),
      now: this.#now,
    });
    const { db, outbox } = options;
    this.#db = db;
    if (db && outbox) {
      const fromLog = new WebhookLog({
        db,
        repos: outbox,
        subscriptions: this.subscriptions,
        handler: this.handler,
        log: options.log,
        ...(options.jobsWritten ? { jobsWritten: options.jobsWritten } : {}),
        now: this.#now,
      });
      this.#fromLog = fromLog;
      this.consumer = new LogConsumer({
        name: 'webhooks',
        db,
        log: options.log,
        handle: (batch) => fromLog.handle(batch),
        wanted: () => !this.subscriptions.empty,
        // A batching endpoint takes up to 500 events a request, several requests at once: under load a read of 256
        // waited a round trip per 256 messages and fell behind (ADR 0039).
        batchSize: () => (this.subscriptions.batching ? BATCHING_READ : SINGLE_READ),
        ...(options.logPollMs !== undefined ? { pollMs: options.logPollMs } : {}),
      });
    }
  }

  /**
   * Loads the subscriptions (before the relay takes connections), and keeps them fresh. The relay starts
   * {@link consumer} afterwards, and stops it after {@link stop}.
   */
  async start(): Promise<void> {
    await this.subscriptions.start();
  }

  /**
   * Stops reading the log: deliveries under way are cut short and become outbox jobs. Resolves once the delivery
   * log's waiting rows are written.
   */
  stop(): Promise<void> {
    this.subscriptions.stop();
    this.#fromLog?.stop();
    return this.handler.flush();
  }

  /**
   * Resends delivery `deliveryId` of the endpoint if it was made from the message log (job id `ml_<message id>`), as
   * an outbox job: the event rebuilt from the stored message, with its id. `gone` when the message is no longer
   * stored; `undefined` when the delivery was not made from the log (or there is no such delivery).
   */
  async resendLogged(
    siteId: string,
    endpointId: string,
    deliveryId: string,
    now: number,
  ): Promise<{ jobId: string } | 'gone' | undefined> {
    const db = this.#db;
    if (!db || !/^\d{1,18}$/.test(deliveryId)) return undefined;
    const [delivery] = await db.all<{ job_id: string; event_type: string }>(
      'SELECT job_id, event_type FROM webhook_deliveries WHERE site_id = ? AND endpoint_id = ? AND id = ?',
      [siteId, endpointId, Number(deliveryId)],
    );
    if (!delivery?.job_id.startsWith(LOG_JOB_PREFIX)) return undefined;
    const range = /^ml_(\d{1,18})-(\d{1,18})$/.exec(delivery.job_id);
    if (range) return this.#resendBatch(db, siteId, endpointId, Number(range[1]), Number(range[2]), now);
    const eventType = delivery.event_type;
    const messageId = Number(delivery.job_id.slice(LOG_JOB_PREFIX.length));
    const logged = Number.isSafeInteger(messageId) ? await loggedMessage(db, messageId) : undefined;
    if (!logged || logged.siteId !== siteId) return 'gone';
    const found = messageEvents(siteId, logged.message).find(({ event }) => event.type === eventType);
    if (!found) return 'gone';
    const { conversationId } = logged.message;
    const [jobId] = await db.transaction((db) =>
      enqueue(
        db,
        [
          {
            kind: WEBHOOK_KIND,
            siteId,
            key: `${endpointId}:${conversationId}`,
            conversationId,
            payload: { endpointId, event: found.event } satisfies WebhookPayload,
          },
        ],
        now,
      ),
    );
    return { jobId: jobId! };
  }

  /**
   * A batched delivery's resend: the events of its messages (ids `low` to `high` of the site) that the endpoint
   * subscribes to now, each an outbox job (delivered one per request, in order per conversation, with their ids).
   * `gone` when none of its messages is stored any more.
   */
  async #resendBatch(
    db: SqlDb,
    siteId: string,
    endpointId: string,
    low: number,
    high: number,
    now: number,
  ): Promise<{ jobId: string } | 'gone'> {
    const endpoint = await this.handler.endpoint(siteId, endpointId);
    const wanted = new Set(endpoint?.events ?? []);
    const inserts: OutboxInsert[] = [];
    for (const { message } of await loggedRange(db, siteId, low, high, MAX_WEBHOOK_BATCH_EVENTS)) {
      const { conversationId } = message;
      for (const { subscription, event } of messageEvents(siteId, message))
        if (wanted.has(subscription) && message.ts >= (endpoint?.createdAt ?? Infinity))
          inserts.push({
            kind: WEBHOOK_KIND,
            siteId,
            key: `${endpointId}:${conversationId}`,
            conversationId,
            payload: { endpointId, event } satisfies WebhookPayload,
          });
    }
    if (inserts.length === 0) return 'gone';
    const [jobId] = await db.transaction((db) => enqueue(db, inserts, now));
    return { jobId: jobId! };
  }

  /**
   * `message.updated`: a staff member edited or deleted their message (the message as it now is). Written in the
   * change's transaction (the edits feature asks). A private note's change is not sent: `note.created` subscribers
   * mirror notes as they were written.
   */
  messageUpdated(message: Message, siteId: string): readonly OutboxInsert[] | undefined {
    if (message.kind === 'note' || !this.subscriptions.hasAny(siteId)) return undefined;
    return this.#inserts(siteId, 'message.updated', message.conversationId, () =>
      webhookEvent('message.updated', siteId, messageData(message), message.editedAt ?? this.#now()),
    );
  }

  /** {@link DeskHooks.conversationChanged}: `conversation.updated`, with what changed (none when nothing did). */
  conversationChanged(change: ConversationChange): OutboxInsert[] | undefined {
    const { siteId, before, after, at } = change;
    return this.conversationUpdated(siteId, before.id, conversationUpdate(before.id, before, after, at));
  }

  /** The `conversation.updated` deliveries of a change, given its event's `data` (see `conversationUpdate`). */
  conversationUpdated(
    siteId: string,
    conversationId: string,
    data: Record<string, unknown> | undefined,
  ): OutboxInsert[] | undefined {
    if (data === undefined) return undefined;
    return this.#inserts(siteId, 'conversation.updated', conversationId, () =>
      webhookEvent('conversation.updated', siteId, data, this.#now()),
    );
  }

  /** {@link DeskHooks.wantsContactsCreated}: whether any endpoint of these sites wants `contact.created`. */
  wantsContactsCreated(siteIds: Iterable<string>): boolean {
    for (const siteId of siteIds) if (this.subscriptions.endpoints(siteId, 'contact.created').length > 0) return true;
    return false;
  }

  /** The `contact.created` deliveries for contacts just stored. */
  contactsCreated(created: readonly ContactTouch[]): OutboxInsert[] | undefined {
    let inserts: OutboxInsert[] | undefined;
    for (const touch of created) {
      const more = this.#inserts(touch.siteId, 'contact.created', null, () =>
        webhookEvent(
          'contact.created',
          touch.siteId,
          {
            contact: {
              id: touch.contactId,
              ...(touch.name !== undefined ? { name: touch.name } : {}),
              verified: touch.verified,
              createdAt: touch.at,
            },
          },
          touch.at,
        ),
      );
      if (more) (inserts ??= []).push(...more);
    }
    return inserts;
  }

  /** The `contact.erased` deliveries: ids only, never what was erased. */
  contactErased(siteId: string, contactId: string, conversationIds: readonly string[]): OutboxInsert[] | undefined {
    return this.#inserts(siteId, 'contact.erased', null, () =>
      webhookEvent(
        'contact.erased',
        siteId,
        { contact: { id: contactId }, conversationIds: [...conversationIds] },
        this.#now(),
      ),
    );
  }

  /** One job per endpoint of the site subscribed to `subscription`, all carrying one event (made only if needed). */
  #inserts(
    siteId: string,
    subscription: WebhookSubscription,
    conversationId: string | null,
    event: () => WebhookEvent,
  ): OutboxInsert[] | undefined {
    const endpoints = this.subscriptions.endpoints(siteId, subscription);
    if (endpoints.length === 0) return undefined;
    const made = event();
    return endpoints.map((endpointId) => ({
      kind: WEBHOOK_KIND,
      siteId,
      key: conversationId === null ? null : `${endpointId}:${conversationId}`,
      conversationId,
      payload: { endpointId, event: made } satisfies WebhookPayload,
    }));
  }
}

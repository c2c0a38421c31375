import type { Message } from '@parley/protocol';
import type { LookupFunction } from 'node:net';
import type { ChatHooks } from '../core/hooks.js';
import type { ConversationChange, DeskHooks } from '../admin/desk-events.js';
import type { Logger } from '../log.js';
import type { OutboxInsert } from '../outbox/outbox.js';
import type { ContactTouch } from '../store/admin-store.js';
import type { Repositories } from '../store/repositories.js';
import type { SecretSealer } from '../store/secret-sealer.js';
import {
  conversationCreatedData,
  conversationUpdate,
  messageData,
  webhookEvent,
  type WebhookEvent,
  type WebhookPayload,
  type WebhookSubscription,
} from './webhook-events.js';
import { WEBHOOK_KIND, WebhookHandler } from './webhook-handler.js';
import { WebhookSubscriptions } from './webhook-subscriptions.js';

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
}

/**
 * Webhooks (issue #16, docs/webhooks.md): the producers of webhook events and the handler that delivers them.
 *
 * Every event is written to the outbox in the transaction of its cause, one job per subscribed endpoint, all
 * with the event's one stable id: `message.created` and `conversation.created` through
 * {@link ChatHooks.messageEffects} (in the append's group commit), `conversation.updated`, `contact.created` and
 * `contact.erased` through the transaction of that change (the admin feature asks
 * {@link conversationUpdated}, {@link contactsCreated} and {@link contactErased}). Which endpoints want what comes
 * from an in-memory cache ({@link WebhookSubscriptions}), so a site without webhooks costs one map look-up. A
 * conversation's events are keyed `<endpoint>:<conversation>`, so each endpoint gets them in order.
 *
 * Attach it with `core.use(webhooks)` and register {@link handler} with the outbox worker.
 */
export class Webhooks implements ChatHooks, DeskHooks {
  readonly subscriptions: WebhookSubscriptions;
  readonly handler: WebhookHandler;
  readonly sealer: SecretSealer;
  readonly allowPrivate: boolean;
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
  }

  /** Loads the subscriptions (before the relay takes connections), and keeps them fresh. */
  start(): Promise<void> {
    return this.subscriptions.start();
  }

  stop(): void {
    this.subscriptions.stop();
  }

  /** {@link ChatHooks.messageEffects}: `conversation.created` (sequence 1), then `message.created`. */
  messageEffects(message: Message, siteId: string): readonly OutboxInsert[] | undefined {
    if (!this.subscriptions.hasAny(siteId)) return undefined;
    let inserts: OutboxInsert[] | undefined;
    const conversationId = message.conversationId;
    if (message.seq === 1) {
      inserts = this.#inserts(siteId, 'conversation.created', conversationId, () =>
        webhookEvent('conversation.created', siteId, conversationCreatedData(message), message.ts),
      );
    }
    const created = this.#inserts(
      siteId,
      message.kind === 'note' ? 'note.created' : 'message.created',
      conversationId,
      () => webhookEvent('message.created', siteId, messageData(message), message.ts),
    );
    if (created) (inserts ??= []).push(...created);
    return inserts;
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

import type { ChatCore } from '../core/chat-core.js';
import type { OutboxInsert } from '../outbox/outbox.js';
import type { OutboxWorker } from '../outbox/outbox-worker.js';
import type { ConversationPatch, ConversationRecord } from '../store/admin-store.js';
import type { Repositories } from '../store/repositories.js';
import type { ChangeCause } from '../features/desk-hooks.js';
import type { DeskEvents } from './desk-events.js';

/** What {@link ConversationWriter} works with (the admin services are one). */
export interface ConversationWriterHost {
  readonly repos: Pick<Repositories, 'conversations' | 'audit'>;
  readonly core: Pick<ChatCore, 'resolvedEffects'>;
  readonly events: DeskEvents;
  readonly outbox: Pick<OutboxWorker, 'nudge'>;
  publishConversation(siteId: string, conversationId: string, record?: ConversationRecord): Promise<void>;
}

/** One change to a conversation, as {@link ConversationWriter.update} takes it. */
export interface ConversationUpdate {
  readonly siteId: string;
  /** The conversation as just read. */
  readonly before: ConversationRecord;
  readonly patch: ConversationPatch;
  readonly cause: ChangeCause;
  readonly at: number;
  /** Jobs of the caller's own written with the change (routing's assignment when a conversation moves team). */
  readonly effects?: readonly OutboxInsert[] | undefined;
  /** The audit entry's action and details (the thread's timeline is read from them). */
  readonly audit?: { readonly action: string; readonly details: Record<string, unknown> } | undefined;
}

/**
 * The one writer of conversation changes outside the message path (the admin API's PATCH, routing, the FAQ's
 * hand-over): it computes the change, collects every feature's side effects of it ({@link DeskEvents}), writes
 * both in one transaction (with what resolving causes, once per resolution), nudges the outbox, audits and tells
 * the site's staff.
 */
export class ConversationWriter {
  constructor(private readonly host: ConversationWriterHost) {}

  /** The features' side effects of a change, for a store operation that writes the change itself (routing's). */
  effects(
    before: ConversationRecord,
    change: Partial<ConversationRecord>,
    cause: ChangeCause,
    at: number,
  ): OutboxInsert[] | undefined {
    return this.host.events.conversationChanged({
      siteId: before.siteId,
      before,
      after: { ...before, ...change },
      cause,
      at,
    });
  }

  /** Writes a change; resolves with the conversation as written, or `undefined` when it is gone. */
  async update(update: ConversationUpdate): Promise<ConversationRecord | undefined> {
    const { siteId, before, patch, cause, at } = update;
    const { repos, core } = this.host;
    const hooks = this.effects(before, patch, cause, at);
    const effects = hooks || update.effects ? [...(hooks ?? []), ...(update.effects ?? [])] : undefined;
    // Resolving writes what features do then (a rating request) in the same transaction, once per resolution.
    const onResolved = patch.status === 'resolved' ? core.resolvedEffects(siteId, before.id) : undefined;
    const updated = await repos.conversations.updateConversation(siteId, before.id, patch, at, effects, onResolved);
    if (!updated) return undefined;
    if (effects || onResolved) this.host.outbox.nudge();
    if (update.audit)
      await repos.audit.appendAudit({
        siteId,
        at,
        // A feature acting by itself is its own actor (`feature:snooze`), never a staff member.
        actorId: cause.kind === 'staff' ? cause.staffId : `feature:${cause.feature}`,
        actorName: cause.kind === 'staff' ? cause.staffName : (cause.actorName ?? cause.feature),
        action: update.audit.action,
        targetType: 'conversation',
        targetId: updated.id,
        details: update.audit.details,
      });
    await this.host.publishConversation(siteId, updated.id, updated);
    return updated;
  }
}

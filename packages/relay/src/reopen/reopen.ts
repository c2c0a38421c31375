import type { Message } from '@parley/protocol';
import type { AdminFor } from '../admin/public.js';
import type { ChangeCause } from '../admin/public.js';
import type { ChatHooks } from '../core/hooks.js';
import type { DeliveryOutcome, OutboxHandler, OutboxInsert } from '../outbox/outbox.js';
import type { Conversation, ConversationState } from '../store/store.js';

/** The outbox job that puts a conversation back to open because its customer wrote. */
export const CONVERSATION_REOPEN = 'conversation.reopen';

/**
 * The statuses a customer's message takes a conversation out of. `snoozed` is the snooze feature's (it also drops
 * the snooze's timer); `pending` means waiting on the customer, so their answer is work for the team again.
 */
export const REOPENED_BY_REPLY: ReadonlySet<Conversation['status']> = new Set(['resolved', 'pending']);

interface ReopenJob {
  readonly conversationId: string;
  /** The status the message found: the job reopens only from it, so a later change by staff stands. */
  readonly from: Conversation['status'];
  /** How the timeline names who reopened it: the customer as they wrote. */
  readonly by: string | null;
}

/** Options for {@link Reopen}. */
export interface ReopenOptions {
  readonly admin: AdminFor<'conversations'>;
  readonly now?: () => number;
}

/**
 * A customer who writes to a resolved or pending conversation puts it back to open (docs/automations.md, "When the
 * customer writes again"), as every help desk does: it returns to Open and All and to their counts, with a timeline
 * event ("Reopened by …"), a `conversation.updated` webhook and the rules' reaction, all from the desk's one
 * conversation writer. The decision is written as an outbox job in the message's own transaction, from the status
 * the store read with the message's sequence: nothing more is read or written on the message path unless the
 * conversation was closed.
 */
export class Reopen implements ChatHooks {
  readonly #admin: AdminFor<'conversations'>;
  readonly #now: () => number;

  constructor(options: ReopenOptions) {
    this.#admin = options.admin;
    this.#now = options.now ?? Date.now;
  }

  /** {@link ChatHooks.messageEffects}: a customer's message to a resolved or pending conversation reopens it. */
  messageEffects(
    message: Message,
    siteId: string,
    conversation: ConversationState,
  ): readonly OutboxInsert[] | undefined {
    if (message.author.role !== 'visitor' || !REOPENED_BY_REPLY.has(conversation.status)) return undefined;
    // A rating answers the resolution's request: it closes the loop, it does not reopen it.
    if (message.rating !== undefined) return undefined;
    const payload: ReopenJob = {
      conversationId: message.conversationId,
      from: conversation.status,
      by: message.author.name ?? null,
    };
    // Several messages before it is delivered make one reopening (folded while it is pending).
    return [
      {
        kind: CONVERSATION_REOPEN,
        siteId,
        dedupeKey: message.conversationId,
        conversationId: message.conversationId,
        payload,
      },
    ];
  }

  /** Reopens from the status the message found, read again at delivery: delivered twice, it changes nothing twice. */
  handler(): OutboxHandler<ReopenJob> {
    return {
      kind: CONVERSATION_REOPEN,
      maxAttempts: 8,
      timeoutMs: 10_000,
      deliver: async (job): Promise<DeliveryOutcome> => {
        const { conversationId, from, by } = job.payload;
        const before = await this.#admin.repos.conversations.getConversation(job.siteId, conversationId);
        if (!before) return { status: 'skipped', detail: 'no such conversation' };
        if (before.status !== from) return { status: 'skipped', detail: `no longer ${from}` };
        const cause: ChangeCause = {
          kind: 'feature',
          feature: 'reopen',
          reason: 'reply',
          actorName: by ?? 'the customer',
        };
        await this.#admin.conversations.update({
          siteId: job.siteId,
          before,
          patch: { status: 'open' },
          cause,
          at: this.#now(),
          audit: { action: 'conversation.update', details: { status: 'open' } },
        });
        return { status: 'delivered', detail: `the customer wrote to a ${from} conversation` };
      },
    };
  }
}

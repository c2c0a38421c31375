import type { Message } from '@parley/protocol';
import type { AdminServices } from '../admin/public.js';
import type { ChangeCause } from '../admin/public.js';
import type { ChatHooks } from '../core/hooks.js';
import type { Logger } from '../log.js';
import type { DeliveryOutcome, OutboxHandler, OutboxInsert } from '../outbox/outbox.js';
import type { ConversationRecord } from '../store/admin-store.js';
import type { ConversationState } from '../store/store.js';
import type { SnoozeRecord, SnoozeRepository } from './snooze-repository.js';

/** The outbox job that wakes a snoozed conversation: at its time, or when the visitor writes. */
export const SNOOZE_WAKE = 'snooze.wake';

interface WakeJob {
  readonly conversationId: string;
  /** `time`: the snooze ended; `reply`: the visitor wrote meanwhile. */
  readonly reason: 'time' | 'reply';
}

/** Who a wake-up is told as, in the thread's timeline and the audit log. */
const WAKE_CAUSE = (reason: WakeJob['reason']): ChangeCause => ({
  kind: 'feature',
  feature: 'snooze',
  reason,
  actorName: 'Snooze',
});

export interface SnoozeOptions {
  readonly admin: AdminServices;
  readonly repository: SnoozeRepository;
  readonly log: Logger;
  /** How often conversations snoozed through other relays are read again (ms). Default 30 s. */
  readonly refreshMs?: number;
  readonly now?: () => number;
}

/**
 * Snooze until a time: the conversation is `snoozed` until then, and goes back to `open` by itself, with a timeline
 * event and a `conversation.updated` webhook (both from the desk's one conversation writer). The wake-up is an
 * outbox job written with the change, so it survives restarts and is delivered once. A visitor who writes to a
 * snoozed conversation wakes it at once: which conversations are snoozed is kept in memory (a set look-up per
 * visitor message), refreshed for snoozes made through other relays.
 */
export class Snooze implements ChatHooks {
  readonly #admin: AdminServices;
  readonly #repository: SnoozeRepository;
  readonly #log: Logger;
  readonly #now: () => number;
  readonly #refreshMs: number;
  #snoozed = new Set<string>();
  #timer: NodeJS.Timeout | undefined;

  constructor(options: SnoozeOptions) {
    this.#admin = options.admin;
    this.#repository = options.repository;
    this.#log = options.log;
    this.#now = options.now ?? Date.now;
    this.#refreshMs = options.refreshMs ?? 30_000;
  }

  /** The clock snoozes are read on. */
  now(): number {
    return this.#now();
  }

  async start(): Promise<void> {
    await this.refresh();
    this.#timer = setInterval(() => void this.refresh(), this.#refreshMs);
    this.#timer.unref();
  }

  stop(): void {
    clearInterval(this.#timer);
  }

  /** Reads again which conversations are snoozed. */
  async refresh(): Promise<void> {
    try {
      this.#snoozed = new Set(await this.#repository.snoozedIds());
    } catch (error) {
      this.#log.warn('snooze: could not read the snoozed conversations', { error: String(error) });
    }
  }

  /** The snooze of a conversation, when it is snoozed. */
  async of(conversation: ConversationRecord): Promise<SnoozeRecord | undefined> {
    if (conversation.status !== 'snoozed') return undefined;
    return this.#repository.get(conversation.siteId, conversation.id);
  }

  /**
   * Snoozes a conversation until `until`, as a staff member asked or a feature decided (a rule); resolves with it as
   * written (`undefined` when it is gone).
   */
  async snooze(
    before: ConversationRecord,
    until: number,
    by: { readonly id: string; readonly name: string } | ChangeCause,
  ): Promise<ConversationRecord | undefined> {
    const at = this.#now();
    const cause: ChangeCause = 'kind' in by ? by : { kind: 'staff', staffId: by.id, staffName: by.name };
    await this.#repository.put({
      siteId: before.siteId,
      conversationId: before.id,
      until,
      snoozedBy: cause.kind === 'staff' ? cause.staffId : `feature:${cause.feature}`,
      createdAt: at,
    });
    // Keyed by its time: snoozing again for later writes a new wake-up, and the earlier one finds it is not due.
    const wake: OutboxInsert = {
      kind: SNOOZE_WAKE,
      siteId: before.siteId,
      dedupeKey: `${before.id}:${until}`,
      conversationId: before.id,
      payload: { conversationId: before.id, reason: 'time' } satisfies WakeJob,
      dueAt: until,
    };
    const updated = await this.#admin.conversations.update({
      siteId: before.siteId,
      before,
      patch: { status: 'snoozed' },
      cause,
      at,
      effects: [wake],
      audit: { action: 'conversation.update', details: { status: 'snoozed', snoozedUntil: until } },
    });
    if (updated) this.#snoozed.add(before.id);
    return updated;
  }

  /** Opens a snoozed conversation now, as a staff member asked. */
  async unsnooze(
    before: ConversationRecord,
    staff: { readonly id: string; readonly name: string },
  ): Promise<ConversationRecord | undefined> {
    const at = this.#now();
    const updated = await this.#admin.conversations.update({
      siteId: before.siteId,
      before,
      patch: { status: 'open' },
      cause: { kind: 'staff', staffId: staff.id, staffName: staff.name },
      at,
      audit: { action: 'conversation.update', details: { status: 'open' } },
    });
    await this.#repository.delete(before.siteId, before.id);
    this.#snoozed.delete(before.id);
    return updated;
  }

  /**
   * {@link ChatHooks.messageEffects}: a visitor writing to a snoozed conversation wakes it: snoozed as the store read
   * it with the message (through any relay), or as this relay snoozed it.
   */
  messageEffects(
    message: Message,
    siteId: string,
    conversation: ConversationState,
  ): readonly OutboxInsert[] | undefined {
    if (message.author.role !== 'visitor') return undefined;
    if (conversation.status !== 'snoozed' && !this.#snoozed.has(message.conversationId)) return undefined;
    this.#snoozed.delete(message.conversationId);
    return [
      {
        kind: SNOOZE_WAKE,
        siteId,
        dedupeKey: `${message.conversationId}:reply`,
        conversationId: message.conversationId,
        payload: { conversationId: message.conversationId, reason: 'reply' } satisfies WakeJob,
      },
    ];
  }

  /** The handler of wake-ups: decided from the database at delivery, so one delivered twice changes nothing twice. */
  handler(): OutboxHandler<WakeJob> {
    return {
      kind: SNOOZE_WAKE,
      maxAttempts: 8,
      timeoutMs: 10_000,
      deliver: async (job): Promise<DeliveryOutcome> => {
        const { conversationId, reason } = job.payload;
        const before = await this.#admin.repos.conversations.getConversation(job.siteId, conversationId);
        if (!before) return { status: 'skipped', detail: 'no such conversation' };
        const snooze = await this.#repository.get(job.siteId, conversationId);
        if (before.status !== 'snoozed') {
          if (snooze) await this.#repository.delete(job.siteId, conversationId);
          return { status: 'skipped', detail: 'no longer snoozed' };
        }
        const now = this.#now();
        if (reason === 'time' && snooze && snooze.until > now)
          return { status: 'skipped', detail: 'snoozed again, until later' };
        await this.#admin.conversations.update({
          siteId: job.siteId,
          before,
          patch: { status: 'open' },
          cause: WAKE_CAUSE(reason),
          at: now,
          audit: { action: 'conversation.update', details: { status: 'open' } },
        });
        await this.#repository.delete(job.siteId, conversationId);
        this.#snoozed.delete(conversationId);
        return { status: 'delivered', detail: reason === 'time' ? 'the snooze ended' : 'the visitor wrote' };
      },
    };
  }
}

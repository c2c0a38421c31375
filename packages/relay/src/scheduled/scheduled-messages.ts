import { randomBytes } from 'node:crypto';
import type { ScheduledMessage } from '@parley/protocol/admin';
import type { AdminServices } from '../admin/public.js';
import { RefusedMessage, type Screened } from '../core/screening.js';
import type { Logger } from '../log.js';
import type { DeliveryOutcome, OutboxHandler, OutboxInsert } from '../outbox/outbox.js';
import type { ConversationRecord } from '../store/admin-store.js';
import type { ScheduledChange, ScheduledRecord, ScheduledRepository } from './scheduled-repository.js';

/** The outbox job that sends a scheduled message at its time. */
export const SCHEDULED_SEND = 'scheduled.send';

interface SendJob {
  readonly id: string;
}

/** Who schedules: the staff member the message is sent as. */
export interface Scheduler {
  readonly id: string;
  readonly name: string;
}

/** The client id a scheduled message is stored under: the same on every attempt, so a retry stores it once. */
export const scheduledClientId = (id: string): string => `sched-${id}`;

/** A scheduled message as the admin API shows it (without its site). */
export function wireScheduled(record: ScheduledRecord): ScheduledMessage {
  const { siteId: _site, redacted: _redacted, ...wire } = record;
  return wire;
}

export interface ScheduledMessagesOptions {
  readonly admin: AdminServices;
  readonly repository: ScheduledRepository;
  readonly log: Logger;
  readonly now?: () => number;
}

/**
 * Send later (docs/send-later.md): a staff message written now and sent at a time, as the staff member who wrote it.
 * Each message's sending is an outbox job written in the transaction that schedules it (a new one for each new time;
 * the one for an older time finds it is not due and does nothing), so it survives restarts and a killed relay. At
 * its time the job takes the row (`scheduled` → `sending`; no edit after that) and stores the message the way a
 * message from the admin API is stored (screened, published, webhooks and emails from the message log) under a
 * client id made from the row's id: a job delivered again after a crash finds it stored and stores nothing twice.
 */
export class ScheduledMessages {
  readonly #admin: AdminServices;
  readonly #repository: ScheduledRepository;
  readonly #log: Logger;
  readonly #now: () => number;

  constructor(options: ScheduledMessagesOptions) {
    this.#admin = options.admin;
    this.#repository = options.repository;
    this.#log = options.log;
    this.#now = options.now ?? Date.now;
  }

  /** The clock times are read on. */
  now(): number {
    return this.#now();
  }

  get(siteId: string, id: string): Promise<ScheduledRecord | undefined> {
    return this.#repository.get(siteId, id);
  }

  /** A conversation's messages still to send, soonest first. */
  pending(conversation: ConversationRecord): Promise<ScheduledRecord[]> {
    return this.#repository.pending(conversation.siteId, conversation.id);
  }

  /** Schedules `text` for `sendAt` in `conversation`, as `staff`. */
  async schedule(
    conversation: ConversationRecord,
    text: string,
    sendAt: number,
    staff: Scheduler,
  ): Promise<ScheduledRecord> {
    const at = this.#now();
    const id = `sm_${randomBytes(12).toString('base64url')}`;
    const screened = await this.#screen(conversation, id, text);
    const scheduled: ScheduledRecord = {
      id,
      siteId: conversation.siteId,
      conversationId: conversation.id,
      staffId: staff.id,
      staffName: staff.name,
      text: screened.text,
      ...(screened.redacted ? { redacted: screened.redacted } : {}),
      sendAt,
      status: 'scheduled',
      messageId: null,
      error: null,
      createdAt: at,
      updatedAt: at,
    };
    await this.#repository.insert(scheduled, this.#job(scheduled));
    return scheduled;
  }

  /**
   * Changes a waiting message's text (screened as {@link schedule} screens it) or time, or cancels it; `undefined`
   * when it is not waiting any more.
   */
  async change(siteId: string, id: string, change: ScheduledChange): Promise<ScheduledRecord | undefined> {
    if (change.text !== undefined) {
      const before = await this.#repository.get(siteId, id);
      const conversation =
        before && (await this.#admin.repos.conversations.getConversation(siteId, before.conversationId));
      if (!conversation) return undefined;
      const screened = await this.#screen(conversation, id, change.text);
      change = { ...change, text: screened.text, redacted: screened.redacted };
    }
    return this.#repository.change(siteId, id, change, this.#now(), (after) =>
      // A new time needs a job of its own; the one for the old time will find the message not due and do nothing.
      change.sendAt !== undefined && !change.cancel ? this.#job(after) : undefined,
    );
  }

  /**
   * Screens a text as it is scheduled or edited, as the message it becomes will be (docs/safety.md): the text kept
   * until its time is the screened one (what the site hides is not kept in the clear for days), masked parts sealed
   * under the client id it will be sent with. Throws a {@link RefusedMessage} when a feature refuses it.
   */
  async #screen(conversation: ConversationRecord, id: string, text: string): Promise<Screened> {
    const screened = this.#admin.core.screen({
      siteId: conversation.siteId,
      conversationId: conversation.id,
      visitorId: conversation.visitorId,
      clientId: scheduledClientId(id),
      role: 'staff',
      kind: 'text',
      text,
      via: 'admin',
    });
    if (!screened) return { text };
    if (screened.refused) throw new RefusedMessage(screened.refused);
    await screened.before?.();
    return screened;
  }

  /** Keyed by the time: a message moved writes a new job, and moved back to a time still pending writes none. */
  #job(scheduled: ScheduledRecord): OutboxInsert {
    return {
      kind: SCHEDULED_SEND,
      siteId: scheduled.siteId,
      dedupeKey: `${scheduled.id}:${scheduled.sendAt}`,
      conversationId: scheduled.conversationId,
      payload: { id: scheduled.id } satisfies SendJob,
      dueAt: scheduled.sendAt,
    };
  }

  /** The handler of sendings: decided from the database at delivery, so one delivered twice sends once. */
  handler(): OutboxHandler<SendJob> {
    const maxAttempts = 8;
    return {
      kind: SCHEDULED_SEND,
      maxAttempts,
      timeoutMs: 15_000,
      deliver: async (job): Promise<DeliveryOutcome> => {
        const { siteId } = job;
        const now = this.#now();
        const scheduled = await this.#repository.get(siteId, job.payload.id);
        if (!scheduled) return { status: 'skipped', detail: 'no such scheduled message' };
        if (scheduled.status === 'scheduled' && scheduled.sendAt > now)
          return { status: 'skipped', detail: 'moved to a later time' };
        if (!(await this.#repository.take(siteId, scheduled.id, now)))
          return { status: 'skipped', detail: `already ${scheduled.status}` };
        const fail = async (error: string): Promise<DeliveryOutcome> => {
          await this.#repository.finish(siteId, scheduled.id, { error }, now);
          this.#log.info('scheduled message not sent', { id: scheduled.id, error });
          return { status: 'skipped', detail: error };
        };
        const staff = await this.#admin.repos.desk.getStaff(siteId, scheduled.staffId);
        if (!staff || staff.revokedAt !== null || (staff.deactivatedAt ?? null) !== null)
          return fail('The staff member who scheduled it no longer has access.');
        const conversation = await this.#admin.repos.conversations.getConversation(siteId, scheduled.conversationId);
        if (!conversation) return fail('The conversation no longer exists.');
        // Access is read again now, not trusted from when it was written: a member taken out of the conversation's
        // team (or whose site narrowed what agents see) no longer speaks in it.
        if (!(await this.#admin.seeing(siteId, [staff.id], conversation.id)).has(staff.id))
          return fail('The staff member who scheduled it can no longer see the conversation.');
        let result;
        try {
          result = await this.#admin.core.storeMessage(
            {
              siteId,
              conversationId: conversation.id,
              visitorId: conversation.visitorId,
              clientId: scheduledClientId(scheduled.id),
              author: { role: 'staff', id: scheduled.staffId, name: scheduled.staffName },
              text: scheduled.text,
              kind: 'text',
              // Screened when it was written: what was replaced then (the text has nothing left to find).
              ...(scheduled.redacted ? { extra: { redacted: scheduled.redacted } } : {}),
            },
            'admin',
          );
        } catch (error) {
          if (error instanceof RefusedMessage) return fail(error.refusal.message);
          if (job.attempts + 1 >= maxAttempts)
            await this.#repository.finish(siteId, scheduled.id, { error: 'It could not be stored.' }, now);
          return { status: 'failed', error: String(error), retryAfterMs: 1000 };
        }
        if (!result.duplicate)
          await this.#admin.repos.audit.appendAudit({
            siteId,
            at: now,
            actorId: scheduled.staffId,
            actorName: scheduled.staffName,
            action: 'message.create',
            targetType: 'conversation',
            targetId: conversation.id,
            details: { messageId: result.message.id, seq: result.message.seq, scheduledId: scheduled.id },
          });
        await this.#repository.finish(siteId, scheduled.id, { messageId: result.message.id }, now);
        return { status: 'delivered', detail: result.duplicate ? 'stored before' : 'sent' };
      },
    };
  }
}

import { EveryMinute } from '../core/every-minute.js';
import { findMentions, type Message } from '@parley/protocol';
import type { AdminFor } from '../admin/public.js';
import type { ChatHooks, StaffSession } from '../core/hooks.js';
import type { OutboxHandler, OutboxInsert } from '../outbox/outbox.js';
import { ONLINE_WINDOW_MS } from '../routing/public.js';
import type { Mentionable } from './mention-store.js';
import { PUSH_KINDS, type PushMentionJob } from '../push/public.js';
import { MENTION_KINDS, type MentionEmailJob, type MentionJob } from './mention-kinds.js';

/** What {@link Mentions} needs. */
export interface MentionsOptions {
  readonly admin: AdminFor<'mentions' | 'routing'>;
  /** Whether the relay sends email now (mention emails are written only then). */
  readonly emailEnabled: () => boolean;
  /** Whether anyone on a site has a browser subscribed to pushes (mention pushes are written only then). */
  readonly pushEnabled?: (siteId: string) => boolean;
  /** How long a mention email waits, so one read in the inbox meanwhile is not emailed (ms; default a minute). */
  readonly emailDelayMs?: number;
  readonly now?: () => number;
}

/**
 * Mentions (issue #19): `@Name` in a private note. The message hook finds whom a note names — from memory, with
 * the one rule the inbox also uses ({@link findMentions}) — and writes one `mention.record` job in the note's own
 * transaction, so no mention of a stored note is lost. That job records the mentions (each once) and, for those
 * not in the inbox (no connection seen within the online window, or not available), an `email.mention` job in the
 * same transaction, due a minute later and sent only if the mention is still unread by then.
 */
export class Mentions implements ChatHooks {
  readonly #admin: AdminFor<'mentions' | 'routing'>;
  readonly #options: MentionsOptions;
  readonly #now: () => number;
  /** Each site's staff who can be mentioned, read at start and every minute (a change through another relay). */
  #members = new Map<string, Mentionable[]>();
  readonly #reads = new EveryMinute(
    () => this.refresh(),
    (error) => this.#admin.core.log.warn('mentions: could not read the staff', { error: String(error) }),
  );

  constructor(options: MentionsOptions) {
    this.#admin = options.admin;
    this.#options = options;
    this.#now = options.now ?? Date.now;
  }

  async start(): Promise<void> {
    await this.#reads.start();
  }

  stop(): void {
    this.#reads.stop();
  }

  /** Reads again whom notes can mention (after a token is created or revoked here, at once). */
  async refresh(): Promise<void> {
    const next = new Map<string, Mentionable[]>();
    for (const member of await this.#admin.repos.mentions.mentionableStaff()) {
      const list = next.get(member.siteId) ?? [];
      list.push(member);
      next.set(member.siteId, list);
    }
    this.#members = next;
  }

  /** The staff a note on `siteId` can mention. */
  members(siteId: string): readonly Mentionable[] {
    return this.#members.get(siteId) ?? [];
  }

  /** {@link ChatHooks.staffReady}: someone new to this relay (a token made through another relay) is read at once. */
  staffReady(session: StaffSession): void {
    if (this.members(session.site.id).some((member) => member.id === session.staff.id)) return;
    this.refresh().catch((error: unknown) =>
      this.#admin.core.log.warn('mentions: could not read the staff', { error: String(error) }),
    );
  }

  /** {@link ChatHooks.messageEffects}: a staff note that names colleagues writes one `mention.record` job. */
  messageEffects(message: Message, siteId: string): readonly OutboxInsert[] | undefined {
    if (message.kind !== 'note' || message.author.role !== 'staff' || !message.text.includes('@')) return undefined;
    try {
      const staffIds = findMentions(message.text, this.members(siteId)).filter((id) => id !== message.author.id);
      if (staffIds.length === 0) return undefined;
      const payload: MentionJob = {
        conversationId: message.conversationId,
        seq: message.seq,
        authorId: message.author.id,
        staffIds,
        ts: message.ts,
      };
      return [{ kind: MENTION_KINDS.record, siteId, conversationId: message.conversationId, payload }];
    } catch (error) {
      this.#admin.core.log.warn('mentions: a note could not be read for mentions', { error: String(error) });
      return undefined;
    }
  }

  /** The handler of `mention.record`. */
  recordHandler(): OutboxHandler<MentionJob> {
    return {
      kind: MENTION_KINDS.record,
      maxAttempts: 30,
      timeoutMs: 30_000,
      deliver: async (job) => {
        const mention = job.payload;
        if (!mention || !Array.isArray(mention.staffIds))
          return { status: 'failed', error: 'no mention in the job', permanent: true };
        const now = this.#now();
        const email = this.#options.emailEnabled();
        const push = this.#options.pushEnabled?.(job.siteId) ?? false;
        const away = email || push ? await this.#away(job.siteId, mention.staffIds, now) : new Set<string>();
        const recorded = await this.#admin.repos.mentions.recordMentions(
          {
            siteId: job.siteId,
            conversationId: mention.conversationId,
            seq: mention.seq,
            authorId: mention.authorId,
            staffIds: mention.staffIds,
            createdAt: mention.ts,
          },
          (first) =>
            first
              .filter((staffId) => away.has(staffId))
              .flatMap((staffId): OutboxInsert[] => [
                ...(push
                  ? [
                      {
                        kind: PUSH_KINDS.mention,
                        siteId: job.siteId,
                        conversationId: mention.conversationId,
                        payload: {
                          staffId,
                          conversationId: mention.conversationId,
                          seq: mention.seq,
                        } satisfies PushMentionJob,
                      },
                    ]
                  : []),
                ...(email
                  ? [
                      {
                        kind: MENTION_KINDS.email,
                        siteId: job.siteId,
                        conversationId: mention.conversationId,
                        payload: {
                          staffId,
                          conversationId: mention.conversationId,
                          seq: mention.seq,
                          authorId: mention.authorId,
                        } satisfies MentionEmailJob,
                        dueAt: now + (this.#options.emailDelayMs ?? 60_000),
                      },
                    ]
                  : []),
              ]),
        );
        return { status: 'delivered', detail: `recorded ${recorded.length} of ${mention.staffIds.length}` };
      },
    };
  }

  /** Of `staffIds`, those not in the inbox now: not seen by any relay within the online window, or not available. */
  async #away(siteId: string, staffIds: readonly string[], now: number): Promise<Set<string>> {
    const away = new Set<string>();
    for (const staffId of staffIds) {
      const staff = await this.#admin.repos.routing.getRoutingStaff(siteId, staffId);
      if (!staff || staff.availability !== 'online' || staff.lastSeenAt < now - ONLINE_WINDOW_MS) away.add(staffId);
    }
    return away;
  }
}

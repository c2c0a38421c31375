import { EveryMinute } from '../core/every-minute.js';
import type { Message } from '@parley/protocol';
import type { AdminFor } from '../admin/public.js';
import type { AccountMail } from '../auth/account-mail.js';
import { maskEmail } from '../admin/public.js';
import { VisitorTokens } from '../auth/tokens.js';
import type { ChatHooks, StaffSession } from '../core/hooks.js';
import type { Logger } from '../log.js';
import { LogConsumer } from '../message-log/log-consumer.js';
import type { LoggedMessage } from '../message-log/message-log-queries.js';
import type { OutboxHandler, OutboxInsert } from '../outbox/outbox.js';
import type { StaffRecipient } from './email-store.js';
import type { SqlDb } from '../store/sql/sql-db.js';
import { isAddress, isStaffReply, replyEmailHandler, transcriptEmailHandler } from './conversation-emails.js';
import { relayMark } from './automated-mail.js';
import type { DkimSigning } from './dkim.js';
import type { ConversationMailContext, EmailContext } from './email-context.js';
import { memberPermissions, type MemberPermissions } from '../roles/public.js';
import { sendAccountEmail } from './account-emails.js';
import { Mailer } from './mailer.js';
import { NOTIFY_INTERVAL_MS, adminNoticeHandler, mentionEmailHandler, notifyEmailHandler } from './staff-emails.js';
import { hashLinkToken } from './visitor-links.js';

/** What {@link EmailFeature} is built from. */
export interface EmailFeatureOptions {
  readonly admin: AdminFor<'conversations' | 'email' | 'mentions' | 'outbox' | 'retention'>;
  /** `PARLEY_SMTP_URL`; without it the relay sends no email. */
  readonly smtpUrl: string | undefined;
  /** `PARLEY_EMAIL_FROM`. */
  readonly emailFrom: string | undefined;
  /** DKIM signing (`PARLEY_DKIM_*`, read by `loadDkim`); emails are unsigned without it. */
  readonly dkim?: DkimSigning | undefined;
  /** Seconds a staff reply waits before it is emailed (replies within it make one email). */
  readonly replyDelayS: number;
  /** The same in a conversation that came by email (`PARLEY_EMAIL_CHANNEL_REPLY_DELAY_S`); `replyDelayS` without it. */
  readonly channelReplyDelayS?: number | undefined;
  /** `PARLEY_INBOUND_DOMAIN`: emails carry a per-conversation `Reply-To` on it. */
  readonly inboundDomain: string | undefined;
  /** Signs visitor tokens and reply addresses. */
  readonly relaySecret: string;
  /** The relay's public origin for links in emails (known once it listens); undefined: no link may be emailed. */
  readonly publicUrl: () => string | undefined;
  /** How long a staff notification waits to gather what follows (ms). Default 60 s. */
  readonly notifyBatchMs?: number;
  /** A mailer to use instead of one made from `smtpUrl` (tests). */
  readonly mailer?: Mailer;
  /** The database the message log is in (the admin side's): the emails messages call for are read from it. */
  readonly db?: SqlDb;
  readonly log?: Logger;
  readonly now?: () => number;
  /** The sites' support addresses (the support feature), which replies by email come from. */
  readonly supportAddress?: EmailContext['supportAddress'];
  /** What a member may do (the roles feature's answer): who the site's notices go to. Default: their built-in role's. */
  readonly permissionsOf?: MemberPermissions;
  /** Other ways out of a conversation's emails (`email.transports`, a team's mailbox); the mailer's without one. */
  readonly transportFor?: EmailContext['transportFor'];
}

/** What asking for a transcript came to. */
export type TranscriptAnswer =
  | { readonly ok: true; readonly emailMasked: string }
  | { readonly ok: false; readonly code: 'no_email' | 'email_unavailable' | 'not_found' | 'rate_limited' };

/** What using a link came to. */
export type LinkAnswer =
  | { readonly ok: true; readonly siteId: string; readonly conversationId: string; readonly visitorToken: string }
  | { readonly ok: false; readonly code: 'not_found' | 'link_used' | 'link_expired' };

/** A staff member's email settings as the API shows them. */
export interface StaffEmailView {
  readonly email: string | null;
  readonly notify: boolean;
}

/** A transcript asked for again this soon is the same request (a double click): one email. */
const transcriptCooldownMs = 60_000;
/** Most transcripts of one conversation a day (issue #33): each is an email the relay sends on a visitor's word. */
export const maxTranscriptsPerDay = 3;
const transcriptWindowMs = 24 * 60 * 60_000;

/**
 * The email feature (issue #16): it attaches to the chat core (`core.use(email)`) for staff sessions, and reads the
 * message log (its {@link consumer}, ADR 0023) for the emails stored messages call for: a staff reply to the visitor
 * (after the grace period) and notifications to staff who opted in, written as outbox jobs once per batch of the log
 * rather than in each message's transaction. Its outbox handlers deliver them (`email.reply`,
 * `email.transcript`, `email.notify`, `email.admin`); it also answers transcript requests and one-time links.
 *
 * Without `PARLEY_SMTP_URL` it is off: no email is written or sent, and the widget is told so at hello.
 */
export class EmailFeature implements ChatHooks {
  readonly admin: AdminFor<'conversations' | 'email' | 'mentions' | 'outbox' | 'retention'>;
  /** Undefined when email is off. */
  readonly mailer: Mailer | undefined;
  /**
   * Sends the accounts' emails (invitations, their codes, reset links) over the mailer; undefined when email is off.
   * The desk's invitations and the accounts' routes send through it, without importing this feature.
   */
  readonly accountMail: AccountMail | undefined;
  readonly #options: EmailFeatureOptions;
  readonly #now: () => number;
  readonly #visitorTokens: VisitorTokens;
  readonly #notifyBatchMs: number;
  /** Per site, the staff who want notifications and have an email: what the message hook decides from. */
  #recipients = new Map<string, StaffRecipient[]>();
  /** Open staff connections on this relay, per staff member. */
  readonly #sessions = new Map<string, number>();
  /** When each staff member was last notified, as this relay knows. */
  readonly #notified = new Map<string, number>();
  /** Per conversation, the last transcript request on this relay: when, and the masked address it was answered. */
  readonly #transcripts = new Map<string, { readonly at: number; readonly emailMasked: string }>();
  /**
   * Reads the stored messages for the emails they call for (`undefined` when email is off or there is no database):
   * the relay nudges, starts and stops it (`logConsumers`).
   */
  readonly consumer: LogConsumer | undefined;
  readonly #recipientReads = new EveryMinute(
    () => this.refreshRecipients(),
    (error) => this.admin.core.log.warn('email: could not read staff notification settings', { error: String(error) }),
  );

  constructor(options: EmailFeatureOptions) {
    this.#options = options;
    this.admin = options.admin;
    this.#now = options.now ?? Date.now;
    this.#visitorTokens = new VisitorTokens(options.relaySecret);
    this.#notifyBatchMs = options.notifyBatchMs ?? 60_000;
    this.mailer =
      options.mailer ??
      (options.smtpUrl && options.emailFrom
        ? new Mailer({
            smtpUrl: options.smtpUrl,
            from: options.emailFrom,
            dkim: options.dkim,
            relayMark: relayMark(options.relaySecret),
          })
        : undefined);
    const mailer = this.mailer;
    this.accountMail = mailer && ((to, email) => sendAccountEmail(mailer, to, email));
    this.consumer =
      this.conversationMail && options.db
        ? new LogConsumer({
            name: 'email',
            db: options.db,
            log: options.log ?? this.admin.core.log,
            handle: (batch) => this.#handle(batch),
          })
        : undefined;
  }

  /** True when the relay sends email of its own (`PARLEY_SMTP_URL`). */
  get enabled(): boolean {
    return this.mailer !== undefined;
  }

  /**
   * True when conversations' replies may go out by email: through the relay's mailer, or, without one, through a
   * team's mailbox (`email.transports`) for the conversations that came to it.
   */
  get conversationMail(): boolean {
    return this.mailer !== undefined || this.#options.transportFor !== undefined;
  }

  /** The outbox handlers of every email kind (none when email is off). Register them with the outbox worker. */
  handlers(): OutboxHandler[] {
    if (!this.conversationMail) return [];
    const mailer = this.mailer;
    const context: ConversationMailContext = {
      admin: this.admin,
      mailer,
      relaySecret: this.#options.relaySecret,
      inboundDomain: this.#options.inboundDomain,
      publicUrl: () => this.#options.publicUrl(),
      now: this.#now,
      permissionsOf: this.#options.permissionsOf ?? memberPermissions(() => undefined),
      ...(this.#options.supportAddress ? { supportAddress: this.#options.supportAddress } : {}),
      ...(this.#options.transportFor ? { transportFor: this.#options.transportFor } : {}),
    };
    // Without the relay's mailer, only the replies of a mailbox's conversations go out (through its SMTP).
    if (!mailer) return [replyEmailHandler(context)] as OutboxHandler[];
    const full: EmailContext = { ...context, mailer };
    return [
      replyEmailHandler(full),
      transcriptEmailHandler(full),
      notifyEmailHandler(full, (staffId, at) => this.#notified.set(staffId, at)),
      adminNoticeHandler(full),
      mentionEmailHandler(full),
    ] as OutboxHandler[];
  }

  /**
   * Loads who wants notifications (the message hook decides from memory), and reads it again every minute, so a
   * change made through another relay reaches this one.
   */
  async start(): Promise<void> {
    await this.#recipientReads.start();
  }

  /** Reads again who wants notifications, after a change. */
  async refreshRecipients(): Promise<void> {
    const next = new Map<string, StaffRecipient[]>();
    for (const staff of await this.admin.repos.email.staffWithEmail()) {
      if (!staff.notify) continue;
      const list = next.get(staff.siteId) ?? [];
      list.push(staff);
      next.set(staff.siteId, list);
      if (staff.notifiedAt !== null && staff.notifiedAt > (this.#notified.get(staff.id) ?? 0))
        this.#notified.set(staff.id, staff.notifiedAt);
    }
    this.#recipients = next;
  }

  /** Stops the refresh and closes the mailer's connections. */
  close(): void {
    this.#recipientReads.stop();
    this.mailer?.close();
  }

  /** {@link ChatHooks.staffReady} */
  staffReady(session: StaffSession): void {
    this.#sessions.set(session.staff.id, (this.#sessions.get(session.staff.id) ?? 0) + 1);
  }

  /** {@link ChatHooks.staffClosed} */
  staffClosed(session: StaffSession): void {
    const left = (this.#sessions.get(session.staff.id) ?? 1) - 1;
    if (left > 0) this.#sessions.set(session.staff.id, left);
    else this.#sessions.delete(session.staff.id);
  }

  /**
   * A batch of the message log: a staff reply schedules `email.reply` for the conversation after the grace period
   * (folded into one already pending); a visitor's message that opens a conversation, or that comes while no staff
   * member of the site is online, schedules `email.notify` for each staff member who opted in (folded per member,
   * and never due within 5 minutes of the last one). The jobs of the whole batch are written at once; a batch read
   * again (the relay died before its cursor moved) folds into the same jobs, and each job's handler sends only what
   * is still owed.
   */
  async #handle(batch: readonly LoggedMessage[]): Promise<void> {
    const jobs: OutboxInsert[] = [];
    const byEmail = await this.#byEmail(batch);
    for (const { message, siteId } of batch) {
      const mailed = byEmail.has(message.conversationId);
      // Without the relay's mailer, a chat's replies have no way out: only the email channel's are written.
      if (isStaffReply(message) && (mailed || this.mailer)) jobs.push(this.#replyEffect(message, siteId, mailed));
      else if (this.mailer && message.author.role === 'visitor' && message.kind === 'text')
        jobs.push(...(this.#notifyEffects(message, siteId) ?? []));
    }
    if (jobs.length === 0) return;
    await this.admin.repos.outbox.enqueueOutbox(jobs, this.#now());
    this.admin.outbox.nudge();
  }

  /** The conversations of the batch's staff replies that came by email: one read, and none without a reply. */
  async #byEmail(batch: readonly LoggedMessage[]): Promise<Set<string>> {
    const ids = [
      ...new Set(batch.filter(({ message }) => isStaffReply(message)).map(({ message }) => message.conversationId)),
    ];
    if (ids.length === 0 || (this.#options.channelReplyDelayS === undefined && this.mailer)) return new Set();
    return this.admin.repos.conversations.onChannel(ids, 'email');
  }

  #replyEffect(message: Message, siteId: string, byEmail: boolean): OutboxInsert {
    const { conversationId } = message;
    const delayS = byEmail
      ? (this.#options.channelReplyDelayS ?? this.#options.replyDelayS)
      : this.#options.replyDelayS;
    return {
      kind: 'email.reply',
      siteId,
      dedupeKey: conversationId,
      conversationId,
      payload: { conversationId },
      dueAt: this.#now() + delayS * 1000,
    };
  }

  #notifyEffects(message: Message, siteId: string): OutboxInsert[] | undefined {
    const recipients = this.#recipients.get(siteId);
    if (!recipients || recipients.length === 0) return undefined;
    const nobodyOnline = this.admin.core.presence.staffOnline(siteId) === 0;
    if (!nobodyOnline && message.seq !== 1) return undefined;
    const now = this.#now();
    const effects: OutboxInsert[] = [];
    for (const staff of recipients) {
      // A new conversation while some are online: those in the inbox see it there.
      if (!nobodyOnline && this.#sessions.has(staff.id)) continue;
      const last = this.#notified.get(staff.id) ?? 0;
      effects.push({
        kind: 'email.notify',
        siteId,
        dedupeKey: staff.id,
        payload: { staffId: staff.id },
        dueAt: Math.max(now + this.#notifyBatchMs, last + NOTIFY_INTERVAL_MS),
      });
    }
    return effects.length > 0 ? effects : undefined;
  }

  /**
   * A visitor asks for their conversation's transcript: queued (`email.transcript`, once per conversation while
   * pending, and a repeat within a minute is the same request), or why not. The transcript goes to the address the
   * conversation was given at its first request, whatever the visitor types later (a verified visitor's address,
   * which the site gives, may change it), and a conversation gets at most {@link maxTranscriptsPerDay} a day
   * (`rate_limited`): a visitor cannot make the relay email any address they like, nor one address over and over.
   */
  async requestTranscript(siteId: string, conversationId: string): Promise<TranscriptAnswer> {
    if (!this.mailer) return { ok: false, code: 'email_unavailable' };
    // The visitor's address may still be in the contact writer's queue (it writes every 200 ms).
    await this.admin.flushContacts();
    const record = await this.admin.repos.conversations.getConversation(siteId, conversationId);
    if (!record) return { ok: false, code: 'not_found' };
    const sealed = record.visitor.emailEnc;
    const email = sealed === undefined ? undefined : this.admin.cipher.decrypt(sealed);
    if (sealed === undefined || email === undefined || !isAddress(email)) return { ok: false, code: 'no_email' };
    const now = this.#now();
    const last = this.#transcripts.get(conversationId);
    if (last && now - last.at < transcriptCooldownMs) return { ok: true, emailMasked: last.emailMasked };
    const claim = await this.admin.repos.email.claimTranscript(siteId, conversationId, {
      emailEnc: sealed,
      repin: record.visitor.verified,
      now,
      windowMs: transcriptWindowMs,
    });
    if (claim.count > maxTranscriptsPerDay) return { ok: false, code: 'rate_limited' };
    const to = this.admin.cipher.decrypt(claim.emailEnc);
    if (to === undefined || !isAddress(to)) return { ok: false, code: 'no_email' };
    await this.admin.repos.outbox.enqueueOutbox(
      [{ kind: 'email.transcript', siteId, dedupeKey: conversationId, conversationId, payload: { conversationId } }],
      now,
    );
    const emailMasked = maskEmail(to);
    this.#transcripts.set(conversationId, { at: now, emailMasked });
    for (const [id, { at }] of this.#transcripts) if (now - at >= transcriptCooldownMs) this.#transcripts.delete(id);
    return { ok: true, emailMasked };
  }

  /**
   * A visitor gave their email in the conversation (the widget's "Get notified by email", issue #36), already
   * handed to the core's features (`visitorSeen`): it is written to their contact now, so a transcript asked for
   * next and the next reply email use it, and the site's staff are told (a `conversation` frame: the inbox's
   * visitor panel shows it). Resolves with the address the conversation's emails now go to, masked: the one given,
   * unless staff set the contact's email (theirs wins, `PATCH /v1/admin/contacts/{id}`), or the one given when
   * nothing is written yet (a visitor who has not written is kept nowhere until they do); `undefined` when staff
   * removed the contact's email, which no page brings back.
   */
  async visitorEmailGiven(siteId: string, conversationId: string, email: string): Promise<string | undefined> {
    await this.admin.flushContacts();
    const record = await this.admin.repos.conversations.getConversation(siteId, conversationId);
    if (!record) return maskEmail(email);
    await this.admin.publishConversation(siteId, conversationId, record);
    return this.admin.cipher.mask(record.visitor.emailEnc);
  }

  /**
   * Uses a one-time link: the visitor session it grants (a visitor token for the conversation's visitor, what a
   * welcome gives), or why it grants nothing. `allowed` checks the link's site before it is used up (the caller's
   * origin must be one of the site's).
   */
  async redeemLink(token: string, allowed: (siteId: string) => Promise<boolean>): Promise<LinkAnswer | 'refused'> {
    const tokenHash = hashLinkToken(token);
    const siteId = await this.admin.repos.email.emailLinkSite(tokenHash);
    if (siteId === undefined) return { ok: false, code: 'not_found' };
    if (!(await allowed(siteId))) return 'refused';
    const used = await this.admin.repos.email.redeemEmailLink(tokenHash, this.#now());
    if (!used.ok)
      return {
        ok: false,
        code: used.reason === 'used' ? 'link_used' : used.reason === 'expired' ? 'link_expired' : 'not_found',
      };
    return {
      ok: true,
      siteId: used.siteId,
      conversationId: used.conversationId,
      visitorToken: this.#visitorTokens.sign({
        siteId: used.siteId,
        visitorId: used.visitorId,
        conversationId: used.conversationId,
      }),
    };
  }

  /** A staff member's email settings, the address in plaintext (only ever shown to them and their admins). */
  async staffSettings(siteId: string, staffId: string): Promise<StaffEmailView | undefined> {
    const staff = await this.admin.repos.email.getStaffEmail(siteId, staffId);
    return staff && this.#view(staff);
  }

  /** Changes a staff member's email settings (the address sealed); `undefined` when there is no such member. */
  async updateStaffSettings(
    siteId: string,
    staffId: string,
    patch: { email?: string | null | undefined; notify?: boolean | undefined },
  ): Promise<StaffEmailView | undefined> {
    const staff = await this.admin.repos.email.updateStaffEmail(siteId, staffId, {
      ...(patch.email !== undefined
        ? { emailEnc: patch.email === null ? null : this.admin.cipher.encrypt(patch.email) }
        : {}),
      ...(patch.notify !== undefined ? { notify: patch.notify } : {}),
    });
    if (!staff) return undefined;
    await this.refreshRecipients();
    return this.#view(staff);
  }

  #view(staff: StaffRecipient): StaffEmailView {
    const email = staff.emailEnc === undefined ? undefined : this.admin.cipher.decrypt(staff.emailEnc);
    return { email: email ?? null, notify: staff.notify };
  }
}

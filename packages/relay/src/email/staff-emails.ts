import { contactName, contactTag } from '@parley/protocol';
import type { DeliveryOutcome, OutboxHandler } from '../outbox/outbox.js';
import { holdersOf } from '../roles/public.js';
import { brandOf, messageIdOf, sendOutcome, type EmailContext } from './email-context.js';
import { emailLocale } from './email-strings.js';
import type { OutgoingEmail } from './mailer.js';
import { MENTION_KINDS, type MentionEmailJob } from '../mentions/public.js';
import { renderMention, renderNotification, renderWebhookDisabled } from './templates.js';

/** What an `email.notify` job carries: whom to notify (what about is read at delivery time). */
export interface NotifyPayload {
  readonly staffId: string;
}

/** What an `email.admin` job carries: a notice to the site's admins. */
export interface AdminNoticePayload {
  readonly template: 'webhook-disabled';
  readonly endpointId: string;
  readonly url: string;
  readonly error: string;
}

/** The least time between two notifications to one staff member (ms): 5 minutes. */
export const NOTIFY_INTERVAL_MS = 5 * 60 * 1000;
/** How far back a staff member's first notification looks (ms). */
const firstLookBackMs = 60 * 60 * 1000;
/** Conversations one notification lists at most. */
const maxListed = 20;

/** Why a staff email, made of a link to the inbox, is not sent (see `PublicOrigin.forEmail`). */
const NO_EMAIL_ORIGIN = 'no link is emailed without PARLEY_PUBLIC_URL on a relay reachable from elsewhere';

/** Staff emails are in English: staff have no language setting (the inbox follows the browser's). */
const staffLocale = emailLocale('en');

/**
 * `email.notify`: tells a staff member who opted in which conversations visitors wrote in since their last
 * notification (new ones, and messages left while nobody was online). Never two within {@link NOTIFY_INTERVAL_MS}:
 * the producer sets the job's due time from the last one sent, and a job that comes due earlier anyway (written
 * by another relay that had not heard of it) waits out the rest.
 */
export function notifyEmailHandler(
  context: EmailContext,
  sent: (staffId: string, at: number) => void,
): OutboxHandler<NotifyPayload> {
  return {
    kind: 'email.notify',
    maxAttempts: 12,
    timeoutMs: 60_000,
    async deliver(job, signal) {
      const inbox = context.publicUrl();
      if (inbox === undefined) return skipped(NO_EMAIL_ORIGIN);
      const staffId = job.payload?.staffId;
      if (typeof staffId !== 'string') return { status: 'failed', error: 'no staff id', permanent: true };
      const staff = await context.admin.repos.email.getStaffEmail(job.siteId, staffId);
      if (!staff || !staff.notify || staff.emailEnc === undefined) return skipped('notifications are off');
      const to = context.admin.cipher.decrypt(staff.emailEnc);
      if (to === undefined) return skipped('the address cannot be read with this data key');
      const now = context.now();
      if (staff.notifiedAt !== null && now - staff.notifiedAt < NOTIFY_INTERVAL_MS)
        return {
          status: 'failed',
          error: 'notified less than 5 minutes ago',
          retryAfterMs: staff.notifiedAt + NOTIFY_INTERVAL_MS - now,
        };
      // Later jobs for this member are due 5 minutes from now, whatever becomes of this one.
      sent(staffId, now);
      const since = staff.notifiedAt ?? job.createdAt - firstLookBackMs;
      const found = await context.admin.repos.email.conversationsForNotice(job.siteId, since, maxListed);
      // Only the conversations the member may see (issue #41).
      const listed: typeof found = [];
      for (const item of found)
        if ((await context.admin.seeing(job.siteId, [staffId], item.conversationId)).has(staffId)) listed.push(item);
      // Named as the inbox names them: the name, else the masked email, else "Visitor #" and the end of the id.
      const items = listed.map((item) => ({
        ...item,
        visitorName: contactName(
          { id: item.visitorId, name: item.visitorName, email: context.admin.cipher.mask(item.visitorEmailEnc) },
          (id) => `${staffLocale.strings.visitor} #${contactTag(id)}`,
        ),
      }));
      if (items.length === 0) return skipped('nothing new since the last notification');
      const brand = await brandOf(context, job.siteId);
      const rendered = renderNotification(staffLocale, brand, items, `${inbox}/admin`);
      const outcome = await toStaff(context, job.id, to, rendered, signal, `listed ${items.length} conversations`);
      // What arrives from now on goes in the next one.
      if (outcome.status === 'delivered') await context.admin.repos.email.markNotified(job.siteId, staffId, now);
      return outcome;
    },
  };
}

/**
 * `email.admin`: a notice to every member of the site who holds `webhooks.manage` and has an email (the webhooks feature enqueues
 * `webhook-disabled` when it disables an endpoint). One email, to all of them.
 */
export function adminNoticeHandler(context: EmailContext): OutboxHandler<AdminNoticePayload> {
  return {
    kind: 'email.admin',
    maxAttempts: 12,
    timeoutMs: 60_000,
    async deliver(job, signal) {
      const inbox = context.publicUrl();
      if (inbox === undefined) return skipped(NO_EMAIL_ORIGIN);
      const notice = job.payload;
      if (notice?.template !== 'webhook-disabled' || typeof notice.url !== 'string')
        return { status: 'failed', error: 'unknown notice template', permanent: true };
      // Those who may act on it: the holders of `webhooks.manage`, whatever their role is called.
      const ofSite = (await context.admin.repos.email.staffWithEmail()).filter((staff) => staff.siteId === job.siteId);
      const admins = await holdersOf(context.permissionsOf, job.siteId, ofSite, 'webhooks.manage');
      const to = admins
        .map((staff) => (staff.emailEnc === undefined ? undefined : context.admin.cipher.decrypt(staff.emailEnc)))
        .filter((address): address is string => address !== undefined);
      if (to.length === 0) return skipped('no admin of the site has an email');
      const brand = await brandOf(context, job.siteId);
      const rendered = renderWebhookDisabled(
        staffLocale,
        brand,
        { url: notice.url, error: String(notice.error ?? '') },
        `${inbox}/admin`,
      );
      return toStaff(
        context,
        job.id,
        to.join(', '),
        rendered,
        signal,
        `told ${to.length} ${to.length === 1 ? 'admin' : 'admins'}`,
      );
    },
  };
}

/**
 * `email.mention`: tells a staff member who was away that a colleague mentioned them in a note — unless they have
 * opened the conversation since (the job waits a minute for that), turned notifications off, or have no address.
 */
export function mentionEmailHandler(context: EmailContext): OutboxHandler<MentionEmailJob> {
  return {
    kind: MENTION_KINDS.email,
    maxAttempts: 12,
    timeoutMs: 60_000,
    async deliver(job, signal) {
      const inbox = context.publicUrl();
      if (inbox === undefined) return skipped(NO_EMAIL_ORIGIN);
      const mention = job.payload;
      if (typeof mention?.staffId !== 'string' || typeof mention.conversationId !== 'string')
        return { status: 'failed', error: 'no mention in the job', permanent: true };
      const readAt = await context.admin.repos.mentions.mentionReadAt(
        job.siteId,
        mention.staffId,
        mention.conversationId,
        mention.seq,
      );
      if (readAt === undefined) return skipped('the mention is gone');
      if (readAt !== null) return skipped('read in the inbox meanwhile');
      if (!(await context.admin.seeing(job.siteId, [mention.staffId], mention.conversationId)).has(mention.staffId))
        return skipped('the conversation is not theirs to see');
      const staff = await context.admin.repos.email.getStaffEmail(job.siteId, mention.staffId);
      if (!staff || !staff.notify || staff.emailEnc === undefined) return skipped('notifications are off');
      const to = context.admin.cipher.decrypt(staff.emailEnc);
      if (to === undefined) return skipped('the address cannot be read with this data key');
      const [note] = await context.admin.core.store.messagesAfter(mention.conversationId, mention.seq - 1, 1, {
        includeNotes: true,
      });
      if (!note || note.seq !== mention.seq) return skipped('the note is gone');
      const brand = await brandOf(context, job.siteId);
      const rendered = renderMention(
        staffLocale,
        brand,
        { author: note.author.name ?? '', text: note.text, ts: note.ts },
        `${inbox}/admin`,
      );
      return toStaff(context, job.id, to, rendered, signal, 'mention emailed');
    },
  };
}

/**
 * Sends a staff email rendered by `templates.ts`, in the staff's language, marked `Auto-Submitted` (no
 * out-of-office replies), under the job's `Message-ID` (a retried job is the same email).
 */
function toStaff(
  context: EmailContext,
  jobId: string,
  to: string,
  rendered: Pick<OutgoingEmail, 'subject' | 'text' | 'html'>,
  signal: AbortSignal,
  detail: string,
): Promise<DeliveryOutcome> {
  const email = {
    to,
    ...rendered,
    messageId: messageIdOf(context, jobId),
    language: staffLocale.tag,
    headers: { 'Auto-Submitted': 'auto-generated' },
  };
  return sendOutcome(() => context.mailer.send(email, signal), detail);
}

function skipped(detail: string): DeliveryOutcome {
  return { status: 'skipped', detail };
}

import { EveryMinute } from '../core/every-minute.js';
import { createHash } from 'node:crypto';
import { contactName, type Message } from '@parley/protocol';
import type WebPush from 'web-push';
import type { AdminFor } from '../admin/public.js';
import type { ChatHooks, StaffSession } from '../core/hooks.js';
import type { Logger } from '../log.js';
import { LogConsumer } from '../message-log/log-consumer.js';
import type { LoggedMessage } from '../message-log/message-log-queries.js';
import type { DeliveryOutcome, OutboxHandler, OutboxInsert } from '../outbox/outbox.js';
import { ONLINE_WINDOW_MS } from '../routing/public.js';
import type { PushSubscriptionRecord, ShownNotification } from './push-store.js';
import type { SqlDb } from '../store/sql/sql-db.js';
import { postWebhook } from '../outbound/signed-request.js';
import { PUSH_KINDS, type PushMentionJob, type PushMessageJob, type PushReadJob } from './push-kinds.js';
import { vapidKeys, type VapidKeys } from './vapid.js';

/** What {@link Push} needs. */
export interface PushOptions {
  readonly admin: AdminFor<'conversations' | 'mentions' | 'outbox' | 'push' | 'routing'>;
  /** Derives the VAPID keys (shared by every relay with this secret). */
  readonly relaySecret: string;
  /** Who push services may contact about this relay: its https address, or a `mailto:`. */
  readonly subject: string;
  /** Let pushes reach loopback and private addresses (tests; `PARLEY_WEBHOOK_ALLOW_PRIVATE`). */
  readonly allowPrivate: boolean;
  /** The database the message log is in (the admin side's): visitors' messages are read from it. */
  readonly db?: SqlDb;
  readonly log?: Logger;
  readonly now?: () => number;
  /** How long a read waits for more reads on its site before their closing is pushed (default {@link READ_DELAY_MS}). */
  readonly readDelayMs?: number;
}

/** What a browser's service worker receives (encrypted end to end: the push service cannot read it). */
export interface PushPayload {
  readonly title: string;
  readonly body: string;
  /** A later push with the same tag replaces the notification instead of adding one. */
  readonly tag: string;
  /** Where a click on the notification leads: the inbox opens this conversation, on this site. */
  readonly conversationId: string;
  readonly siteId: string;
  /** The message it is about: a read up to it closes it (issue #43). */
  readonly seq: number;
}

/**
 * What a browser's service worker receives when conversations were read elsewhere (issue #43): the tags of the
 * notifications to close. It shows nothing new; ADR 0038 says how the worker stays within Chromium's rule for a push
 * that shows nothing.
 */
export interface ReadPayload {
  readonly type: 'read';
  readonly tags: readonly string[];
}

/** A subscription's endpoint is long-lived; a push about a conversation waits an hour at most for its browser. */
const TTL_SECONDS = 3600;
/** A read's closing waits longer: the notification it closes stays on the device until then (a day at most). */
const READ_TTL_SECONDS = 24 * 3600;
/** A read waits this long for more reads on its site: reading several conversations makes one push per browser. */
export const READ_DELAY_MS = 3000;
/** The most tags one read push names (its payload stays far below the 4 kB push services take). */
const READ_TAGS_PER_PUSH = 50;
/** The most shown notifications one read job looks at (another job follows for the rest). */
const SHOWN_PER_JOB = 1000;
const excerpt = (text: string): string => (text.length > 180 ? `${text.slice(0, 179)}…` : text);

/**
 * Web Push for staff (issue #19): browsers subscribe from the inbox's Notifications page, and the relay tells them
 * of visitor messages (the assignee's, or everyone's while unassigned) and of mentions while their inbox is closed
 * (no connection seen within the online window) and they are not offline. Pushes are outbox jobs: a mention's
 * written with its cause, a visitor message's from the message log (its {@link consumer}, ADR 0023), once per batch; a job retried after a partial failure may push a browser twice, which its notification's tag and
 * the push's `Topic` fold into one. The payload is encrypted to the browser's keys (RFC 8291) and signed with the
 * relay's VAPID key (RFC 8292); endpoints the push service says are gone, or refuse this relay's key, are forgotten.
 */
/** Loads `web-push` (15–30 ms of the event loop): the push feature's `preload`, not the first push. */
export async function loadWebPush(): Promise<void> {
  await import('web-push');
}

export class Push {
  readonly #admin: AdminFor<'conversations' | 'mentions' | 'outbox' | 'push' | 'routing'>;
  readonly #options: PushOptions;
  readonly #now: () => number;
  readonly #keys: VapidKeys;
  /**
   * Reads visitors' messages from the message log for their pushes (`undefined` without a database): the relay
   * nudges, starts and stops it (`logConsumers`). It reads nothing while no site has a subscription.
   */
  readonly consumer: LogConsumer | undefined;
  /** Sites with a subscription (no push is written elsewhere); read at start and every minute. */
  #sites = new Set<string>();
  readonly #reads = new EveryMinute(
    () => this.refresh(),
    (error) => this.#admin.core.log.warn('push: could not read the subscribed sites', { error: String(error) }),
  );

  constructor(options: PushOptions) {
    this.#admin = options.admin;
    this.#options = options;
    this.#now = options.now ?? Date.now;
    this.#keys = vapidKeys(options.relaySecret);
    this.consumer = options.db
      ? new LogConsumer({
          name: 'push',
          db: options.db,
          log: options.log ?? this.#admin.core.log,
          handle: (batch) => this.#handle(batch),
          wanted: () => this.#sites.size > 0,
        })
      : undefined;
  }

  /** `PARLEY_WEBHOOK_ALLOW_PRIVATE`: push services may be on private addresses (tests, private networks). */
  get allowPrivate(): boolean {
    return this.#options.allowPrivate;
  }

  /** The VAPID public key browsers subscribe with (base64url). */
  get publicKey(): string {
    return this.#keys.publicKey;
  }

  async start(): Promise<void> {
    await this.#reads.start();
  }

  stop(): void {
    this.#reads.stop();
  }

  async refresh(): Promise<void> {
    this.#sites = new Set(await this.#admin.repos.push.sitesWithPush());
  }

  /** Whether anyone on the site has a browser subscribed. */
  has(siteId: string): boolean {
    return this.#sites.has(siteId);
  }

  /** A subscription was saved through this relay: the site's messages are pushed from now on. */
  subscribed(siteId: string): void {
    this.#sites.add(siteId);
  }

  /**
   * A batch of the message log: each visitor's message on a site with subscriptions calls for a `push.message` job.
   * While one is pending, later messages of the conversation fold into it (it reads the newest when it runs); the
   * batch's jobs are written at once.
   */
  async #handle(batch: readonly LoggedMessage[]): Promise<void> {
    const jobs: OutboxInsert[] = [];
    for (const { message, siteId } of batch) {
      if (!this.#pushes(message, siteId)) continue;
      const payload: PushMessageJob = { conversationId: message.conversationId };
      jobs.push({
        kind: PUSH_KINDS.message,
        siteId,
        dedupeKey: message.conversationId,
        conversationId: message.conversationId,
        payload,
      });
    }
    if (jobs.length === 0) return;
    await this.#admin.repos.outbox.enqueueOutbox(jobs, this.#now());
    this.#admin.outbox.nudge();
  }

  #pushes(message: Message, siteId: string): boolean {
    return message.author.role === 'visitor' && message.kind === 'text' && this.#sites.has(siteId);
  }

  /** The hook that hears reads ({@link ChatHooks.staffRead}). */
  hooks(): ChatHooks {
    return {
      staffRead: (session, siteId, conversationId, seq) => {
        if (!this.#sites.has(siteId)) return;
        this.#read(session, siteId, conversationId, seq).catch((error: unknown) =>
          this.#admin.core.log.warn('push: could not note a read', { error: String(error) }),
        );
      },
    };
  }

  /**
   * A member read a conversation: what their own device showed of it is forgotten (its page closes those itself),
   * and, while any other browser may show a notification about it, a `push.read` job is due a moment later. One job
   * per site while one is pending: the reads of the next {@link READ_DELAY_MS} fold into it.
   */
  async #read(session: StaffSession, siteId: string, conversationId: string, seq: number): Promise<void> {
    const { push } = this.#admin.repos;
    if (session.authSessionId !== undefined)
      await push.forgetShownOfSession(siteId, conversationId, session.authSessionId, seq);
    if (!(await push.hasShown(siteId, conversationId))) return;
    await this.#enqueueRead(siteId);
  }

  async #enqueueRead(siteId: string): Promise<void> {
    const payload: PushReadJob = { siteId };
    await this.#admin.repos.outbox.enqueueOutbox(
      [
        {
          kind: PUSH_KINDS.read,
          siteId,
          dedupeKey: siteId,
          payload,
          dueAt: this.#now() + (this.#options.readDelayMs ?? READ_DELAY_MS),
        },
      ],
      this.#now(),
    );
    this.#admin.outbox.nudge();
  }

  /** The handlers of `push.message`, `push.mention` and `push.read`. */
  handlers(): OutboxHandler[] {
    const message: OutboxHandler<PushMessageJob> = {
      kind: PUSH_KINDS.message,
      maxAttempts: 8,
      timeoutMs: 30_000,
      deliver: async (job, signal) => {
        const conversationId = job.payload?.conversationId;
        if (typeof conversationId !== 'string') return { status: 'failed', error: 'no conversation', permanent: true };
        const conversation = await this.#admin.repos.conversations.getConversation(job.siteId, conversationId);
        const last = conversation?.lastMessage;
        if (!conversation || !last) return { status: 'skipped', detail: 'the conversation is gone' };
        // Read up to it already (on any device): nothing to tell (issue #43).
        if (conversation.staffReadSeq >= last.seq) return { status: 'skipped', detail: 'read already' };
        const { visitor } = conversation;
        // Named as the inbox names them (the push is shown outside it: the email stays masked).
        const who = contactName({
          id: visitor.id,
          name: visitor.name,
          email: this.#admin.cipher.mask(visitor.emailEnc),
        });
        const closed = await this.#closedInboxes(
          job.siteId,
          conversation.assigneeId === null ? undefined : [conversation.assigneeId],
        );
        // Only to members who may see the conversation (issue #41).
        const seeing = await this.#admin.seeing(
          job.siteId,
          closed.map((each) => each.staffId),
          conversationId,
        );
        const subscriptions = closed.filter((each) => seeing.has(each.staffId));
        const tag = `conversation:${conversationId}`;
        return this.#send(
          subscriptions,
          {
            title: last.seq === 1 ? `New conversation: ${who}` : `New message from ${who}`,
            body: excerpt(last.text),
            tag,
            conversationId,
            siteId: job.siteId,
            seq: last.seq,
          },
          { topic: topicOf(tag), ttl: TTL_SECONDS, urgency: 'high' },
          signal,
          (endpoint) => ({ endpoint, tag, siteId: job.siteId, conversationId, seq: last.seq }),
        );
      },
    };
    const mention: OutboxHandler<PushMentionJob> = {
      kind: PUSH_KINDS.mention,
      maxAttempts: 8,
      timeoutMs: 30_000,
      deliver: async (job, signal) => {
        const { staffId, conversationId, seq } = job.payload ?? ({} as Partial<PushMentionJob>);
        if (typeof staffId !== 'string' || typeof conversationId !== 'string' || typeof seq !== 'number')
          return { status: 'failed', error: 'no mention', permanent: true };
        if ((await this.#admin.repos.mentions.mentionReadAt(job.siteId, staffId, conversationId, seq)) !== null)
          return { status: 'skipped', detail: 'read, or gone' };
        const [note] = await this.#admin.core.store.messagesAfter(conversationId, seq - 1, 1, { includeNotes: true });
        if (!note || note.seq !== seq) return { status: 'skipped', detail: 'the note is gone' };
        // A member who may not see the conversation (issue #41) is not told of a mention in it.
        if (!(await this.#admin.seeing(job.siteId, [staffId], conversationId)).has(staffId))
          return { status: 'skipped', detail: 'the conversation is not theirs to see' };
        const subscriptions = await this.#closedInboxes(job.siteId, [staffId]);
        const tag = `mention:${conversationId}:${seq}`;
        return this.#send(
          subscriptions,
          {
            title: `${note.author.name ?? 'A colleague'} mentioned you`,
            body: excerpt(note.text),
            tag,
            conversationId,
            siteId: job.siteId,
            seq,
          },
          { topic: topicOf(tag), ttl: TTL_SECONDS, urgency: 'high' },
          signal,
          (endpoint) => ({ endpoint, tag, siteId: job.siteId, conversationId, seq }),
        );
      },
    };
    const read: OutboxHandler<PushReadJob> = {
      kind: PUSH_KINDS.read,
      maxAttempts: 8,
      timeoutMs: 30_000,
      deliver: (job, signal) => this.#deliverRead(job.siteId, signal),
    };
    return [message, mention, read] as OutboxHandler[];
  }

  /**
   * Closes, on each browser, the notifications about what was read since they were pushed: a conversation's once its
   * staff read mark reaches the message it showed (read by anyone: the mark is the desk's), a mention's once its
   * member read it (or the conversation is gone). One push per browser, naming every tag it closes; nothing for a
   * browser with nothing to close. What is closed is forgotten once its push service took the push.
   */
  async #deliverRead(siteId: string, signal: AbortSignal): Promise<DeliveryOutcome> {
    const { push } = this.#admin.repos;
    const shown = await push.shownOnSite(siteId, SHOWN_PER_JOB);
    const closing = new Map<string, { subscription: PushSubscriptionRecord; tags: string[] }>();
    for (const each of shown) {
      if (!each.read) continue;
      const entry = closing.get(each.endpoint) ?? { subscription: each.subscription, tags: [] };
      entry.tags.push(each.tag);
      closing.set(each.endpoint, entry);
    }
    if (shown.length === SHOWN_PER_JOB) await this.#enqueueRead(siteId);
    if (closing.size === 0) return { status: 'skipped', detail: 'nothing shown was read' };
    const batches: Array<{ subscription: PushSubscriptionRecord; tags: string[] }> = [];
    for (const { subscription, tags } of closing.values())
      for (let i = 0; i < tags.length; i += READ_TAGS_PER_PUSH)
        batches.push({ subscription, tags: tags.slice(i, i + READ_TAGS_PER_PUSH) });
    let outcome: DeliveryOutcome = { status: 'skipped', detail: 'nothing shown was read' };
    const pushed: string[] = [];
    let failed: DeliveryOutcome | undefined;
    for (const batch of batches) {
      const sent = await this.#send(
        [batch.subscription],
        { type: 'read', tags: batch.tags } satisfies ReadPayload,
        { ttl: READ_TTL_SECONDS, urgency: 'normal' },
        signal,
      );
      if (sent.status === 'failed') failed = sent;
      else if (sent.status === 'delivered') {
        await push.forgetShown(batch.subscription.endpoint, batch.tags);
        pushed.push(batch.subscription.endpoint);
      }
      outcome = sent;
    }
    if (failed) return failed;
    return batches.length === 1
      ? outcome
      : { status: 'delivered', detail: `closed on ${new Set(pushed).size} browser(s)` };
  }

  /** The subscriptions of `staffIds` (default: the site's staff) whose inbox is closed and who are not offline. */
  async #closedInboxes(siteId: string, staffIds?: readonly string[]): Promise<PushSubscriptionRecord[]> {
    const subscriptions = await this.#admin.repos.push.pushSubscriptions(siteId, staffIds);
    if (subscriptions.length === 0) return [];
    const since = this.#now() - ONLINE_WINDOW_MS;
    const closed = new Set<string>();
    for (const staffId of new Set(subscriptions.map((each) => each.staffId))) {
      const staff = await this.#admin.repos.routing.getRoutingStaff(siteId, staffId);
      if (staff && staff.availability !== 'offline' && staff.lastSeenAt < since) closed.add(staffId);
      else if (!staff) closed.add(staffId);
    }
    return subscriptions.filter((each) => closed.has(each.staffId));
  }

  /**
   * Pushes `payload` to each subscription; gone ones are forgotten, and a passing failure retries the job. `shown`:
   * what a browser the push service took the push for will show (recorded, so that a read closes it there).
   */
  async #send(
    subscriptions: readonly PushSubscriptionRecord[],
    payload: PushPayload | ReadPayload,
    options: { topic?: string; ttl: number; urgency: 'high' | 'normal' },
    signal: AbortSignal,
    shown?: (endpoint: string) => ShownNotification,
  ): Promise<DeliveryOutcome> {
    if (subscriptions.length === 0) return { status: 'skipped', detail: 'nobody to push to' };
    let pushed = 0;
    let forgotten = 0;
    let retry: string | undefined;
    const body = JSON.stringify(payload);
    const took: ShownNotification[] = [];
    const webPush = (await import('web-push')).default;
    for (const subscription of subscriptions) {
      let details: ReturnType<typeof WebPush.generateRequestDetails>;
      try {
        details = webPush.generateRequestDetails(
          { endpoint: subscription.endpoint, keys: { p256dh: subscription.p256dh, auth: subscription.auth } },
          body,
          {
            vapidDetails: { subject: this.#options.subject, ...this.#keys },
            TTL: options.ttl,
            urgency: options.urgency,
            ...(options.topic !== undefined && { topic: options.topic }),
          },
        );
      } catch {
        // A key the payload cannot be encrypted to (not a point on the curve) fails this browser for good, never
        // the job: one bad subscription must not silence everyone else's pushes (issue #33).
        await this.#admin.repos.push.forgetPushEndpoint(subscription.endpoint);
        forgotten++;
        continue;
      }
      const response = await postWebhook({
        url: subscription.endpoint,
        body: details.body ?? Buffer.alloc(0),
        headers: Object.fromEntries(Object.entries(details.headers).map(([key, value]) => [key, String(value)])),
        signal,
        allowPrivate: this.#options.allowPrivate,
      });
      if (response.ok && response.statusCode >= 200 && response.statusCode < 300) {
        pushed++;
        if (shown) took.push(shown(subscription.endpoint));
      } else if (response.ok && (response.statusCode === 429 || response.statusCode >= 500))
        retry = `the push service answered ${response.statusCode}`;
      else if (!response.ok && !response.refused) retry = response.error;
      else {
        // 404/410: the browser unsubscribed; 400/403/413: it will never take this (another key, say). Or an address
        // the relay refuses to reach. Forgotten: the inbox subscribes again when it next opens.
        await this.#admin.repos.push.forgetPushEndpoint(subscription.endpoint);
        forgotten++;
      }
    }
    if (took.length > 0) await this.#admin.repos.push.recordShown(took, this.#now());
    if (retry !== undefined) return { status: 'failed', error: `${retry} (pushed ${pushed})` };
    return { status: 'delivered', detail: `pushed to ${pushed} browser(s), forgot ${forgotten}` };
  }
}

/** The push service keeps one pending push per topic: a newer one about the same thing (tag) replaces it. */
function topicOf(tag: string): string {
  return createHash('sha256').update(tag).digest('base64url').slice(0, 32);
}

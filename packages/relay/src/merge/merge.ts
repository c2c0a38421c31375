import type { ConversationPriority, ConversationStatus } from '@parley/protocol';
import { CONTACT_MERGE_UNDO_MS, MAX_DUPLICATES } from '@parley/protocol/admin';
import type { AdminServices } from '../admin/public.js';
import type { ChangeCause } from '../admin/public.js';
import { randomId } from '../auth/tokens.js';
import type { ChatHooks } from '../core/hooks.js';
import type { Screening, ScreenVerdict } from '../core/screening.js';
import type { Logger } from '../log.js';
import type { ContactRecord, ConversationRecord } from '../store/admin-store.js';
import type { SqlValue } from '../store/sql/sql-db.js';
import {
  MergeConflict,
  type ContactMergeRecord,
  type ConversationMergeOutcome,
  type MergeRepository,
  type MergedFields,
} from './merge-repository.js';

/** Who merges. */
export interface Merger {
  readonly id: string;
  readonly name: string;
}

/** Why a merge was refused, for the route to answer (409, or 404 for what is not there). */
export class MergeRefused extends Error {
  constructor(
    readonly code: 'conflict' | 'not_found' | 'bad_request',
    message: string,
  ) {
    super(message);
    this.name = 'MergeRefused';
  }
}

/**
 * The most messages a merge moves, by database. One transaction moves them all; on SQLite it holds the relay's event
 * loop while it runs (about 40 ms for 500 messages on a small machine), on PostgreSQL it does not. A longer
 * conversation can still absorb the other one.
 */
export const MAX_MERGED_MESSAGES = { sqlite: 500, postgres: 10_000 } as const;

/** How many moved messages go out at a time, the event loop let go between. */
const ANNOUNCE_PAGE = 100;

/** The more active of two statuses: a merge never buries a conversation someone is working on. */
const STATUS_RANK: Record<ConversationStatus, number> = { open: 3, pending: 2, snoozed: 1, resolved: 0 };
const PRIORITY_RANK: Record<ConversationPriority, number> = { urgent: 4, high: 3, medium: 2, low: 1, none: 0 };

/** The result's workflow fields: the more active status, the higher priority, its own assignee and team first. */
export function joinedFields(into: ConversationRecord, from: ConversationRecord): MergedFields {
  return {
    status: STATUS_RANK[from.status] > STATUS_RANK[into.status] ? from.status : into.status,
    priority: PRIORITY_RANK[from.priority] > PRIORITY_RANK[into.priority] ? from.priority : into.priority,
    assigneeId: into.assigneeId ?? from.assigneeId,
    teamId: into.teamId ?? from.teamId,
  };
}

export interface MergeOptions {
  readonly admin: AdminServices;
  readonly repository: MergeRepository;
  readonly log: Logger;
  /** How often merges made through other relays are read again (ms). Default 30 s; the bus tells sooner. */
  readonly refreshMs?: number;
  readonly now?: () => number;
}

/**
 * Merging (docs/merge.md). Conversations: the absorbed one's messages move into the result after its own, keeping
 * their time, text and ids, each recording where it came from; one transaction writes everything. The absorbed
 * conversation is closed for good: its visitors are sent on to the result (their connections close with
 * `MERGED_CLOSE`, and their next hello is redirected), and no message is stored in it again. Contacts: two records of
 * one person become one, undone within {@link CONTACT_MERGE_UNDO_MS}.
 */
export class Merge implements ChatHooks {
  readonly #admin: AdminServices;
  readonly #repository: MergeRepository;
  readonly #log: Logger;
  readonly #now: () => number;
  readonly #refreshMs: number;
  /** Absorbed conversation → the result: asked on every visitor hello and every message (a map look-up). */
  #into = new Map<string, string>();
  #timer: NodeJS.Timeout | undefined;

  constructor(options: MergeOptions) {
    this.#admin = options.admin;
    this.#repository = options.repository;
    this.#log = options.log;
    this.#now = options.now ?? Date.now;
    this.#refreshMs = options.refreshMs ?? 30_000;
  }

  async start(): Promise<void> {
    await this.refresh();
    this.#timer = setInterval(() => void this.refresh(), this.#refreshMs);
    this.#timer.unref();
  }

  stop(): void {
    clearInterval(this.#timer);
  }

  /** Reads again every merge (those made through other relays too). */
  async refresh(): Promise<void> {
    try {
      const next = new Map<string, string>();
      for (const merge of await this.#repository.allMerges()) next.set(merge.conversationId, merge.intoId);
      this.#into = next;
    } catch (error) {
      this.#log.warn('merge: could not read the merged conversations', { error: String(error) });
    }
  }

  /** {@link ChatHooks.mergedInto}: where a merged conversation went (the chain is one hop: merges re-point it). */
  mergedInto(conversationId: string): string | undefined {
    return this.#into.get(conversationId);
  }

  /** {@link ChatHooks.conversationMerged}: merges through other relays are known at once, not at the next read. */
  conversationMerged(conversationId: string, into: string): void {
    this.#into.set(conversationId, into);
    for (const [absorbed, target] of this.#into) if (target === conversationId) this.#into.set(absorbed, into);
  }

  /** {@link ChatHooks.screenMessage}: nothing is stored in a merged conversation again. */
  screenMessage(message: Screening): ScreenVerdict | undefined {
    const into = this.#into.get(message.conversationId);
    if (into === undefined) return undefined;
    // A visitor's message racing the merge goes again after the reconnect, into the result (`conversationFor`).
    if (message.role === 'visitor' && message.via === 'ws')
      return {
        refused: { code: 'rate_limited', message: 'This conversation was merged; reconnecting.', retryAfterMs: 1000 },
      };
    return {
      refused: { code: 'conflict', message: `This conversation was merged into ${into}; write there.` },
    };
  }

  /**
   * Merges `fromId` into `intoId` on the site, as `by` asked. Conversations of two contacts are refused, unless
   * `mergeContacts` (the caller may merge contacts): the contacts are merged first ({@link mergeContacts}; the
   * verified one kept when only one is, else `intoId`'s), then the conversations — a contact merge that cannot be
   * undone, since the result holds both records' messages (`refuseMixedConversations`).
   */
  async mergeConversations(
    siteId: string,
    intoId: string,
    fromId: string,
    by: Merger,
    mergeContacts = false,
  ): Promise<{
    conversation: ConversationRecord;
    outcome: ConversationMergeOutcome;
    contactMerge?: ContactMergeRecord;
  }> {
    if (intoId === fromId)
      throw new MergeRefused('bad_request', 'Invalid body.from: a conversation cannot absorb itself.');
    const conversations = this.#admin.repos.conversations;
    let [into, from] = await Promise.all([
      conversations.getConversation(siteId, intoId),
      conversations.getConversation(siteId, fromId),
    ]);
    if (!into) throw new MergeRefused('not_found', 'No such conversation on this site.');
    if (!from) throw new MergeRefused('not_found', 'Invalid body.from: no such conversation on this site.');
    for (const id of [intoId, fromId]) {
      const merged = this.#into.get(id);
      if (merged !== undefined)
        throw new MergeRefused('conflict', `Conversation ${id} was merged into ${merged} already.`);
    }
    const most = MAX_MERGED_MESSAGES[this.#repository.dialect];
    if (from.lastSeq > most)
      throw new MergeRefused(
        'conflict',
        `Conversation ${fromId} has more than ${most} messages to move; merge the other way (${intoId} into ${fromId}).`,
      );
    let contactMerge: ContactMergeRecord | undefined;
    // Privacy: a visitor sees every message of their conversation, so two people's are never put in one.
    if (into.visitorId !== from.visitorId) {
      if (!mergeContacts)
        throw new MergeRefused(
          'conflict',
          'These conversations belong to different contacts: merge the contacts first (POST /v1/admin/contacts/{id}/merge, or mergeContacts: true), so that no visitor is shown another person’s messages.',
        );
      contactMerge = await this.#joinContactsOf(siteId, into, from, by);
      [into, from] = await Promise.all([
        conversations.getConversation(siteId, intoId),
        conversations.getConversation(siteId, fromId),
      ]);
      if (!into || !from || into.visitorId !== from.visitorId)
        throw new MergeRefused('conflict', `${mergedOnly(contactMerge)} a conversation changed meanwhile.`);
    }
    try {
      return { ...(await this.#mergeSame(siteId, into, from, by)), ...(contactMerge ? { contactMerge } : {}) };
    } catch (error) {
      if (contactMerge && error instanceof MergeRefused)
        throw new MergeRefused(error.code, `${mergedOnly(contactMerge)} ${error.message}`);
      throw error;
    }
  }

  /** The first step of merging two contacts' conversations: their contacts become one (the verified one kept). */
  async #joinContactsOf(
    siteId: string,
    into: ConversationRecord,
    from: ConversationRecord,
    by: Merger,
  ): Promise<ContactMergeRecord> {
    const contacts = this.#admin.repos.contacts;
    await this.#admin.flushContacts();
    const [intoContact, fromContact] = await Promise.all([
      contacts.getContact(siteId, into.visitorId),
      contacts.getContact(siteId, from.visitorId),
    ]);
    if (!intoContact || !fromContact)
      throw new MergeRefused('conflict', 'Not merged: a conversation’s visitor has no contact record to merge.');
    const keepFrom = fromContact.verified && !intoContact.verified;
    const [keep, other] = keepFrom ? [fromContact, intoContact] : [intoContact, fromContact];
    return this.mergeContacts(siteId, keep.id, other.id, by);
  }

  /** Merges two conversations of one contact (checked by the caller; the transaction checks again). */
  async #mergeSame(
    siteId: string,
    into: ConversationRecord,
    from: ConversationRecord,
    by: Merger,
  ): Promise<{ conversation: ConversationRecord; outcome: ConversationMergeOutcome }> {
    const [intoId, fromId] = [into.id, from.id];
    const conversations = this.#admin.repos.conversations;
    const at = this.#now();
    const fields = joinedFields(into, from);
    const cause: ChangeCause = { kind: 'staff', staffId: by.id, staffName: by.name };
    const writer = this.#admin.conversations;
    const labels = [...new Set([...into.labels, ...from.labels])];
    const intoChange = { ...fields, labels, lastSeq: into.lastSeq + from.lastSeq } as Partial<ConversationRecord>;
    const effects = [
      ...(writer.effects(into, intoChange, cause, at) ?? []),
      ...(writer.effects(from, { status: 'resolved' }, cause, at) ?? []),
    ];
    const audit = (targetId: string, details: Record<string, unknown>) => ({
      siteId,
      at,
      actorId: by.id,
      actorName: by.name,
      action: 'conversation.update',
      targetType: 'conversation',
      targetId,
      details,
    });
    let outcome: ConversationMergeOutcome;
    try {
      outcome = await this.#repository.mergeConversations({
        siteId,
        intoId,
        fromId,
        visitorId: into.visitorId,
        fields,
        by,
        at,
        effects,
        audits: [
          audit(intoId, { mergedFrom: fromId, ...fields, labels }),
          audit(fromId, { mergedInto: intoId, status: 'resolved' }),
        ],
      });
    } catch (error) {
      if (error instanceof MergeConflict) throw new MergeRefused('conflict', `Not merged: ${error.message}.`);
      throw error;
    }
    this.conversationMerged(fromId, intoId);
    if (effects.length > 0) this.#admin.outbox.nudge();
    await this.#announce(siteId, intoId, fromId, outcome);
    const conversation = await conversations.getConversation(siteId, intoId);
    if (!conversation) throw new MergeRefused('not_found', 'No such conversation on this site.');
    return { conversation, outcome };
  }

  /**
   * After the commit: the moved messages go out as the result's new ones, in order (its visitors and staff get them
   * live, on every relay), both conversations' summaries to staff, and the absorbed one's visitors reconnect.
   */
  async #announce(siteId: string, intoId: string, fromId: string, outcome: ConversationMergeOutcome): Promise<void> {
    const core = this.#admin.core;
    let after = outcome.offset;
    while (after < outcome.offset + outcome.moved) {
      if (after > outcome.offset) await new Promise((resolve) => setImmediate(resolve));
      const page = await core.store.messagesAfter(intoId, after, ANNOUNCE_PAGE, { includeNotes: true });
      const moved = page.filter((message) => message.seq <= outcome.offset + outcome.moved);
      if (moved.length === 0) break;
      for (const message of moved) core.publishMessage(message, siteId);
      after = moved.at(-1)!.seq;
    }
    core.conversationMerged(fromId, intoId);
    await this.#admin.publishConversation(siteId, intoId);
    await this.#admin.publishConversation(siteId, fromId);
  }

  // ---- contacts ----------------------------------------------------------------------------------------------

  /**
   * Joins the contact `fromId` into `keepId`: conversations, notes, consent and email; a verified identity wins over
   * an unverified one. Undone with {@link undoContactMerge} within {@link CONTACT_MERGE_UNDO_MS}.
   */
  async mergeContacts(siteId: string, keepId: string, fromId: string, by: Merger): Promise<ContactMergeRecord> {
    if (keepId === fromId) throw new MergeRefused('bad_request', 'Invalid body.from: a contact cannot absorb itself.');
    // Contacts seen lately are written in batches: both must be in the table before they are read.
    await this.#admin.flushContacts();
    const snapshot = await this.#repository.contactRows(siteId, [keepId, fromId]);
    const keep = snapshot.contacts.find((row) => row.contact_id === keepId);
    const from = snapshot.contacts.find((row) => row.contact_id === fromId);
    if (!keep) throw new MergeRefused('not_found', 'No such contact on this site.');
    if (!from) throw new MergeRefused('not_found', 'Invalid body.from: no such contact on this site.');
    const at = this.#now();
    const merged = await this.#repository.mergeContacts({
      id: randomId('cm'),
      siteId,
      keepId,
      fromId,
      joined: joinedContact(keep, from),
      by,
      at,
      undoUntil: at + CONTACT_MERGE_UNDO_MS,
      effects: [],
      audit: {
        siteId,
        at,
        actorId: by.id,
        actorName: by.name,
        action: 'contact.merge',
        targetType: 'contact',
        targetId: keepId,
        details: { mergedContactId: fromId },
      },
    });
    this.#admin.publishContact(siteId, keepId);
    for (const id of merged.conversations) await this.#admin.publishConversation(siteId, id);
    return merged;
  }

  /** Puts both contacts back as they were, within the undo window. */
  async undoContactMerge(siteId: string, mergeId: string, by: Merger): Promise<ContactMergeRecord> {
    const merge = await this.#repository.contactMerge(siteId, mergeId);
    if (!merge) throw new MergeRefused('not_found', 'No such contact merge on this site.');
    if (merge.undoneAt !== null) throw new MergeRefused('conflict', 'This merge was undone already.');
    const at = this.#now();
    if (at > merge.undoUntil)
      throw new MergeRefused('conflict', 'This merge can no longer be undone: the 24 hours to undo it have passed.');
    try {
      await this.#repository.undoContactMerge(
        merge,
        at,
        {
          siteId,
          at,
          actorId: by.id,
          actorName: by.name,
          action: 'contact.merge_undone',
          targetType: 'contact',
          targetId: merge.contactId,
          details: { mergeId, mergedContactId: merge.mergedContactId },
        },
        [],
      );
    } catch (error) {
      if (error instanceof MergeConflict) throw new MergeRefused('conflict', `Not undone: ${error.message}.`);
      throw error;
    }
    this.#admin.publishContact(siteId, merge.contactId);
    this.#admin.publishContact(siteId, merge.mergedContactId);
    for (const id of merge.conversations) await this.#admin.publishConversation(siteId, id);
    return { ...merge, undoneAt: at };
  }

  /**
   * The contact's likely duplicates: other records of the site with the same vouched-for email (signed by the site or
   * set by staff), at most {@link MAX_DUPLICATES}, as stored (the caller shapes them).
   */
  async duplicates(siteId: string, contactId: string): Promise<ContactRecord[] | undefined> {
    await this.#admin.flushContacts();
    const contacts = this.#admin.repos.contacts;
    if (!(await contacts.getContact(siteId, contactId))) return undefined;
    const ids = await this.#repository.duplicates(siteId, contactId, MAX_DUPLICATES);
    const found = await Promise.all(ids.map((id) => contacts.getContact(siteId, id)));
    return found
      .filter((contact) => contact !== undefined)
      .sort((a, b) => b.lastSeenAt - a.lastSeenAt || (a.id < b.id ? -1 : 1));
  }

  /** The merges a contact took part in, newest first. */
  contactMerges(siteId: string, contactId: string): Promise<ContactMergeRecord[]> {
    return this.#repository.contactMerges(siteId, contactId);
  }

  /** What a conversation was merged into, what was merged into it, and where its messages came from. */
  async state(siteId: string, conversationId: string) {
    const [own, into, origins] = await Promise.all([
      this.#repository.mergeOf(siteId, conversationId),
      this.#repository.mergedInto(siteId, conversationId),
      this.#repository.origins(siteId, conversationId),
    ]);
    return {
      mergedInto: own?.intoId ?? null,
      mergedFrom: into.map((merge) => ({
        conversationId: merge.conversationId,
        at: merge.mergedAt,
        by: merge.mergedByName,
        messages: merge.messages,
      })),
      origins,
    };
  }
}

/** What a refusal after the first step of a two-step merge says first: the contacts are one already. */
const mergedOnly = (contactMerge: ContactMergeRecord): string =>
  `The contacts were merged (POST /v1/admin/contact-merges/${contactMerge.id}/undo undoes it), but not the conversations:`;

const truthy = (value: SqlValue | undefined): boolean => value === true || value === 1 || value === '1';

/**
 * The kept contact's fields after a merge: a verified identity wins over an unverified one (its name and email), else
 * the kept one's, filled in from the other; the later consent; notes of both; the earlier first sighting.
 */
export function joinedContact(
  keep: Readonly<Record<string, SqlValue>>,
  from: Readonly<Record<string, SqlValue>>,
): Record<string, SqlValue> {
  const fromWins = truthy(from.verified) && !truthy(keep.verified);
  const [first, second] = fromWins ? [from, keep] : [keep, from];
  const pick = (column: string): SqlValue => first[column] ?? second[column] ?? null;
  const emailFrom = first.email_enc != null ? first : second;
  const consentFrom = Number(from.consent_at ?? 0) > Number(keep.consent_at ?? 0) ? from : keep;
  const notes = [keep.notes, from.notes].filter((note) => typeof note === 'string' && note.trim() !== '').join('\n\n');
  return {
    name: pick('name'),
    email_enc: emailFrom.email_enc ?? null,
    email_hash: emailFrom.email_hash ?? null,
    // Whose word the address is goes with it (and bound as 0/1 on SQLite).
    email_vouched: truthy(emailFrom.email_vouched),
    // Booleans bind as 0/1 on SQLite.
    verified: truthy(keep.verified) || truthy(from.verified),
    subscribed: truthy(keep.subscribed) || truthy(from.subscribed),
    consent_version: consentFrom.consent_version ?? null,
    consent_at: consentFrom.consent_at ?? null,
    notes: notes === '' ? null : notes,
    created_at: Math.min(Number(keep.created_at), Number(from.created_at)),
    last_seen_at: Math.max(Number(keep.last_seen_at), Number(from.last_seen_at)),
  };
}

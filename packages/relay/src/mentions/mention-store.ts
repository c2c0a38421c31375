import type { OutboxInsert } from '../outbox/outbox.js';

declare module '../store/repositories.js' {
  interface Repositories {
    readonly mentions: MentionRepository;
  }
}

/** A staff member as a mention names them. */
export interface Mentionable {
  readonly id: string;
  readonly siteId: string;
  readonly name: string;
}

/** The mentions of one stored note. */
export interface MentionRecord {
  readonly siteId: string;
  readonly conversationId: string;
  /** The note's sequence number. */
  readonly seq: number;
  readonly authorId: string;
  /** Who it names (never its author). */
  readonly staffIds: readonly string[];
  readonly createdAt: number;
}

/** A mention as its staff member sees it in the inbox. */
export interface MentionListing {
  readonly conversationId: string;
  readonly seq: number;
  readonly author: { readonly id: string; readonly name: string };
  /** The note's text (empty once the note is gone). */
  readonly text: string;
  readonly createdAt: number;
  /** When they opened the conversation after it, or `null`. */
  readonly readAt: number | null;
}

/** Where mentions are kept (issue #19): in the admin side's database, beside the conversations they point into. */
export interface MentionRepository {
  /** Active staff of every site: whom a note can mention. */
  mentionableStaff(): Promise<Mentionable[]>;
  /**
   * Records a note's mentions, each once, and writes `effects(first)` — jobs about the staff ids recorded for the
   * first time — in the same transaction. Resolves with those ids. A conversation that is gone records nothing.
   */
  recordMentions(
    mention: MentionRecord,
    effects: (first: readonly string[]) => readonly OutboxInsert[],
  ): Promise<string[]>;
  listMentions(
    siteId: string,
    staffId: string,
    options: { readonly unread?: boolean; readonly before?: number; readonly limit: number },
  ): Promise<{ items: MentionListing[]; unread: number }>;
  /** One mention: `null` while unread, when it was read, or `undefined` when there is no such mention (erased). */
  mentionReadAt(
    siteId: string,
    staffId: string,
    conversationId: string,
    seq: number,
  ): Promise<number | null | undefined>;
  /** Marks a staff member's mentions in a conversation read; resolves with how many were unread. */
  markMentionsRead(siteId: string, staffId: string, conversationId: string, now: number): Promise<number>;
}

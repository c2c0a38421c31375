/** The FAQ's repository (`Repositories.faq`; SQL in `faq-queries.ts`) and its records. */

declare module '../store/repositories.js' {
  interface Repositories {
    readonly faq: FaqRepository;
  }
}

/** What an admin writes of an FAQ entry (issue #17). */
export interface FaqEntryInput {
  /** The entry's language (`en`, `fr`…): messages in it are matched against it, stemmed for it. */
  readonly language: string;
  readonly question: string;
  readonly answer: string;
  /** Other ways visitors ask it. */
  readonly phrasings: readonly string[];
  /** Words that point to it. */
  readonly keywords: readonly string[];
}

/** Which count of an entry an event adds to. */
export type FaqCount = 'answered' | 'helpful' | 'escalated';

/** An FAQ entry as stored, with its counts. */
export interface FaqEntryRecord extends FaqEntryInput {
  readonly id: string;
  readonly siteId: string;
  /** Answers the bot gave with it; visitors who said it helped; hand-overs to a person right after it. */
  readonly counts: Readonly<Record<FaqCount, number>>;
  readonly createdAt: number;
  readonly updatedAt: number;
}

/** Something that happened once in a conversation (`answer-<seq>`, `helpful-<seq>`, `handover`), to count once. */
export interface FaqEvent {
  readonly siteId: string;
  readonly conversationId: string;
  /** The event's name, unique within the conversation. */
  readonly event: string;
  readonly entryId?: string | undefined;
  /** The entry's count it adds to, the first time only. */
  readonly count?: FaqCount | undefined;
}

/** FAQ entries and the counts of their answers (issue #17). */
export interface FaqRepository {
  /** The site's FAQ entries (deleted ones left out), oldest first. */
  listFaqEntries(siteId: string): Promise<FaqEntryRecord[]>;
  /** A key that changes whenever the site's entries do (their count and latest change): cheap, unlike listing them. */
  faqVersion(siteId: string): Promise<string>;
  getFaqEntry(siteId: string, id: string): Promise<FaqEntryRecord | undefined>;
  /** Adds an entry; `undefined` (nothing stored) when the site already has `max`. */
  createFaqEntry(
    siteId: string,
    id: string,
    input: FaqEntryInput,
    now: number,
    max: number,
  ): Promise<FaqEntryRecord | undefined>;
  /** Changes an entry (counts kept); `undefined` when the site has no such entry. */
  updateFaqEntry(
    siteId: string,
    id: string,
    patch: Partial<FaqEntryInput>,
    now: number,
  ): Promise<FaqEntryRecord | undefined>;
  /** Deletes an entry; false when the site had no such entry. */
  deleteFaqEntry(siteId: string, id: string, now: number): Promise<boolean>;
  /**
   * The sites whose entries were added, changed or deleted at or after `changedSince` (0: every site with any), each
   * with its latest change.
   */
  faqChangedSites(changedSince: number): Promise<Array<{ siteId: string; changedAt: number }>>;
  /**
   * Records `event` once per conversation and name, adding to its entry's count the first time; resolves whether it
   * was new (false: already recorded, nothing counted).
   */
  recordFaqEvent(event: FaqEvent, now: number): Promise<boolean>;
  /** Whether staff have written to the conversation (not a note), and whether it was handed to a person. */
  faqConversationState(conversationId: string): Promise<{ staffReplied: boolean; handedOver: boolean }>;
}

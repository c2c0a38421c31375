/** Mentions' outbox job kinds and payloads (shared by the feature and the email handler). */

/** The outbox job kinds of mentions: record a note's mentions, and email one to a staff member who is away. */
export const MENTION_KINDS = { record: 'mention.record', email: 'email.mention' } as const;

/** What a `mention.record` job carries. */
export interface MentionJob {
  readonly conversationId: string;
  readonly seq: number;
  readonly authorId: string;
  readonly staffIds: readonly string[];
  readonly ts: number;
}

/** What an `email.mention` job carries: whom to tell, and which note (read again when the email is written). */
export interface MentionEmailJob {
  readonly staffId: string;
  readonly conversationId: string;
  readonly seq: number;
  readonly authorId: string;
}

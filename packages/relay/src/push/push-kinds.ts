/** Web Push's outbox job kinds and payloads (shared by the feature, mentions and their handlers). */

export const PUSH_KINDS = {
  /** A visitor wrote: push to the staff who would answer, if their inbox is closed. */
  message: 'push.message',
  /** A colleague mentioned someone in a note: push to them, if their inbox is closed. */
  mention: 'push.mention',
  /** A conversation was read: close its notifications on the browsers that show them (issue #43). */
  read: 'push.read',
} as const;

/** What a `push.message` job carries (the conversation's newest message is read when it is sent). */
export interface PushMessageJob {
  readonly conversationId: string;
}

/** What a `push.mention` job carries. */
export interface PushMentionJob {
  readonly staffId: string;
  readonly conversationId: string;
  readonly seq: number;
}

/** What a `push.read` job carries: nothing but its site (it reads what is shown and what is read when it runs). */
export interface PushReadJob {
  readonly siteId: string;
}

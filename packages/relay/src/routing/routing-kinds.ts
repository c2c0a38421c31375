/** Routing's outbox job kinds and payloads, and what "connected" means (shared by the feature and its handlers). */

/** The kinds of the outbox jobs routing writes (handlers in routing-jobs.ts). */
export const ROUTING_KINDS = {
  /** Assign a conversation (new, handed over by the bot, moved to a team, or taken from an offline agent). */
  assign: 'routing.assign',
  /** An agent went offline: in N minutes, give their open conversations to others if they are still gone. */
  reassign: 'routing.reassign',
  /** A staff member replied to an unassigned conversation: it becomes theirs (the site's `assignOnReply`). */
  claim: 'routing.claim',
} as const;

/** Why a conversation is being assigned. */
export type AssignReason = 'new' | 'handover' | 'team' | 'reassign';

/** What a `routing.assign` job carries. */
export interface AssignJob {
  readonly conversationId: string;
  readonly reason: AssignReason;
  /** Who held it when the job was written: it moves only if they still do (`null`: only while unassigned). */
  readonly from: string | null;
}

/** A staff member seen by a relay within this is connected (three heartbeats: one lost write is no disconnect). */
export const ONLINE_WINDOW_MS = 45_000;

/** What a `routing.claim` job carries. */
export interface ClaimJob {
  readonly conversationId: string;
  /** The staff member who replied. */
  readonly staffId: string;
}

import type { AttributeType, RuleField } from '@parley/protocol/admin';
import type { PatternFindings } from '../safety/public.js';
import type { ConversationRecord } from '../store/admin-store.js';
import type { TimeSlice } from '../time-slice.js';

/** What rules' conditions are tried on, and what they answer (the types the rules and the conditions' kinds share). */

/**
 * What a rule's conditions are tried on: the event's message (when it has one), the conversation (when read), and
 * whether the site is open. A field whose source is absent is unknown: the rules are first tried on what the
 * event itself carries, and the conversation is read only for a rule that this did not decide.
 */
export interface RuleFacts {
  /** `lower` is `text` lower-cased, once for every rule tried on it. */
  readonly message?: { readonly text: string; readonly lower: string; readonly seq: number } | undefined;
  /** `undefined`: not read yet (its fields are unknown). */
  readonly conversation?: RuleConversation | undefined;
  /** Whether the site is open now (`undefined` when it keeps no hours: always open). */
  readonly open?: boolean | undefined;
  /** The conversation's custom attributes and its contact's (`undefined`: not read yet). */
  readonly attributes?: RuleAttributes | undefined;
  /**
   * What contributed conditions read for themselves (their kind's `read`, rule-points.ts), by field (`null`: none);
   * a field absent: not read yet (unknown).
   */
  readonly own?: OwnFacts | undefined;
  /**
   * The `matches` patterns of the rules tried on these facts, run together once per text ({@link RulePatterns.hits}).
   * Absent: a rule's own patterns are compiled for it (the slow way, for callers that try one rule once).
   */
  readonly patterns?: PatternHits | undefined;
}

/** Which patterns match a text: asked by each `matches` condition, answered once per text. */
export interface PatternHits {
  /** From what {@link prepare} read; a text not prepared is read at once, within the set's budget. */
  find(text: string): PatternFindings;
  /** Reads texts in slices of the event loop, every pattern checked; then {@link find} answers them from memory. */
  prepare(texts: Iterable<string | undefined>, slice: TimeSlice): Promise<void>;
}

/** One conversation's values of the conditions that read for themselves, by field. */
export type OwnFacts = ReadonlyMap<RuleField, unknown>;

/** Custom attributes' values as conditions read them, by `<scope>.<key>` (the attributes feature reads them). */
export type RuleAttributes = ReadonlyMap<
  string,
  {
    readonly type: AttributeType;
    readonly text: string;
    readonly num: number | null;
    /** False for a visitor's unsigned claim (a condition asking for verified values reads it as not set). */
    readonly verified: boolean;
  }
>;

/** What conditions read of a conversation (a whole `ConversationRecord` is one; the rules' batched read makes less). */
export type RuleConversation = Pick<
  ConversationRecord,
  'id' | 'status' | 'priority' | 'labels' | 'assigneeId' | 'teamId' | 'channel' | 'provider' | 'subject' | 'lastMessage'
> & { readonly visitor: { readonly context?: ConversationRecord['visitor']['context'] } };

/** true, false, or unknown until the conversation is read. */
export type Truth = boolean | undefined;

/** A rule's conditions, compiled once: tried on {@link RuleFacts}. */
export type CompiledConditions = (facts: RuleFacts) => Truth;

/**
 * What a rule's conditions read beside the conversation's own row, so that a batched read fetches only that: the
 * contact's context (page and language, which the visitor's latest report may still hold in memory), the channel's
 * row (channel, subject), the labels, the custom attributes.
 */
export interface ConversationReads {
  readonly context: boolean;
  readonly channel: boolean;
  readonly labels: boolean;
  readonly attributes: boolean;
}

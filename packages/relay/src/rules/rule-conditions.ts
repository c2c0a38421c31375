import type { AttributeOp, AttributeType, RuleCondition, TextOp } from '@parley/protocol/admin';
import { FilterPatterns, type PatternFindings } from '../safety/filter-patterns.js';
import type { ConversationRecord } from '../store/admin-store.js';
import type { TimeSlice } from '../time-slice.js';

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

/**
 * A site's `matches` patterns (every enabled rule's, or one rule's in a dry run) compiled into one set: the content
 * filter's ({@link FilterPatterns}), whose shared automaton reads a text once for all of them, and whose fallback runs
 * them one at a time within a time budget. A pattern it could not check in time leaves its condition unknown, so the
 * rule does not fire on it (docs/rules.md "Limits and cost").
 */
export class RulePatterns {
  private constructor(readonly set: FilterPatterns | undefined) {}

  /** Compiles at once: for a pattern or two (a condition tried on its own). */
  static now(patterns: Iterable<string>): RulePatterns {
    const unique = [...new Set(patterns)];
    return new RulePatterns(unique.length > 0 ? new FilterPatterns(unique) : undefined);
  }

  /** Compiles in slices of the event loop ({@link FilterPatterns.inSlices}): a site's set, a dry run's. */
  static async build(patterns: Iterable<string>, slice: TimeSlice): Promise<RulePatterns> {
    const unique = [...new Set(patterns)];
    return new RulePatterns(unique.length > 0 ? await FilterPatterns.inSlices(unique, slice) : undefined);
  }

  /** The `matches` patterns of `conditions`. */
  static of(conditions: readonly RuleCondition[]): string[] {
    return conditions.flatMap((condition) =>
      'op' in condition && condition.op === 'matches' ? [condition.value] : [],
    );
  }

  /** A look-up for one set of facts: each text is read once, however many conditions ask about it. */
  hits(): PatternHits {
    const { set } = this;
    const seen = new Map<string, PatternFindings>();
    return {
      find: (text) => {
        if (!set) return NO_FINDINGS;
        let found = seen.get(text);
        if (!found) seen.set(text, (found = set.findAll(text)));
        return found;
      },
      prepare: async (texts, slice) => {
        if (!set) return;
        for (const text of texts)
          if (text !== undefined && !seen.has(text)) seen.set(text, await set.findAllInSlices(text, slice));
      },
    };
  }
}

/** The texts of a conversation that `matches` conditions may read: its last message, the visitor's page, subject. */
export function conversationTexts(conversation: RuleConversation): (string | undefined)[] {
  return [conversation.lastMessage?.text, conversation.visitor.context?.url, conversation.subject ?? undefined];
}

const NO_FINDINGS: PatternFindings = { matched: new Set(), unchecked: new Set() };

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
  'id' | 'status' | 'priority' | 'labels' | 'assigneeId' | 'teamId' | 'channel' | 'subject' | 'lastMessage'
> & { readonly visitor: { readonly context?: ConversationRecord['visitor']['context'] } };

/** true, false, or unknown until the conversation is read. */
export type Truth = boolean | undefined;

/** A rule's conditions, compiled once: tried on {@link RuleFacts}. */
export type CompiledConditions = (facts: RuleFacts) => Truth;

/** Compiles conditions joined by `match` (`all`: every one holds; `any`: one does). An empty list always holds. */
export function compileConditions(conditions: readonly RuleCondition[], match: 'all' | 'any'): CompiledConditions {
  const tests = conditions.map(compileCondition);
  if (tests.length === 0) return () => true;
  if (match === 'all')
    return (facts) => {
      let unknown = false;
      for (const test of tests) {
        const truth = test(facts);
        if (truth === false) return false;
        if (truth === undefined) unknown = true;
      }
      return unknown ? undefined : true;
    };
  return (facts) => {
    let unknown = false;
    for (const test of tests) {
      const truth = test(facts);
      if (truth === true) return true;
      if (truth === undefined) unknown = true;
    }
    return unknown ? undefined : false;
  };
}

/** Whether a rule's conditions read custom attributes (read with the conversation only for such rules). */
export function needsAttributes(conditions: readonly RuleCondition[]): boolean {
  return conditions.some((condition) => condition.field === 'attribute');
}

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

export function readsOf(conditions: readonly RuleCondition[]): ConversationReads {
  const fields = new Set(conditions.map((condition) => condition.field));
  return {
    context: fields.has('page_url') || fields.has('language'),
    channel: fields.has('channel') || fields.has('subject'),
    labels: fields.has('label'),
    attributes: fields.has('attribute'),
  };
}

/** Whether a condition needs the conversation read (every field but the message's own and the hours). */
export function needsConversation(condition: RuleCondition): boolean {
  return condition.field !== 'business_hours' && condition.field !== 'first_message' && condition.field !== 'text';
}

function compileCondition(condition: RuleCondition): (facts: RuleFacts) => Truth {
  switch (condition.field) {
    case 'text': {
      const test = compileText(condition.op, condition.value);
      return (facts) => {
        if (facts.message) return test(facts.message.text, facts.message.lower, facts.patterns);
        if (!facts.conversation) return undefined;
        const text = facts.conversation.lastMessage?.text ?? '';
        return test(text, text.toLowerCase(), facts.patterns);
      };
    }
    case 'page_url':
      return onText(compileText(condition.op, condition.value), (c) => c.visitor.context?.url ?? '');
    case 'subject':
      return onText(compileText(condition.op, condition.value), (c) => c.subject ?? '');
    case 'language': {
      const wanted = condition.value.toLowerCase();
      const is = condition.op === 'is';
      return onConversation(
        (language) => (language === wanted) === is,
        (c) => primaryLanguage(c.visitor.context?.locale),
      );
    }
    case 'channel':
    case 'status':
    case 'priority': {
      const { field, value } = condition;
      const is = condition.op === 'is';
      return onConversation(
        (actual) => (actual === value) === is,
        (c) => c[field],
      );
    }
    case 'label': {
      const wanted = condition.value.toLowerCase();
      const includes = condition.op === 'includes';
      return (facts) =>
        facts.conversation
          ? facts.conversation.labels.some((label) => label.toLowerCase() === wanted) === includes
          : undefined;
    }
    case 'assignee':
    case 'team': {
      const key = condition.field === 'assignee' ? 'assigneeId' : 'teamId';
      const { op, value } = condition;
      return (facts) => {
        if (!facts.conversation) return undefined;
        const actual = facts.conversation[key];
        if (op === 'is_set') return actual !== null;
        if (op === 'not_set') return actual === null;
        return (actual === (value ?? null)) === (op === 'is');
      };
    }
    case 'business_hours': {
      const open = condition.value === 'open';
      return (facts) => (facts.open ?? true) === open;
    }
    case 'attribute':
      return compileAttribute(
        `${condition.scope}.${condition.key}`,
        condition.op,
        condition.value ?? '',
        condition.verified ?? false,
      );
    case 'first_message': {
      const first = condition.value;
      return (facts) => {
        if (facts.message) return (facts.message.seq === 1) === first;
        // An event without a message (a change, an idle spell) is no first message.
        return facts.conversation ? !first : undefined;
      };
    }
  }
}

/**
 * An attribute condition: by the value's type, numbers and dates compare as numbers (a date `YYYY-MM-DD` at UTC
 * midnight), text without regard to case. A value not set holds only for `not_set` and `is_not`.
 */
function compileAttribute(
  name: string,
  op: AttributeOp,
  value: string,
  verifiedOnly: boolean,
): (facts: RuleFacts) => Truth {
  const lower = value.toLowerCase();
  const date = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const asNumber = date ? Date.UTC(Number(date[1]), Number(date[2]) - 1, Number(date[3])) : Number(value);
  return (facts) => {
    if (!facts.attributes) return undefined;
    const found = facts.attributes.get(name);
    // A visitor may claim any value without the site's signature: where the rule asks, a claim is no value.
    const fact = verifiedOnly && found && !found.verified ? undefined : found;
    if (op === 'is_set') return fact !== undefined;
    if (op === 'not_set') return fact === undefined;
    if (!fact) return op === 'is_not';
    const numeric = fact.type === 'number' || fact.type === 'date';
    switch (op) {
      case 'gt':
        return numeric && fact.num !== null && fact.num > asNumber;
      case 'lt':
        return numeric && fact.num !== null && fact.num < asNumber;
      case 'contains':
        return fact.text.toLowerCase().includes(lower);
      case 'is':
      case 'is_not': {
        const equal = numeric ? fact.num === asNumber : fact.text.toLowerCase() === lower;
        return equal === (op === 'is');
      }
    }
  };
}

function onText(test: TextTest, read: (conversation: RuleConversation) => string) {
  return (facts: RuleFacts): Truth => {
    if (!facts.conversation) return undefined;
    const text = read(facts.conversation);
    return test(text, text.toLowerCase(), facts.patterns);
  };
}

function onConversation<T>(test: (value: T) => boolean, read: (conversation: RuleConversation) => T) {
  return (facts: RuleFacts): Truth => (facts.conversation ? test(read(facts.conversation)) : undefined);
}

/** `fr-CA` → `fr`; '' when none. */
function primaryLanguage(locale: string | undefined): string {
  return (locale ?? '').split(/[-_]/)[0]!.toLowerCase();
}

/** A text test: the text, the same lower-cased, and the facts' pattern set; unknown when a pattern was not checked. */
type TextTest = (text: string, lower: string, patterns: PatternHits | undefined) => Truth;

/**
 * A text comparison, without regard to case; `matches` is an RE2 pattern (linear time, checked when written), looked
 * up in the facts' pattern set ({@link RulePatterns}): unknown when it could not be checked in time.
 */
export function compileText(op: TextOp, value: string): TextTest {
  if (op === 'matches') {
    let own: PatternHits | undefined;
    return (text, _lower, patterns) => {
      const found = (patterns ?? (own ??= RulePatterns.now([value]).hits())).find(text);
      if (found.matched.has(value)) return true;
      return found.unchecked.has(value) ? undefined : false;
    };
  }
  const wanted = value.toLowerCase();
  switch (op) {
    case 'is':
      return (_text, lower) => lower.trim() === wanted;
    case 'is_not':
      return (_text, lower) => lower.trim() !== wanted;
    case 'contains':
      return (_text, lower) => lower.includes(wanted);
    case 'not_contains':
      return (_text, lower) => !lower.includes(wanted);
    case 'starts_with':
      return (_text, lower) => lower.trimStart().startsWith(wanted);
  }
}

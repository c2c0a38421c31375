import { RULE_CONDITIONS, type RuleCondition, type RuleField, type TextOp } from '@parley/protocol/admin';
import { ApiError } from '../http/admin-http.js';
import { FilterPatterns, type PatternFindings } from '../safety/public.js';
import { channelChoice, checkChannelChoice } from '../admin/public.js';
import type { UseFeature } from '../features/feature-instances.js';
import type { TimeSlice } from '../time-slice.js';
import type {
  CompiledConditions,
  ConversationReads,
  OwnFacts,
  PatternHits,
  RuleConversation,
  RuleFacts,
  Truth,
} from './rule-facts.js';
import type { ConditionOf, RuleConditionKind, RuleConditionKindOf } from './rule-points.js';

export type {
  CompiledConditions,
  ConversationReads,
  OwnFacts,
  PatternHits,
  RuleAttributes,
  RuleConversation,
  RuleFacts,
  Truth,
} from './rule-facts.js';

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

/** The kind of each field a rule may test (this relay's: what its features contributed to `rules.conditions`). */
export interface ConditionKinds {
  condition<Field extends RuleField>(field: Field): RuleConditionKindOf<Field>;
}

/** Compiles conditions joined by `match` (`all`: every one holds; `any`: one does). An empty list always holds. */
export function compileConditions(
  kinds: ConditionKinds,
  conditions: readonly RuleCondition[],
  match: 'all' | 'any',
): CompiledConditions {
  const tests = conditions.map((condition) => compileCondition(kinds, condition));
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

function compileCondition<Field extends RuleField>(
  kinds: ConditionKinds,
  condition: ConditionOf<Field>,
): (facts: RuleFacts) => Truth {
  return kinds.condition<Field>(condition.field as Field).compile(condition);
}

/** Whether a rule's conditions read custom attributes (read with the conversation only for such rules). */
export function needsAttributes(kinds: ConditionKinds, conditions: readonly RuleCondition[]): boolean {
  return conditions.some((condition) => kinds.condition(condition.field).reads === 'attributes');
}

export function readsOf(kinds: ConditionKinds, conditions: readonly RuleCondition[]): ConversationReads {
  const reads = new Set(conditions.map((condition) => kinds.condition(condition.field).reads));
  return {
    context: reads.has('context'),
    channel: reads.has('channel'),
    labels: reads.has('labels'),
    attributes: reads.has('attributes'),
  };
}

/** The fields of a rule's conditions whose kinds read for themselves (`read`): read only for rules that have one. */
export function ownReadsOf(kinds: ConditionKinds, conditions: readonly RuleCondition[]): readonly RuleField[] {
  return [...new Set(conditions.map((condition) => condition.field))].filter(
    (field) => kinds.condition(field).read !== undefined,
  );
}

/**
 * What the kinds of `fields` read for themselves, for conversations of one site, by conversation id: each kind's
 * `read` called once for all of them (none: every conversation with nothing read).
 */
export async function readOwn(
  use: UseFeature,
  kinds: ConditionKinds,
  fields: Iterable<RuleField>,
  siteId: string,
  conversationIds: readonly string[],
): Promise<Map<string, OwnFacts>> {
  const facts = new Map(conversationIds.map((id) => [id, new Map<RuleField, unknown>()]));
  for (const field of new Set(fields)) {
    const read = kinds.condition(field).read;
    if (!read || conversationIds.length === 0) continue;
    const values = await read(use, siteId, conversationIds);
    for (const [id, own] of facts) own.set(field, values.get(id) ?? null);
  }
  return facts;
}

/** Whether a condition needs the conversation read (every field but those of the event: its message, the hours). */
export function needsConversation(kinds: ConditionKinds, condition: RuleCondition): boolean {
  return kinds.condition(condition.field).reads !== 'event';
}

/** A condition kind of the rules' own (see {@link RULES_CONDITIONS}). */
const kind = <Field extends RuleField>(kind: RuleConditionKindOf<Field>): RuleConditionKind =>
  kind as RuleConditionKind;

/** A text field of the conversation compared as `op` says, read as `read` says. */
const onTextField =
  (read: (conversation: RuleConversation) => string) => (condition: { readonly op: TextOp; readonly value: string }) =>
    onText(compileText(condition.op, condition.value), read);

/** A field of the conversation's own row compared with `is`, `is_not`. */
const onRowField =
  (read: (conversation: RuleConversation) => string) =>
  ({ op, value }: { readonly op: 'is' | 'is_not'; readonly value: string }) => {
    const is = op === 'is';
    return onConversation((actual) => (actual === value) === is, read);
  };

/** The member or team a conversation went to: `is`, `is_not` a value, or `is_set`, `not_set`. */
interface PersonCondition {
  readonly op: 'is' | 'is_not' | 'is_set' | 'not_set';
  readonly value?: string | undefined;
}

const onPerson =
  (key: 'assigneeId' | 'teamId') =>
  ({ op, value }: PersonCondition) =>
  (facts: RuleFacts): Truth => {
    if (!facts.conversation) return undefined;
    const actual = facts.conversation[key];
    if (op === 'is_set') return actual !== null;
    if (op === 'not_set') return actual === null;
    return (actual === (value ?? null)) === (op === 'is');
  };

const checkPerson = (_call: unknown, condition: PersonCondition, path: string): void => {
  if ((condition.op === 'is' || condition.op === 'is_not') && !condition.value)
    throw new ApiError('bad_request', `Invalid ${path}.value: ${condition.op} needs a value`);
};

/**
 * The conditions the rules feature contributes to its own point: the message, the conversation's fields, the hours.
 * Custom attributes' is the attributes feature's (attributes/attribute-rule-condition.ts).
 */
export const RULES_CONDITIONS: readonly RuleConditionKind[] = [
  kind({
    field: 'text',
    schema: RULE_CONDITIONS.text,
    reads: 'event',
    compile: (condition) => {
      const test = compileText(condition.op, condition.value);
      return (facts) => {
        if (facts.message) return test(facts.message.text, facts.message.lower, facts.patterns);
        if (!facts.conversation) return undefined;
        const text = facts.conversation.lastMessage?.text ?? '';
        return test(text, text.toLowerCase(), facts.patterns);
      };
    },
  }),
  kind({
    field: 'page_url',
    schema: RULE_CONDITIONS.page_url,
    reads: 'context',
    compile: onTextField((c) => c.visitor.context?.url ?? ''),
  }),
  kind({
    field: 'subject',
    schema: RULE_CONDITIONS.subject,
    reads: 'channel',
    compile: onTextField((c) => c.subject ?? ''),
  }),
  kind({
    field: 'language',
    schema: RULE_CONDITIONS.language,
    reads: 'context',
    compile: (condition) => {
      const wanted = condition.value.toLowerCase();
      const is = condition.op === 'is';
      return onConversation(
        (language) => (language === wanted) === is,
        (c) => primaryLanguage(c.visitor.context?.locale),
      );
    },
  }),
  kind({
    field: 'channel',
    schema: RULE_CONDITIONS.channel,
    reads: 'channel',
    // A messaging provider's id (`whatsapp`), else the kind (ADR 2026-11-30-channel-providers).
    compile: onRowField(channelChoice),
    check: (call, condition, path) => checkChannelChoice(call.admin.channelProviders, condition.value, `${path}.value`),
  }),
  kind({
    field: 'status',
    schema: RULE_CONDITIONS.status,
    reads: 'conversation',
    compile: onRowField((c) => c.status),
  }),
  kind({
    field: 'priority',
    schema: RULE_CONDITIONS.priority,
    reads: 'conversation',
    compile: onRowField((c) => c.priority),
  }),
  kind({
    field: 'label',
    schema: RULE_CONDITIONS.label,
    reads: 'labels',
    compile: (condition) => {
      const wanted = condition.value.toLowerCase();
      const includes = condition.op === 'includes';
      return (facts) =>
        facts.conversation
          ? facts.conversation.labels.some((label) => label.toLowerCase() === wanted) === includes
          : undefined;
    },
  }),
  kind({
    field: 'assignee',
    schema: RULE_CONDITIONS.assignee,
    reads: 'conversation',
    compile: onPerson('assigneeId'),
    check: checkPerson,
  }),
  kind({
    field: 'team',
    schema: RULE_CONDITIONS.team,
    reads: 'conversation',
    compile: onPerson('teamId'),
    check: checkPerson,
  }),
  kind({
    field: 'business_hours',
    schema: RULE_CONDITIONS.business_hours,
    reads: 'event',
    compile: (condition) => {
      const open = condition.value === 'open';
      return (facts) => (facts.open ?? true) === open;
    },
  }),
  kind({
    field: 'first_message',
    schema: RULE_CONDITIONS.first_message,
    reads: 'event',
    compile: (condition) => {
      const first = condition.value;
      return (facts) => {
        if (facts.message) return (facts.message.seq === 1) === first;
        // An event without a message (a change, an idle spell) is no first message.
        return facts.conversation ? !first : undefined;
      };
    },
  }),
];

export function onText(test: TextTest, read: (conversation: RuleConversation) => string) {
  return (facts: RuleFacts): Truth => {
    if (!facts.conversation) return undefined;
    const text = read(facts.conversation);
    return test(text, text.toLowerCase(), facts.patterns);
  };
}

export function onConversation<T>(test: (value: T) => boolean, read: (conversation: RuleConversation) => T) {
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

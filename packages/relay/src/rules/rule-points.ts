import type { RuleAction, RuleActionType, RuleCondition, RuleField } from '@parley/protocol/admin';
import type * as z from 'zod/mini';
import { extensionPoint } from '../features/extension-point.js';
import type { Call } from '../features/admin-routes/admin-route.js';
import type { UseFeature } from '../features/feature-instances.js';
import type { ConversationPatch, ConversationRecord } from '../store/admin-store.js';
import type { ActionHost, ActionResult, ActionRun } from './rule-run.js';
import type { ConversationReads, RuleFacts, Truth } from './rule-facts.js';

/**
 * The rules feature's extension points (docs/rules.md, docs/architecture.md "Adding a feature"): the conditions a
 * rule may test and the actions rules and macros may run. The rules contribute their own; a feature that owns
 * what a condition reads or what an action does contributes it from its folder (custom attributes' `attribute`
 * condition, companies' `company` condition with its own read, snooze's `snooze` action, email's
 * `email_transcript`). A rule naming one that no feature of the relay
 * contributed is refused, named.
 */

/** The condition of one field, as the contract types it. */
export type ConditionOf<Field extends RuleField> = Extract<RuleCondition, { field: Field }>;

/** The action of one type, as the contract types it. */
export type ActionOf<Type extends RuleActionType> = Extract<RuleAction, { type: Type }>;

/** One field a rule's conditions may test. */
export interface RuleConditionKindOf<Field extends RuleField> {
  readonly field: Field;
  /** Its schema: the contract's (`RULE_CONDITIONS[field]`), which the rules' bodies are parsed with. */
  readonly schema: z.ZodMiniType<ConditionOf<Field>>;
  /**
   * What it reads: the event itself (its message, the hours: tried before the conversation is read), the
   * conversation's own row, or a part of it a batched read fetches only when a rule asks for it.
   */
  readonly reads: 'event' | 'conversation' | keyof ConversationReads;
  /**
   * A read of the condition's own, for a feature whose data the rules' batched read does not hold (the contact's
   * company), from its feature's running part (`use`): a value per conversation of `conversationIds` (all of the site `siteId`), which `compile`'s test finds
   * in `facts.own` under its field (a conversation the read leaves out: `null`, no value). The rules call it lazily:
   * only for rules with such a condition, once per batch of messages per site (for all of its conversations), once
   * per conversation in an idle sweep, a firing's check or a dry run's page; never in a change's transaction (a rule
   * it leaves undecided there is tried again when its job runs). Set `reads` to what it reads beside (`conversation`).
   */
  read?(use: UseFeature, siteId: string, conversationIds: readonly string[]): Promise<ReadonlyMap<string, unknown>>;
  /** The test, compiled once per rule. */
  compile(condition: ConditionOf<Field>): (facts: RuleFacts) => Truth;
  /** What the schema cannot check (what exists on the site), throwing a `bad_request` naming `path`. */
  check?(call: Call, condition: ConditionOf<Field>, path: string): Promise<void> | void;
}

/** Any field's condition kind. */
export type RuleConditionKind = { [Field in RuleField]: RuleConditionKindOf<Field> }[RuleField];

/** One type of action rules and macros may run: a change of the conversation, or a step of its own. */
export interface RuleActionKindOf<Type extends RuleActionType> {
  readonly type: Type;
  /** Its schema: the contract's (`RULE_ACTIONS[type]`). */
  readonly schema: z.ZodMiniType<ActionOf<Type>>;
  /** The action in words, as the dry run and the run log say it. */
  describe(action: ActionOf<Type>): string;
  /** What the schema cannot check (members, addresses…), throwing a `bad_request` naming `field`. */
  check?(call: Call, action: ActionOf<Type>, field: string): Promise<void> | void;
  /**
   * A change of the conversation, on top of `patch` (what the actions before it gathered), or why it cannot be
   * made: consecutive changes are written as one. An action without `change` is a step of its own (`run`). `said`,
   * when given, is what the run log adds after `done` (what an AI classification chose).
   */
  change?(
    host: ActionHost,
    siteId: string,
    conversation: ConversationRecord,
    patch: ConversationPatch,
    action: ActionOf<Type>,
    run: ActionRun,
  ): Promise<(ConversationPatch & { readonly said?: string }) | string>;
  /** A step of its own; safe to repeat (the run's `id` and `index` name what it stores or sends). */
  run?(
    host: ActionHost,
    siteId: string,
    conversation: ConversationRecord,
    action: ActionOf<Type>,
    run: ActionRun,
    index: number,
  ): Promise<ActionResult>;
  /**
   * Whether this action is a `change` (default: whenever the kind has one); false: its `run`. For a kind that does
   * either by its settings (`ai_classify`: `apply` changes, `suggest` writes a note).
   */
  changes?(action: ActionOf<Type>): boolean;
  /** The conversation is read again after it (it changed it outside the gathered changes: a snooze). */
  readonly rereads?: boolean;
}

/** Any type's action kind. */
export type RuleActionKind = { [Type in RuleActionType]: RuleActionKindOf<Type> }[RuleActionType];

/** `rules.conditions`: the fields a rule's conditions may test. */
export const ruleConditions = extensionPoint<RuleConditionKind>('rules.conditions');

/** `rules.actions`: what rules and macros may do. */
export const ruleActions = extensionPoint<RuleActionKind>('rules.actions');

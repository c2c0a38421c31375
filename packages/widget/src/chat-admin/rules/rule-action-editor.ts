import type { TemplateResult } from 'lit';
import type { RuleAction, RuleActionType } from '@parley/protocol/admin';
import type { AdminStrings } from '../admin-strings.js';
import type { RuleAttribute, RuleNames } from './rule-types.js';
import type { RulesStrings } from './rules-strings.js';

/**
 * The rules' outlet for an action's editor (docs/architecture.md, "Adding a feature"): a feature whose relay side
 * contributes a rule action (`rules.actions`) declares its editor in a file of its own folder, `rule-action.ts`,
 * exporting `ruleAction`; the index (`rule-actions.generated.ts`, written by scripts/contributions.mjs) imports them,
 * and the rule and macro editors offer the action after their own, edit it with the entry's inputs, save what it
 * makes of them and say the action in words, without the rules importing the feature. Pure functions and
 * templates: they come in the rules' chunk.
 */
export interface RuleActionEditor<Type extends RuleActionType = RuleActionType, Draft = unknown> {
  /** The action's `type`, as the relay's rules take it. */
  readonly type: Type;
  /** Its place among the contributed actions in the type's choices (after the rules' own): lowest first. */
  readonly rank: number;
  /** Its name in the type's choices. */
  label(strings: Partial<AdminStrings>): string;
  /** A new action's draft: what the editor starts from when the type is chosen. */
  newDraft(): Draft;
  /** A saved action's draft. */
  draft(action: Extract<RuleAction, { type: Type }>): Draft;
  /** The action as the protocol says it (the relay names what it refuses). */
  toAction(draft: Draft): Extract<RuleAction, { type: Type }>;
  /** The action in words, in a rule's summary, a macro's list and a run's log. */
  words(action: Extract<RuleAction, { type: Type }>, words: ActionWordsContext): string;
  /** The row's inputs for the draft. */
  render(draft: Draft, row: ActionEditorRow): TemplateResult;
}

/** What an editor says its action with: the inbox's strings, the rules' (for shared words), the names of ids. */
export interface ActionWordsContext {
  readonly strings: Partial<AdminStrings>;
  readonly t: RulesStrings;
  readonly names: RuleNames;
}

/** What an editor's inputs are given: their ids, the row's refusal, the site's attributes, and a redraw. */
export interface ActionEditorRow {
  readonly strings: Partial<AdminStrings>;
  readonly t: RulesStrings;
  /** The id of the row's value (a refusal of the action focuses it); the editor's other ids start with it. */
  readonly id: string;
  /** The id of the row's refusal, when there is one (`aria-describedby`). */
  readonly described: string | undefined;
  /** The site's custom attributes (not archived). */
  readonly attributes: readonly RuleAttribute[];
  readonly disabled: boolean;
  changed(): void;
}

/**
 * An editor as the outlet's list holds it, whatever its action and draft (each entry is typed by its own; the list
 * only hands an entry back what it made).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the entries' types differ; each is checked where it is declared
export type AnyRuleActionEditor = RuleActionEditor<any, any>;

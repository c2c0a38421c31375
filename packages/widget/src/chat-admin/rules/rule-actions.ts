import type { RuleActionType } from '@parley/protocol/admin';
import type { AnyRuleActionEditor } from './rule-action-editor.js';
import { CONTRIBUTED } from './rule-actions.generated.js';

/** The actions the features' folders add to the rules' own (their `rule-action.ts`), by rank. */
export const RULE_ACTIONS: readonly AnyRuleActionEditor[] = [...CONTRIBUTED].sort((a, b) => a.rank - b.rank);

/** The editor a feature contributed for `type`; undefined for the rules' own actions (and a type no folder edits). */
export const editorOf = (type: RuleActionType): AnyRuleActionEditor | undefined =>
  RULE_ACTIONS.find((editor) => editor.type === type);

// Written by scripts/contributions.mjs from the folders' rule-action.ts: do not edit.
import type { AnyRuleActionEditor } from './rule-action-editor.js';
import { ruleAction as aiClassifyRuleAction } from '../ai/classify/rule-action.js';

/** The rule actions the folders declare, in the folders' order (their list orders them by rank). */
export const CONTRIBUTED: readonly AnyRuleActionEditor[] = [aiClassifyRuleAction];

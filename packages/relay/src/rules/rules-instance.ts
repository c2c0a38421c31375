import type { ActionHost } from './rule-actions.js';
import type { Rules } from './rules.js';

/** The rules feature's running part, as `use('rules')` gives it. */
export interface RulesFeature {
  readonly rules: Rules;
  /** What actions run with (macros use it too). */
  readonly host: ActionHost;
  readonly allowPrivate: boolean;
  /** Whether the site is open now (`undefined`: it keeps no hours). */
  open(siteId: string): boolean | undefined;
}

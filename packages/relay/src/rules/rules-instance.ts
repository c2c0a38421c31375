import type { RunHost } from './rule-actions.js';
import type { RuleKinds } from './rule-kinds.js';
import type { Rules } from './rules.js';

/** The rules feature's running part, as `use('rules')` gives it. */
export interface RulesFeature {
  readonly rules: Rules;
  /** What actions run with (macros use it too). */
  readonly host: RunHost;
  /** The conditions and actions this relay's features contributed, and the bodies' schemas made of them. */
  readonly kinds: RuleKinds;
  readonly allowPrivate: boolean;
  /** Whether the site is open now (`undefined`: it keeps no hours). */
  open(siteId: string): boolean | undefined;
}

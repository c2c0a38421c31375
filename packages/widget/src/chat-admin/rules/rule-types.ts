import type { AttributeType, RuleActionType } from '@parley/protocol/admin';

// The rules' words' plain types and lists, which the strings, the words and an action's editor all name (a module of
// its own, so that none of them imports another for them).

/** The rules' own actions, in the editor's order (the features' follow: rule-actions.ts). */
export const ACTION_TYPES = [
  'assign',
  'assign_team',
  'add_labels',
  'remove_labels',
  'set_priority',
  'set_status',
  'snooze',
  'send_message',
  'send_saved_reply',
  'add_note',
  'email_transcript',
  'call_webhook',
] as const satisfies readonly RuleActionType[];
/** One of the rules' own actions. */
export type OwnActionType = (typeof ACTION_TYPES)[number];

/** A custom attribute as rules name it: `<scope>.<key>`, its label and type, and a list's options. */
export interface RuleAttribute {
  readonly name: string;
  readonly scope: 'contact' | 'conversation';
  readonly label: string;
  readonly type: AttributeType;
  readonly options: readonly string[];
}

/** The names of what rules refer to by id: members, teams, saved replies (`/shortcut`). */
export interface RuleNames {
  member(id: string): string | undefined;
  team(id: string): string | undefined;
  reply(id: string): string | undefined;
  /** A custom attribute by `<scope>.<key>` (absent: the key is shown). */
  attribute?(name: string): RuleAttribute | undefined;
  /** A company's name by its id (absent: the id is shown as unknown). */
  company?(id: string): string | undefined;
  /** A messaging provider's label by its id, a channel of the `channel` condition (absent: the id is shown). */
  channel?(id: string): string | undefined;
}

import type { RuleAction, RuleCondition, RuleField, RuleTrigger } from '@parley/protocol/admin';
import type { AdminStrings } from '../admin-strings.js';
import { attributeOps } from '../pages/attributes/attribute-ops.js';
import { editorOf } from './rule-actions.js';
import type { RuleOp, RulesStrings } from './rules-strings.js';
import { ACTION_TYPES, type OwnActionType, type RuleAttribute, type RuleNames } from './rule-types.js';

export { ACTION_TYPES, attributeOps };
export type { OwnActionType, RuleAttribute, RuleNames };

// The protocol's lists, written out: importing its values would bring zod into the chunks (types only).

export const TRIGGERS: readonly RuleTrigger[] = [
  'conversation.created',
  'message.visitor',
  'message.staff',
  'conversation.updated',
  'conversation.idle',
  'contact.created',
];

const TEXT_OPS: readonly RuleOp[] = ['is', 'is_not', 'contains', 'not_contains', 'starts_with', 'matches'];
const SET_OPS: readonly RuleOp[] = ['is', 'is_not'];
const PERSON_OPS: readonly RuleOp[] = ['is', 'is_not', 'is_set', 'not_set'];

/** Each field of a condition and the comparisons it allows, in the editor's order. */
export const FIELD_OPS: Readonly<Record<RuleField, readonly RuleOp[]>> = {
  text: TEXT_OPS,
  page_url: TEXT_OPS,
  subject: TEXT_OPS,
  language: SET_OPS,
  channel: SET_OPS,
  status: SET_OPS,
  priority: SET_OPS,
  label: ['includes', 'excludes'],
  assignee: PERSON_OPS,
  team: PERSON_OPS,
  business_hours: ['is'],
  first_message: ['is'],
  // Narrowed by the attribute's type (`attributeOps`).
  attribute: attributeOps(undefined),
  company: PERSON_OPS,
};
export const FIELDS = Object.keys(FIELD_OPS) as RuleField[];

/** The values a field chooses among (a select), or `undefined` when it is typed, or a member or team. */
export const FIELD_CHOICES: Partial<Record<RuleField, readonly string[]>> = {
  channel: ['chat', 'email', 'api'],
  status: ['open', 'pending', 'snoozed', 'resolved'],
  priority: ['none', 'low', 'medium', 'high', 'urgent'],
  business_hours: ['open', 'closed'],
  first_message: ['true', 'false'],
};

export const PRIORITIES = ['none', 'low', 'medium', 'high', 'urgent'] as const;
export const ACTION_STATUSES = ['open', 'pending', 'resolved'] as const;

/** Names from lists of `{ id, name }` (and saved replies' shortcuts). */
export function namesFrom(
  members: ReadonlyArray<{ id: string; name: string }>,
  teams: ReadonlyArray<{ id: string; name: string }>,
  replies: ReadonlyArray<{ id: string; shortcut: string }>,
): RuleNames {
  return {
    member: (id) => members.find((each) => each.id === id)?.name,
    team: (id) => teams.find((each) => each.id === id)?.name,
    reply: (id) => {
      const found = replies.find((each) => each.id === id);
      return found && `/${found.shortcut}`;
    },
  };
}

const quoted = (value: string): string => `“${value}”`;

/** A value of a choice field in words (`email` → `Email`). */
export function choiceWords(field: RuleField, value: string, t: RulesStrings): string {
  switch (field) {
    case 'channel':
      return t.channels[value as keyof RulesStrings['channels']] ?? value;
    case 'status':
      return t.statuses[value as keyof RulesStrings['statuses']] ?? value;
    case 'priority':
      return t.priorities[value as keyof RulesStrings['priorities']] ?? value;
    case 'business_hours':
      return t.businessHours[value as keyof RulesStrings['businessHours']] ?? value;
    case 'first_message':
      return value === 'true' ? t.yes : t.no;
    default:
      return value;
  }
}

/** A condition in words: `Page address contains “/pricing”`, `Assignee is not set`. */
export function conditionWords(condition: RuleCondition, t: RulesStrings, names: RuleNames): string {
  const op = t.ops[condition.op as RuleOp];
  if (condition.field === 'attribute') {
    const name = `${condition.scope}.${condition.key}`;
    const found = names.attribute?.(name);
    const field = t.attributeName(condition.scope, found?.label ?? condition.key);
    const verified = condition.verified ? ` ${t.verifiedOnlyWords}` : '';
    if (condition.value === undefined) return `${field} ${op}${verified}`;
    const shown = found?.type === 'checkbox' ? (condition.value === 'true' ? t.yes : t.no) : quoted(condition.value);
    return `${field} ${op} ${shown}${verified}`;
  }
  const field = t.fields[condition.field];
  if (condition.field === 'company') {
    const verified = condition.verified ? ` ${t.verifiedOnlyWords}` : '';
    if (condition.value === undefined) return `${field} ${op}${verified}`;
    return `${field} ${op} ${names.company?.(condition.value) ?? t.unknown(condition.value)}${verified}`;
  }
  const value = condition.value;
  if (value === undefined) return `${field} ${op}`;
  let shown: string;
  if (condition.field === 'assignee') shown = names.member(String(value)) ?? t.unknown(String(value));
  else if (condition.field === 'team') shown = names.team(String(value)) ?? t.unknown(String(value));
  else if (condition.field === 'channel')
    shown = names.channel?.(String(value)) ?? choiceWords(condition.field, String(value), t);
  else if (FIELD_CHOICES[condition.field]) shown = choiceWords(condition.field, String(value), t);
  else shown = quoted(String(value));
  return `${field} ${op} ${shown}`;
}

/** An action in words: `Assign to Ada`, `Add the labels “vip”, “billing”`. */
export function actionWords(
  action: RuleAction,
  t: RulesStrings,
  names: RuleNames,
  /** The inbox's strings: a contributed action says itself in them. */
  strings: Partial<AdminStrings> = {},
): string {
  const w = t.actionWords;
  switch (action.type) {
    case 'assign':
      return action.staffId === null ? w.unassign : w.assign(names.member(action.staffId) ?? t.unknown(action.staffId));
    case 'assign_team':
      return action.teamId === null ? w.noTeam : w.assignTeam(names.team(action.teamId) ?? t.unknown(action.teamId));
    case 'add_labels':
      return w.addLabels(action.labels.map(quoted).join(', '));
    case 'remove_labels':
      return w.removeLabels(action.labels.map(quoted).join(', '));
    case 'set_priority':
      return w.setPriority(t.priorities[action.priority]);
    case 'set_status':
      return w.setStatus(t.statuses[action.status]);
    case 'snooze':
      return w.snooze(t.duration(action.minutes));
    case 'send_message':
      return w.sendMessage(action.text);
    case 'send_saved_reply':
      return w.sendSavedReply(names.reply(action.replyId) ?? t.unknown(action.replyId));
    case 'add_note':
      return w.addNote(action.text);
    case 'email_transcript':
      return w.emailTranscript;
    case 'call_webhook':
      return w.callWebhook(action.url);
    default: {
      const editor = editorOf(action.type);
      return editor ? editor.words(action, { strings, t, names }) : action.type;
    }
  }
}

/** What a rule looks like in one line. */
export interface RuleShape {
  trigger: RuleTrigger;
  idleMinutes?: number | null | undefined;
  match?: 'all' | 'any' | undefined;
  conditions: readonly RuleCondition[];
  actions: readonly RuleAction[];
}

/** A rule in one line: `When a visitor sends a message, if Page address contains “/pricing”: Add the labels “vip”; …`. */
export function ruleSummary(
  rule: RuleShape,
  t: RulesStrings,
  names: RuleNames,
  strings: Partial<AdminStrings> = {},
): string {
  const when =
    rule.trigger === 'conversation.idle' && rule.idleMinutes
      ? `${t.when(t.triggers[rule.trigger])} ${t.idleFor(t.duration(rule.idleMinutes))}`
      : t.when(t.triggers[rule.trigger]);
  const join = rule.match === 'any' ? t.joinAny : t.joinAll;
  const conditions = rule.conditions.map((each) => conditionWords(each, t, names)).join(join);
  const actions = rule.actions.map((each) => actionWords(each, t, names, strings)).join('; ');
  return t.summary(when, conditions, actions);
}

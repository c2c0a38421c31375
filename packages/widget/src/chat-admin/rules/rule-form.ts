import { html, nothing, type TemplateResult } from 'lit';
import type { RuleAction, RuleActionType, RuleCondition, RuleField } from '@parley/protocol/admin';
import { AdminApiError } from '../admin-api.js';
import {
  ACTION_STATUSES,
  ACTION_TYPES,
  FIELD_CHOICES,
  FIELD_OPS,
  FIELDS,
  PRIORITIES,
  attributeOps,
  choiceWords,
  type RuleAttribute,
} from './rule-words.js';
import type { RuleOp, RulesStrings } from './rules-strings.js';
import type { AdminStrings } from '../admin-strings.js';
import { RULE_ACTIONS, editorOf } from './rule-actions.js';

/**
 * The rule and macro editors' rows (conditions, actions), edited without JSON: each row is a draft whose one value
 * is the text of its input, turned into the protocol's shape on save ({@link toCondition}, {@link toAction}).
 */

/** A condition being edited: its value as its input holds it. */
export interface ConditionDraft {
  field: RuleField;
  op: RuleOp;
  value: string;
  /** A custom attribute condition's attribute: `<scope>.<key>`. */
  attribute?: string;
  /** A custom attribute or company condition on verified values only (a visitor's unsigned claim is no value). */
  verified?: boolean;
}

/** An action being edited: its one input's value (a member's id, labels separated by commas, minutes, a text…). */
export interface ActionDraft {
  type: RuleActionType;
  value: string;
  /** A contributed action's draft, which its editor keeps (rule-action-editor.ts). */
  editing?: unknown;
}

/** What the rows need: the strings, the choices (members, teams, saved replies), the refusals, and a redraw. */
export interface RowContext {
  t: RulesStrings;
  /** The inbox's strings: a contributed action's editor reads its words from them. */
  strings: Partial<AdminStrings>;
  /** Ids are made unique on the page with it (`rule`, `macro`). */
  scope: string;
  members: ReadonlyArray<{ id: string; name: string }>;
  teams: ReadonlyArray<{ id: string; name: string }>;
  replies: ReadonlyArray<{ id: string; shortcut: string }>;
  /** The site's custom attributes (not archived): the `attribute` field is offered when there are some. */
  attributes: readonly RuleAttribute[];
  /** The site's companies (the latest 100): the `company` field is offered when there are some. */
  companies?: ReadonlyArray<{ readonly id: string; readonly name: string }>;
  /** The relay's messaging providers (`whatsapp`: WhatsApp), channels of the `channel` condition beside the kinds. */
  providers?: ReadonlyArray<{ readonly id: string; readonly label: string }>;
  /** Refusals by field (`actions.1`, `conditions.0`, `actions`). */
  errors: Readonly<Record<string, string>>;
  disabled: boolean;
  changed(): void;
}

/** A field's first value: the first choice, member or team; empty for typed ones. */
function firstValue(
  field: RuleField,
  context: Pick<RowContext, 'members' | 'teams' | 'companies'>,
  attribute?: RuleAttribute,
): string {
  if (field === 'assignee') return context.members[0]?.id ?? '';
  if (field === 'company') return context.companies?.[0]?.id ?? '';
  if (field === 'team') return context.teams[0]?.id ?? '';
  if (field === 'attribute')
    return attribute?.type === 'list' ? (attribute.options[0] ?? '') : attribute?.type === 'checkbox' ? 'true' : '';
  return FIELD_CHOICES[field]?.[0] ?? '';
}

export function newCondition(
  context: Pick<RowContext, 'members' | 'teams' | 'companies'> & { attributes?: readonly RuleAttribute[] },
  field: RuleField = 'text',
  attributeName?: string,
): ConditionDraft {
  if (field === 'attribute') {
    const attribute = context.attributes?.find((each) => each.name === attributeName) ?? context.attributes?.[0];
    return {
      field,
      attribute: attribute?.name ?? '',
      op: attributeOps(attribute?.type)[0]!,
      value: firstValue(field, context, attribute),
    };
  }
  return { field, op: FIELD_OPS[field][0]!, value: firstValue(field, context) };
}

/** An action's first value, by its type. */
function firstAction(type: RuleActionType, context: Pick<RowContext, 'members' | 'teams'>): string {
  switch (type) {
    case 'assign':
      return context.members[0]?.id ?? '';
    case 'assign_team':
      return context.teams[0]?.id ?? '';
    case 'set_priority':
      return 'high';
    case 'set_status':
      return 'resolved';
    case 'snooze':
      return '60';
    default:
      return '';
  }
}

export function newAction(
  context: Pick<RowContext, 'members' | 'teams'>,
  type: RuleActionType = 'add_labels',
): ActionDraft {
  const editor = editorOf(type);
  if (editor) return { type, value: '', editing: editor.newDraft() };
  return { type, value: firstAction(type, context) };
}

export function conditionDraft(condition: RuleCondition): ConditionDraft {
  if (condition.field === 'attribute')
    return {
      field: 'attribute',
      attribute: `${condition.scope}.${condition.key}`,
      op: condition.op,
      value: condition.value ?? '',
      verified: condition.verified ?? false,
    };
  if (condition.field === 'company')
    return { field: 'company', op: condition.op, value: condition.value ?? '', verified: condition.verified ?? false };
  return {
    field: condition.field,
    op: condition.op as RuleOp,
    value: condition.value === undefined ? '' : String(condition.value),
  };
}

export function actionDraft(action: RuleAction): ActionDraft {
  switch (action.type) {
    case 'assign':
      return { type: action.type, value: action.staffId ?? '' };
    case 'assign_team':
      return { type: action.type, value: action.teamId ?? '' };
    case 'add_labels':
    case 'remove_labels':
      return { type: action.type, value: action.labels.join(', ') };
    case 'set_priority':
      return { type: action.type, value: action.priority };
    case 'set_status':
      return { type: action.type, value: action.status };
    case 'snooze':
      return { type: action.type, value: String(action.minutes) };
    case 'send_message':
    case 'add_note':
      return { type: action.type, value: action.text };
    case 'send_saved_reply':
      return { type: action.type, value: action.replyId };
    case 'email_transcript':
      return { type: action.type, value: '' };
    case 'call_webhook':
      return { type: action.type, value: action.url };
    default: {
      // A contributed action: its editor's draft (a type no folder edits is kept as it is, and saved so).
      const editor = editorOf(action.type);
      return { type: action.type, value: '', editing: editor ? editor.draft(action) : action };
    }
  }
}

/** A condition as the protocol says it (`is_set` and `not_set` take no value; `first_message` a boolean). */
export function toCondition(draft: ConditionDraft): RuleCondition {
  if (draft.field === 'attribute') {
    const [scope, key = ''] = (draft.attribute ?? '').split('.') as ['contact' | 'conversation', string?];
    const bare = draft.op === 'is_set' || draft.op === 'not_set';
    return {
      field: 'attribute',
      scope,
      key,
      op: draft.op as Extract<RuleCondition, { field: 'attribute' }>['op'],
      ...(bare ? {} : { value: draft.value.trim() }),
      ...(draft.verified ? { verified: true } : {}),
    };
  }
  if (draft.field === 'company') {
    const bare = draft.op === 'is_set' || draft.op === 'not_set';
    return {
      field: 'company',
      op: draft.op as Extract<RuleCondition, { field: 'company' }>['op'],
      ...(bare ? {} : { value: draft.value.trim() }),
      ...(draft.verified ? { verified: true } : {}),
    };
  }
  if (draft.op === 'is_set' || draft.op === 'not_set') return { field: draft.field, op: draft.op } as RuleCondition;
  if (draft.field === 'first_message') return { field: 'first_message', op: 'is', value: draft.value === 'true' };
  return { field: draft.field, op: draft.op, value: draft.value.trim() } as RuleCondition;
}

/** An action as the protocol says it; a number that is not one is sent as it is, for the relay to name. */
export function toAction(draft: ActionDraft): RuleAction {
  const value = draft.value.trim();
  switch (draft.type) {
    case 'assign':
      return { type: 'assign', staffId: value === '' ? null : value };
    case 'assign_team':
      return { type: 'assign_team', teamId: value === '' ? null : value };
    case 'add_labels':
    case 'remove_labels':
      return {
        type: draft.type,
        labels: value
          .split(',')
          .map((label) => label.trim())
          .filter(Boolean),
      };
    case 'set_priority':
      return { type: 'set_priority', priority: value as (typeof PRIORITIES)[number] };
    case 'set_status':
      return { type: 'set_status', status: value as (typeof ACTION_STATUSES)[number] };
    case 'snooze':
      return { type: 'snooze', minutes: Number(value) };
    case 'send_message':
    case 'add_note':
      return { type: draft.type, text: value };
    case 'send_saved_reply':
      return { type: 'send_saved_reply', replyId: value };
    case 'email_transcript':
      return { type: 'email_transcript' };
    case 'call_webhook':
      return { type: 'call_webhook', url: value };
    default: {
      const editor = editorOf(draft.type);
      return editor ? editor.toAction(draft.editing ?? editor.newDraft()) : (draft.editing as RuleAction);
    }
  }
}

/**
 * The field a relay refusal is about (`Invalid body.actions.1.minutes: at least 1 minute` → `actions.1`; a dry
 * run's `body.rule.name` → `name`) and what it says; `undefined`: about the whole form.
 */
export function refusalField(error: unknown): { field: string; message: string } | undefined {
  if (!(error instanceof AdminApiError) || error.code !== 'bad_request') return undefined;
  const found = /^Invalid body\.([\w.]+): (.*?)\.?$/s.exec(error.message);
  if (!found) return undefined;
  const path = found[1]!.split('.');
  if (path[0] === 'rule') path.shift();
  const [first, index] = path;
  if ((first === 'conditions' || first === 'actions') && index !== undefined && /^\d+$/.test(index))
    return { field: `${first}.${index}`, message: found[2]! };
  return { field: first!, message: found[2]! };
}

/** The id of the input a refusal about `field` focuses. */
export function fieldInput(scope: string, field: string): string {
  const row = /^(conditions|actions)\.(\d+)$/.exec(field);
  if (row) return `${scope}-${row[1] === 'conditions' ? 'cond' : 'act'}-${row[2]}-value`;
  return `${scope}-${field}`;
}

/** A refusal under its field. */
export function fieldError(context: RowContext, field: string): TemplateResult | typeof nothing {
  const message = context.errors[field];
  return message
    ? html`<p class="field-error" id=${`${context.scope}-${field.replace('.', '-')}-error`}>${message}</p>`
    : nothing;
}

function describedBy(context: RowContext, field: string): string | typeof nothing {
  return context.errors[field] ? `${context.scope}-${field.replace('.', '-')}-error` : nothing;
}

function options(values: readonly string[], current: string, label: (value: string) => string) {
  return values.map((value) => html`<option value=${value} ?selected=${value === current}>${label(value)}</option>`);
}

function people(list: ReadonlyArray<{ id: string; name: string }>, current: string, none?: string) {
  return html`${none === undefined ? nothing : html`<option value="" ?selected=${current === ''}>${none}</option>`}
  ${list.map((each) => html`<option value=${each.id} ?selected=${each.id === current}>${each.name}</option>`)}
  ${current !== '' && !list.some((each) => each.id === current) ? html`<option value=${current} selected>${current}</option>` : nothing}`;
}

/** The value input of a condition: a select for choices, members and teams; text otherwise. */
function conditionValue(draft: ConditionDraft, index: number, context: RowContext): TemplateResult | typeof nothing {
  const { t, scope } = context;
  if (draft.op === 'is_set' || draft.op === 'not_set') return nothing;
  const id = `${scope}-cond-${index}-value`;
  const set = (event: Event): void => {
    draft.value = (event.target as HTMLInputElement).value;
    context.changed();
  };
  const common = { id, described: describedBy(context, `conditions.${index}`) };
  const providers = draft.field === 'channel' ? (context.providers ?? []) : [];
  const choices = FIELD_CHOICES[draft.field] && [
    ...FIELD_CHOICES[draft.field]!,
    ...providers.map((provider) => provider.id),
    // A rule's provider the relay no longer lists is kept, by its id.
    ...(draft.field === 'channel' &&
    draft.value !== '' &&
    !FIELD_CHOICES.channel!.includes(draft.value) &&
    !providers.some((provider) => provider.id === draft.value)
      ? [draft.value]
      : []),
  ];
  const attribute =
    draft.field === 'attribute' ? context.attributes.find((each) => each.name === draft.attribute) : undefined;
  let input: TemplateResult;
  if (attribute?.type === 'list' || attribute?.type === 'checkbox')
    input = html`<select id=${common.id} class="value" aria-describedby=${common.described} @change=${set}>
      ${options(attribute.type === 'list' ? attribute.options : ['true', 'false'], draft.value, (value) =>
        attribute.type === 'checkbox' ? (value === 'true' ? t.yes : t.no) : value,
      )}
    </select>`;
  else if (attribute && attribute.type !== 'text' && attribute.type !== 'link')
    input = html`<input
      id=${common.id}
      class="value"
      type=${attribute.type === 'date' ? 'date' : 'number'}
      .value=${draft.value}
      aria-invalid=${context.errors[`conditions.${index}`] ? 'true' : 'false'}
      aria-describedby=${common.described}
      @input=${set}
    />`;
  else if (choices)
    input = html`<select id=${common.id} class="value" aria-describedby=${common.described} @change=${set}>
      ${options(
        choices,
        draft.value,
        (value) => providers.find((provider) => provider.id === value)?.label ?? choiceWords(draft.field, value, t),
      )}
    </select>`;
  else if (draft.field === 'assignee' || draft.field === 'team' || draft.field === 'company')
    input = html`<select id=${common.id} class="value" aria-describedby=${common.described} @change=${set}>
      ${people(
        draft.field === 'assignee'
          ? context.members
          : draft.field === 'team'
            ? context.teams
            : (context.companies ?? []),
        draft.value,
      )}
    </select>`;
  else
    input = html`<input
      id=${common.id}
      class="value"
      .value=${draft.value}
      maxlength="500"
      aria-invalid=${context.errors[`conditions.${index}`] ? 'true' : 'false'}
      aria-describedby=${common.described}
      @input=${set}
    />`;
  return html`<label class="value-field"><span>${t.value}</span>${input}</label>`;
}

/** The condition rows, with Add and Remove. */
export function conditionRows(drafts: ConditionDraft[], context: RowContext): TemplateResult {
  const { t, scope } = context;
  return html`<ol class="rows conditions" aria-label=${t.conditions}>
      ${drafts.map(
        (draft, index) => html`<li class="rule-row condition" data-index=${index}>
          <label
            ><span>${t.field}</span
            ><select
              id=${`${scope}-cond-${index}-field`}
              class="field-select"
              @change=${(event: Event) => {
                Object.assign(draft, newCondition(context, (event.target as HTMLSelectElement).value as RuleField));
                context.changed();
              }}
            >
              ${options(
                FIELDS.filter(
                  (field) =>
                    (field !== 'attribute' || context.attributes.length > 0 || draft.field === 'attribute') &&
                    (field !== 'company' || (context.companies?.length ?? 0) > 0 || draft.field === 'company'),
                ),
                draft.field,
                (value) => t.fields[value as RuleField],
              )}
            </select></label
          >
          ${
            draft.field === 'attribute'
              ? html`<label
                  ><span>${t.attribute}</span
                  ><select
                    id=${`${scope}-cond-${index}-attribute`}
                    class="attribute-select"
                    @change=${(event: Event) => {
                      Object.assign(
                        draft,
                        newCondition(context, 'attribute', (event.target as HTMLSelectElement).value),
                      );
                      context.changed();
                    }}
                  >
                    ${options(
                      [
                        ...context.attributes.map((each) => each.name),
                        ...(draft.attribute && !context.attributes.some((each) => each.name === draft.attribute)
                          ? [draft.attribute]
                          : []),
                      ],
                      draft.attribute ?? '',
                      (name) => {
                        const found = context.attributes.find((each) => each.name === name);
                        return found ? t.attributeName(found.scope, found.label) : name;
                      },
                    )}
                  </select></label
                >`
              : nothing
          }
          <label
            ><span>${t.op}</span
            ><select
              id=${`${scope}-cond-${index}-op`}
              class="op"
              @change=${(event: Event) => {
                draft.op = (event.target as HTMLSelectElement).value as RuleOp;
                if (draft.value === '' && draft.op !== 'is_set' && draft.op !== 'not_set')
                  draft.value = firstValue(
                    draft.field,
                    context,
                    context.attributes.find((each) => each.name === draft.attribute),
                  );
                context.changed();
              }}
            >
              ${options(
                draft.field === 'attribute'
                  ? attributeOps(context.attributes.find((each) => each.name === draft.attribute)?.type)
                  : FIELD_OPS[draft.field],
                draft.op,
                (value) => t.ops[value as RuleOp],
              )}
            </select></label
          >
          ${conditionValue(draft, index, context)}
          ${
            draft.field === 'attribute' || draft.field === 'company'
              ? html`<label class="verified"
                  ><input
                    type="checkbox"
                    id=${`${scope}-cond-${index}-verified`}
                    .checked=${draft.verified ?? false}
                    @change=${(event: Event) => {
                      draft.verified = (event.target as HTMLInputElement).checked;
                      context.changed();
                    }}
                  /><span>${t.verifiedOnly}</span></label
                >`
              : nothing
          }
          ${
            context.disabled
              ? nothing
              : html`<button
                type="button"
                class="secondary remove"
                aria-label=${`${t.remove}: ${t.conditions} ${index + 1}`}
                @click=${() => {
                  drafts.splice(index, 1);
                  context.changed();
                }}
              >
                ${t.remove}
              </button>`
          }
          ${fieldError(context, `conditions.${index}`)}
        </li>`,
      )}
    </ol>
    ${fieldError(context, 'conditions')}
    ${
      context.disabled
        ? nothing
        : html`<button
          type="button"
          class="secondary add-condition"
          @click=${() => {
            drafts.push(newCondition(context));
            context.changed();
          }}
        >
          ${t.addCondition}
        </button>`
    }`;
}

/** The input of an action, by its type (none for the transcript). */
function actionValue(draft: ActionDraft, index: number, context: RowContext): TemplateResult | typeof nothing {
  const { t, scope } = context;
  const id = `${scope}-act-${index}-value`;
  const field = `actions.${index}`;
  const described = describedBy(context, field);
  const invalid = context.errors[field] ? 'true' : 'false';
  const set = (event: Event): void => {
    draft.value = (event.target as HTMLInputElement).value;
    context.changed();
  };
  const labelled = (label: string, input: TemplateResult) =>
    html`<label class="value-field"><span>${label}</span>${input}</label>`;
  switch (draft.type) {
    case 'assign':
      return labelled(
        t.member,
        html`<select id=${id} class="value" aria-describedby=${described} @change=${set}>
          ${people(context.members, draft.value, t.nobody)}
        </select>`,
      );
    case 'assign_team':
      return labelled(
        t.team,
        html`<select id=${id} class="value" aria-describedby=${described} @change=${set}>
          ${people(context.teams, draft.value, t.noTeam)}
        </select>`,
      );
    case 'add_labels':
    case 'remove_labels':
      return labelled(
        t.labels,
        html`<input
          id=${id}
          class="value"
          .value=${draft.value}
          placeholder="vip, billing"
          aria-invalid=${invalid}
          aria-describedby=${described === nothing ? `${id}-help` : `${id}-help ${described}`}
          @input=${set}
        /><span class="help" id=${`${id}-help`}>${t.labelsHelp}</span>`,
      );
    case 'set_priority':
      return labelled(
        t.priority,
        html`<select id=${id} class="value" aria-describedby=${described} @change=${set}>
          ${options(PRIORITIES, draft.value, (value) => t.priorities[value as (typeof PRIORITIES)[number]])}
        </select>`,
      );
    case 'set_status':
      return labelled(
        t.status,
        html`<select id=${id} class="value" aria-describedby=${described} @change=${set}>
          ${options(ACTION_STATUSES, draft.value, (value) => t.statuses[value as (typeof ACTION_STATUSES)[number]])}
        </select>`,
      );
    case 'snooze':
      return labelled(
        t.minutes,
        html`<input
          id=${id}
          class="value"
          type="number"
          min="1"
          step="1"
          inputmode="numeric"
          .value=${draft.value}
          aria-invalid=${invalid}
          aria-describedby=${described}
          @input=${set}
        />`,
      );
    case 'send_message':
    case 'add_note':
      return labelled(
        t.text,
        html`<textarea
          id=${id}
          class="value"
          maxlength="4000"
          .value=${draft.value}
          aria-invalid=${invalid}
          aria-describedby=${described}
          @input=${set}
        ></textarea>`,
      );
    case 'send_saved_reply':
      return labelled(
        t.savedReply,
        html`<select id=${id} class="value" aria-describedby=${described} @change=${set}>
          <option value="" ?selected=${draft.value === ''}>—</option>
          ${context.replies.map(
            (reply) =>
              html`<option value=${reply.id} ?selected=${reply.id === draft.value}>/${reply.shortcut}</option>`,
          )}
        </select>`,
      );
    case 'email_transcript':
      return nothing;
    case 'call_webhook':
      return labelled(
        t.url,
        html`<input
          id=${id}
          class="value"
          type="url"
          placeholder="https://"
          .value=${draft.value}
          aria-invalid=${invalid}
          aria-describedby=${described}
          @input=${set}
        />`,
      );
    default: {
      const editor = editorOf(draft.type);
      if (!editor) return nothing;
      return editor.render((draft.editing ??= editor.newDraft()), {
        strings: context.strings,
        t,
        id,
        described: described === nothing ? undefined : described,
        attributes: context.attributes,
        disabled: context.disabled,
        changed: context.changed,
      });
    }
  }
}

/** An action type's name: the rules' own, or its editor's. */
function actionTypeName(type: RuleActionType, { t, strings }: RowContext): string {
  return (t.actionTypes as Partial<Record<RuleActionType, string>>)[type] ?? editorOf(type)?.label(strings) ?? type;
}

/** The action rows, with Add and Remove (the rule editor's and the macro editor's). */
export function actionRows(drafts: ActionDraft[], context: RowContext): TemplateResult {
  const { t, scope } = context;
  return html`<ol class="rows actions-list" aria-label=${t.actions}>
      ${drafts.map(
        (draft, index) => html`<li class="rule-row action" data-index=${index}>
          <label
            ><span>${t.actionType}</span
            ><select
              id=${`${scope}-act-${index}-type`}
              class="type"
              @change=${(event: Event) => {
                Object.assign(draft, newAction(context, (event.target as HTMLSelectElement).value as RuleActionType));
                context.changed();
              }}
            >
              ${options([...ACTION_TYPES, ...RULE_ACTIONS.map((editor) => editor.type)], draft.type, (value) =>
                actionTypeName(value as RuleActionType, context),
              )}
            </select></label
          >
          ${actionValue(draft, index, context)}
          ${
            context.disabled || drafts.length <= 1
              ? nothing
              : html`<button
                type="button"
                class="secondary remove"
                aria-label=${`${t.remove}: ${t.actions} ${index + 1}`}
                @click=${() => {
                  drafts.splice(index, 1);
                  context.changed();
                }}
              >
                ${t.remove}
              </button>`
          }
          ${fieldError(context, `actions.${index}`)}
        </li>`,
      )}
    </ol>
    ${fieldError(context, 'actions')}
    ${
      context.disabled || drafts.length >= 20
        ? nothing
        : html`<button
          type="button"
          class="secondary add-action"
          @click=${() => {
            drafts.push(newAction(context));
            context.changed();
          }}
        >
          ${t.addAction}
        </button>`
    }`;
}

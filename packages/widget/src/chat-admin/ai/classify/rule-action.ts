import { html } from 'lit';
import type { AiClassifyField, AiClassifyMode, RuleAction } from '@parley/protocol/admin';
import type { AdminStrings } from '../../admin-strings.js';
import type { RuleActionEditor } from '../../rules/rule-action-editor.js';

/**
 * The editor of the AI classification action (`ai_classify`, docs/ai.md “Classify”), in the rules' outlet for an
 * action's editor: what the model chooses (labels, priority, team: checkboxes; custom attributes: a multiple select
 * of the site's), and whether the rule applies it or suggests it to the agent.
 */

type ClassifyAction = Extract<RuleAction, { type: 'ai_classify' }>;

/** The action being edited: the fields it classifies, its attributes as `<scope>.<key>`, its mode. */
export interface ClassifyDraft {
  classify: AiClassifyField[];
  attributes: string[];
  mode: AiClassifyMode;
}

/** The editor's words. A translation goes in `AdminStrings.aiClassifyRule`. */
export interface ClassifyRuleStrings {
  /** The action's name among a rule's action types. */
  type: string;
  what: string;
  fields: Record<AiClassifyField, string>;
  attributes: string;
  attributesHelp: string;
  mode: string;
  modes: Record<AiClassifyMode, string>;
  /** The action in words: what it chooses, suggested or applied. */
  words: (what: string, suggest: boolean) => string;
}

export const classifyRuleEn: ClassifyRuleStrings = {
  type: 'Classify with AI',
  what: 'What the AI chooses',
  fields: { labels: 'Labels (among those in use)', priority: 'Priority', team: 'Team' },
  attributes: 'Custom attributes it reads from the visitor’s messages',
  attributesHelp: 'Hold Ctrl or ⌘ to pick several.',
  mode: 'Then',
  modes: { apply: 'Apply it', suggest: 'Suggest it to the agent (a private note)' },
  words: (what, suggest) => `${suggest ? 'Suggest with AI' : 'Classify with AI'}: ${what}`,
};

// Its strings in the inbox's (a host's `strings`), added from here: admin-strings.ts imports no feature.
declare module '../../admin-strings.js' {
  interface AdminStrings {
    /** The rules' AI classification action (Settings → Rules, Macros). */
    aiClassifyRule?: Partial<ClassifyRuleStrings>;
  }
}

const words = (strings: Partial<AdminStrings>): ClassifyRuleStrings => ({
  ...classifyRuleEn,
  ...strings.aiClassifyRule,
});

const FIELDS: readonly AiClassifyField[] = ['labels', 'priority', 'team'];
const MODES: readonly AiClassifyMode[] = ['suggest', 'apply'];

export const ruleAction: RuleActionEditor<'ai_classify', ClassifyDraft> = {
  type: 'ai_classify',
  rank: 10,
  label: (strings) => words(strings).type,
  // A new action: labels and priority, suggested (the agent sees it before anything changes).
  newDraft: () => ({ classify: ['labels', 'priority'], attributes: [], mode: 'suggest' }),
  draft: (action) => ({
    classify: [...action.classify],
    attributes: action.attributes.map(({ scope, key }) => `${scope}.${key}`),
    mode: action.mode,
  }),
  // The fields in their order; the relay names what it refuses.
  toAction: (draft): ClassifyAction => ({
    type: 'ai_classify',
    classify: FIELDS.filter((field) => draft.classify.includes(field)),
    attributes: draft.attributes.map((name) => {
      const [scope, key = ''] = name.split('.') as ['contact' | 'conversation', string?];
      return { scope, key };
    }),
    mode: draft.mode,
  }),
  words: (action, { strings, t, names }) => {
    const c = words(strings);
    const what = [
      ...action.classify.map((field) => c.fields[field]),
      ...action.attributes.map(({ scope, key }) => {
        const found = names.attribute?.(`${scope}.${key}`);
        return t.attributeName(scope, found?.label ?? key);
      }),
    ];
    return c.words(what.join(', '), action.mode === 'suggest');
  },
  render: (draft, { strings, t, id, described, attributes, changed }) => {
    const c = words(strings);
    const toggle = (field: AiClassifyField) => (event: Event) => {
      const on = (event.target as HTMLInputElement).checked;
      draft.classify = on ? [...draft.classify, field] : draft.classify.filter((each) => each !== field);
      changed();
    };
    return html`<fieldset class="value-field classify" id=${id} aria-describedby=${described ?? ''}>
      <legend>${c.what}</legend>
      ${FIELDS.map(
        (field) =>
          html`<label class="check"
            ><input
              type="checkbox"
              class=${`classify-${field}`}
              .checked=${draft.classify.includes(field)}
              @change=${toggle(field)}
            />${c.fields[field]}</label
          >`,
      )}
      ${
        attributes.length === 0
          ? ''
          : html`<label
            ><span>${c.attributes}</span
            ><select
              multiple
              class="classify-attributes"
              aria-describedby=${`${id}-help`}
              @change=${(event: Event) => {
                draft.attributes = [...(event.target as HTMLSelectElement).selectedOptions].map(
                  (option) => option.value,
                );
                changed();
              }}
            >
              ${attributes.map(
                (attribute) =>
                  html`<option value=${attribute.name} ?selected=${draft.attributes.includes(attribute.name)}>
                    ${t.attributeName(attribute.scope, attribute.label)}
                  </option>`,
              )}
            </select
            ><span class="help" id=${`${id}-help`}>${c.attributesHelp}</span></label
          >`
      }
      <label
        ><span>${c.mode}</span
        ><select
          class="classify-mode"
          @change=${(event: Event) => {
            draft.mode = (event.target as HTMLSelectElement).value as AiClassifyMode;
            changed();
          }}
        >
          ${MODES.map((mode) => html`<option value=${mode} ?selected=${draft.mode === mode}>${c.modes[mode]}</option>`)}
        </select></label
      >
    </fieldset>`;
  },
};

import { html, type TemplateResult } from 'lit';
import type { AiClassifyField, AiClassifyMode, RuleAction } from '@parley/protocol/admin';
import type { RuleAttribute } from './rule-words.js';
import type { RulesStrings } from './rules-strings.js';

/**
 * The editor of the AI classification action (`ai_classify`, docs/ai.md “Classify”): what the model chooses (labels,
 * priority, team: checkboxes; custom attributes: a multiple select of the site's), and whether the rule applies it or
 * suggests it to the agent. The rules page has no outlet for an action's editor: its rows are the rules' own.
 */

type ClassifyAction = Extract<RuleAction, { type: 'ai_classify' }>;

/** The action being edited: the fields it classifies, its attributes as `<scope>.<key>`, its mode. */
export interface ClassifyDraft {
  classify: AiClassifyField[];
  attributes: string[];
  mode: AiClassifyMode;
}

const FIELDS: readonly AiClassifyField[] = ['labels', 'priority', 'team'];
const MODES: readonly AiClassifyMode[] = ['suggest', 'apply'];

/** A new action's draft: labels and priority, suggested (the agent sees it before anything changes). */
export const newClassify = (): ClassifyDraft => ({ classify: ['labels', 'priority'], attributes: [], mode: 'suggest' });

export function classifyDraft(action: ClassifyAction): ClassifyDraft {
  return {
    classify: [...action.classify],
    attributes: action.attributes.map(({ scope, key }) => `${scope}.${key}`),
    mode: action.mode,
  };
}

/** The action as the protocol says it (the fields in their order; the relay names what it refuses). */
export function toClassify(draft: ClassifyDraft): ClassifyAction {
  return {
    type: 'ai_classify',
    classify: FIELDS.filter((field) => draft.classify.includes(field)),
    attributes: draft.attributes.map((name) => {
      const [scope, key = ''] = name.split('.') as ['contact' | 'conversation', string?];
      return { scope, key };
    }),
    mode: draft.mode,
  };
}

/** The editor's inputs; `id` names its parts, `described` its refusal, `changed` redraws. */
export function classifyInputs(
  draft: ClassifyDraft,
  id: string,
  t: RulesStrings,
  attributes: readonly RuleAttribute[],
  described: string | undefined,
  changed: () => void,
): TemplateResult {
  const c = t.classify;
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
              draft.attributes = [...(event.target as HTMLSelectElement).selectedOptions].map((option) => option.value);
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
}

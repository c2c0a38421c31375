import { css, html, nothing, type TemplateResult } from 'lit';
import {
  PRECHAT_FIELD_TYPES,
  PRECHAT_LIMITS,
  PRECHAT_WHEN,
  type AttributeDefinition,
  type PrechatFieldType,
  type PrechatForm,
  type PrechatFormField,
  type PrechatWhen,
} from '@parley/protocol/admin';
import type { AdminApi } from '../../admin-api.js';
import { AdminPage } from '../../kit/admin-page.js';
import { pageStyles } from '../../kit/page.styles.js';
import { PrechatFormApi } from './prechat-form-api.js';
import { prechatFormEn, type PrechatFormPageStrings } from './prechat-form-strings.js';

/** A field as the page edits it: its options and other languages' labels as the text of their boxes. */
interface Draft {
  /** Stable through edits and moves: what a change names, and its controls' ids. */
  readonly id: number;
  key: string;
  type: PrechatFieldType;
  required: boolean;
  label: string;
  others: string;
  options: string;
}

let drafts = 0;

/** The type a field of `key` is asked as, from the attribute it fills (name, email and phone are text). */
function typeFor(key: string, attributes: readonly AttributeDefinition[]): PrechatFieldType {
  const found = attributes.find((each) => `attribute:${each.key}` === key);
  return found?.type === 'list' ? 'choice' : found?.type === 'checkbox' ? 'checkbox' : 'text';
}

function draftOf(field: PrechatFormField): Draft {
  const { en, ...others } = field.labels ?? {};
  return {
    id: ++drafts,
    key: field.key,
    type: field.type,
    required: field.required ?? false,
    label: en ?? '',
    others: Object.entries(others)
      .map(([tag, text]) => `${tag}: ${text}`)
      .join('\n'),
    options: (field.options ?? []).join('\n'),
  };
}

/** The field a draft saves: labels from its boxes (a line without `tag:` is left out), options one per line. */
function fieldOf(draft: Draft): PrechatFormField {
  const labels: Record<string, string> = {};
  if (draft.label.trim()) labels.en = draft.label.trim();
  for (const line of draft.others.split('\n')) {
    const match = /^\s*([A-Za-z0-9-]+)\s*:\s*(.+?)\s*$/.exec(line);
    if (match) labels[match[1]!] = match[2]!;
  }
  const field: PrechatFormField = { key: draft.key, type: draft.type };
  if (Object.keys(labels).length > 0) field.labels = labels;
  if (draft.type === 'choice')
    field.options = draft.options
      .split('\n')
      .map((option) => option.trim())
      .filter(Boolean);
  if (draft.required) field.required = true;
  return field;
}

/**
 * The Pre-chat form page of `<chat-admin>` (admins; issue #86): the fields visitors are asked before their first
 * message — what each fills (name, email, phone, a contact attribute), how it is asked, whether it is required, its
 * labels — added, removed and reordered, and when the form shows (`PUT /v1/admin/prechat-form`, docs/prechat-form.md).
 *
 * @summary The site's pre-chat form.
 * @tag chat-admin-prechat-form
 */
export class ChatAdminPrechatForm extends AdminPage {
  static override styles = [
    pageStyles,
    css`
      .fields {
        display: grid;
        gap: 12px;
        padding: 0;
        margin: 0;
        list-style: none;
      }
      .field-row {
        display: grid;
        gap: 8px;
        grid-template-columns: repeat(auto-fit, minmax(12em, 1fr));
      }
    `,
  ];

  static override properties = {
    ...AdminPage.properties,
    _loaded: { state: true },
    _when: { state: true },
    _drafts: { state: true },
    _attributes: { state: true },
  };

  declare private _loaded: boolean;
  declare private _when: PrechatWhen;
  declare private _drafts: Draft[];
  /** The site's contact attributes not archived: what a field may fill besides name, email and phone. */
  declare private _attributes: AttributeDefinition[];

  constructor() {
    super();
    this._loaded = false;
    this._when = 'always';
    this._drafts = [];
    this._attributes = [];
  }

  get #t(): PrechatFormPageStrings {
    return this.strings.prechatFormPage ?? prechatFormEn;
  }

  protected override async load(api: AdminApi): Promise<void> {
    const calls = new PrechatFormApi(api);
    const [form, attributes] = await Promise.all([calls.get(), calls.attributes().catch(() => ({ items: [] }))]);
    this._attributes = attributes.items.filter((each) => each.scope === 'contact' && !each.archived);
    this.#take(form);
  }

  #take(form: PrechatForm): void {
    this._when = form.when;
    this._drafts = form.fields.map(draftOf);
    this._loaded = true;
  }

  /** What a field may fill: name, email, phone and each contact attribute, those other fields fill left out. */
  #keys(draft: Draft): [string, string][] {
    const t = this.#t;
    const taken = new Set(this._drafts.filter((other) => other.id !== draft.id).map((other) => other.key));
    const keys: [string, string][] = [
      ['name', t.keys.name],
      ['email', t.keys.email],
      ['phone', t.keys.phone],
      ...this._attributes
        .filter((each) => each.key !== 'phone')
        .map((each): [string, string] => [`attribute:${each.key}`, t.attribute(each.label)]),
    ];
    return keys.filter(([key]) => !taken.has(key) || key === draft.key);
  }

  #change(draft: Draft, patch: Partial<Draft>): void {
    this._drafts = this._drafts.map((each) => (each.id === draft.id ? { ...each, ...patch } : each));
  }

  #add = (): void => {
    const taken = new Set(this._drafts.map((draft) => draft.key));
    const free = this.#keys({ id: 0, key: '', type: 'text', required: false, label: '', others: '', options: '' }).find(
      ([key]) => !taken.has(key),
    );
    if (!free) return;
    const [key] = free;
    const type = typeFor(key, this._attributes);
    const found = this._attributes.find((each) => `attribute:${each.key}` === key);
    this._drafts = [
      ...this._drafts,
      {
        id: ++drafts,
        key,
        type,
        required: false,
        label: '',
        others: '',
        options: type === 'choice' ? (found?.options ?? []).join('\n') : '',
      },
    ];
  };

  #move(index: number, by: -1 | 1): void {
    const next = [...this._drafts];
    const [moved] = next.splice(index, 1);
    next.splice(index + by, 0, moved!);
    this._drafts = next;
    // The focus follows the field moved: its button in its new place.
    void this.updateComplete.then(() =>
      this.renderRoot
        .querySelector<HTMLButtonElement>(`#pf-${moved!.id}-${by < 0 ? 'up' : 'down'}:not([disabled])`)
        ?.focus(),
    );
  }

  #remove(index: number): void {
    this._drafts = this._drafts.filter((_, at) => at !== index);
  }

  #onSubmit = async (event: SubmitEvent): Promise<void> => {
    event.preventDefault();
    const form = { when: this._when, fields: this._drafts.map(fieldOf) };
    await this.run(async (api) => this.#take(await new PrechatFormApi(api).save(form)), this.#t.saved);
  };

  #field(draft: Draft, index: number): TemplateResult {
    const t = this.#t;
    const place = index + 1;
    const keys = this.#keys(draft);
    const what = keys.find(([key]) => key === draft.key)?.[1] ?? draft.key;
    const id = `pf-${draft.id}`;
    return html`<li>
      <fieldset>
        <legend>${t.fieldLegend(place, what)}</legend>
        <div class="field-row">
          <label
            >${t.fills}
            <select
              name="key"
              @change=${(event: Event) => {
                const key = (event.target as HTMLSelectElement).value;
                const found = this._attributes.find((each) => `attribute:${each.key}` === key);
                const type = typeFor(key, this._attributes);
                this.#change(draft, {
                  key,
                  type,
                  options: type === 'choice' ? (found?.options ?? []).join('\n') : '',
                });
              }}
            >
              ${keys.map(([key, name]) => html`<option value=${key} .selected=${key === draft.key}>${name}</option>`)}
            </select></label
          >
          <label
            >${t.type}
            <select
              name="type"
              @change=${(event: Event) =>
                this.#change(draft, { type: (event.target as HTMLSelectElement).value as PrechatFieldType })}
            >
              ${PRECHAT_FIELD_TYPES.map(
                (type) => html`<option value=${type} .selected=${type === draft.type}>${t.typeNames[type]}</option>`,
              )}
            </select></label
          >
        </div>
        <label class="radio"
          ><input
            type="checkbox"
            name="required"
            .checked=${draft.required}
            @change=${(event: Event) => this.#change(draft, { required: (event.target as HTMLInputElement).checked })}
          />
          ${t.required}</label
        >
        <label for="${id}-label">${t.label}</label>
        <input
          id="${id}-label"
          name="label"
          maxlength=${PRECHAT_LIMITS.labelLength}
          aria-describedby="${id}-label-help"
          .value=${draft.label}
          @input=${(event: Event) => this.#change(draft, { label: (event.target as HTMLInputElement).value })}
        />
        <p class="help" id="${id}-label-help">${t.labelHelp}</p>
        <label for="${id}-others">${t.otherLabels}</label>
        <textarea
          id="${id}-others"
          name="others"
          rows="2"
          aria-describedby="${id}-others-help"
          .value=${draft.others}
          @input=${(event: Event) => this.#change(draft, { others: (event.target as HTMLTextAreaElement).value })}
        ></textarea>
        <p class="help" id="${id}-others-help">${t.otherLabelsHelp}</p>
        ${
          draft.type === 'choice'
            ? html`<label for="${id}-options">${t.options}</label>
              <textarea
                id="${id}-options"
                name="options"
                rows="3"
                aria-describedby="${id}-options-help"
                .value=${draft.options}
                @input=${(event: Event) => this.#change(draft, { options: (event.target as HTMLTextAreaElement).value })}
              ></textarea>
              <p class="help" id="${id}-options-help">${t.optionsHelp}</p>`
            : nothing
        }
        <div class="row">
          <button
            type="button"
            id="${id}-up"
            aria-label=${t.up(place)}
            ?disabled=${index === 0}
            @click=${() => this.#move(index, -1)}
          >
            ↑
          </button>
          <button
            type="button"
            id="${id}-down"
            aria-label=${t.down(place)}
            ?disabled=${index === this._drafts.length - 1}
            @click=${() => this.#move(index, 1)}
          >
            ↓
          </button>
          <button type="button" class="danger" aria-label=${t.remove(place)} @click=${() => this.#remove(index)}>
            ✕
          </button>
        </div>
      </fieldset>
    </li>`;
  }

  protected override render(): TemplateResult {
    const t = this.#t;
    return html`<section class="card" aria-labelledby="prechat-title">
      <h2 id="prechat-title">${t.title}</h2>
      <p class="intro">${t.intro}</p>
      ${this.saveState()}
      ${
        this._loaded
          ? html`<form data-save="prechat" @submit=${this.#onSubmit}>
            <label
              >${t.when}
              <select
                name="when"
                @change=${(event: Event) => (this._when = (event.target as HTMLSelectElement).value as PrechatWhen)}
              >
                ${PRECHAT_WHEN.map(
                  (when) => html`<option value=${when} .selected=${when === this._when}>${t.whenNames[when]}</option>`,
                )}
              </select></label
            >
            <h3>${t.fields}</h3>
            ${
              this._drafts.length
                ? html`<ol class="fields">
                  ${this._drafts.map((draft, index) => this.#field(draft, index))}
                </ol>`
                : html`<p class="muted">${t.none}</p>`
            }
            <div class="row">
              <button
                type="button"
                class="secondary"
                ?disabled=${this._drafts.length >= PRECHAT_LIMITS.fields}
                @click=${this.#add}
              >
                ${t.add}
              </button>
            </div>
            <p class="muted">${t.precedence}</p>
            <div class="actions">
              <button class="primary" type="submit" ?disabled=${this.busy}>${t.save}</button>${this.saveState('prechat')}
            </div>
          </form>`
          : this.error
            ? nothing
            : html`<p class="muted">${this.strings.loading}</p>`
      }
    </section>`;
  }
}

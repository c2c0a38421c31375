import { css, html, nothing, type TemplateResult } from 'lit';
import type { AttributeDefinition, AttributeScope, AttributeType } from '@parley/protocol/admin';
import type { AdminApi } from '../../admin-api.js';
import { fieldOf } from '../../field-errors.js';
import { AdminPage } from '../../kit/admin-page.js';
import { Confirm } from '../../kit/confirm.js';
import { ListController } from '../../kit/list-controller.js';
import { pageStyles } from '../../kit/page.styles.js';
import { AttributesApi } from './attributes-api.js';
import { attributesEn, type AttributesStrings } from './attributes-strings.js';

// The protocol's lists, written out: importing its values would bring zod into the chunk (types only).
const TYPES: readonly AttributeType[] = ['text', 'number', 'date', 'list', 'checkbox', 'link'];
const SCOPES: readonly AttributeScope[] = ['contact', 'conversation'];
const FIELDS = ['key', 'label', 'type', 'scope', 'description', 'options'] as const;
type Field = (typeof FIELDS)[number];

/** A key made of a label, as the key field suggests it until typed in (`Renews on` → `renews_on`). */
export function keyOf(label: string): string {
  const slug = label
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^[^a-z]+|_+$/g, '')
    .slice(0, 40);
  return slug;
}

/**
 * The Custom attributes page of the settings area (admins): the site's contact and conversation attributes, each
 * with its key and type, a form to add one (label, key, type, what it describes, options of a list) or edit one
 * (label, description, options), reordering, archiving and deletion after a confirmation. The relay's refusals are
 * said beside the field they are about.
 *
 * @summary Custom attributes: define, edit, order, archive, delete.
 * @tag chat-admin-attributes
 */
export class ChatAdminAttributes extends AdminPage {
  static override styles = [
    pageStyles,
    css`
      .attribute .meta {
        display: flex;
        flex-wrap: wrap;
        gap: 6px;
        align-items: center;
      }
      .attribute code {
        font-size: 13px;
      }
      .attribute .options {
        color: var(--_muted);
        font-size: 13px;
        margin: 0;
        overflow-wrap: anywhere;
      }
      .attribute.archived h3 {
        color: var(--_muted);
      }
    `,
  ];

  static override properties = {
    ...AdminPage.properties,
    _draft: { state: true },
    _fieldErrors: { state: true },
  };

  /** The page's own texts (English; a host may replace them with `strings.attributes`). */
  get texts(): AttributesStrings {
    return { ...attributesEn, ...this.strings.attributes };
  }

  /** The form's type and scope while adding (they decide which fields show), and whether the key was typed in. */
  declare private _draft: { type: AttributeType; scope: AttributeScope; key: string; keyTyped: boolean };
  declare private _fieldErrors: Partial<Record<Field, string>>;
  readonly #attributes = new ListController<AttributeDefinition>(this);
  readonly #confirm = new Confirm<AttributeDefinition>(this);

  constructor() {
    super();
    this._draft = { type: 'text', scope: 'contact', key: '', keyTyped: false };
    this._fieldErrors = {};
  }

  protected override async load(api: AdminApi): Promise<void> {
    this.#attributes.set(await new AttributesApi(api).list());
  }

  protected override failed(error: unknown): void {
    const field = fieldOf(error, FIELDS, 'key') as Field | undefined;
    if (!field) return super.failed(error);
    this._fieldErrors = { [field]: this.errorText(error) };
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(`#attribute-${field}`)?.focus());
  }

  #onSubmit = (event: SubmitEvent): void => {
    event.preventDefault();
    if (this.busy) return;
    const form = event.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    const text = (name: string) => String(data.get(name) ?? '').trim();
    const editing = this.#attributes.editing;
    const type = editing?.type ?? this._draft.type;
    const options =
      type === 'list'
        ? text('options')
            .split('\n')
            .map((option) => option.trim())
            .filter(Boolean)
        : undefined;
    this._fieldErrors = {};
    void this.run(async (api) => {
      const client = new AttributesApi(api);
      if (editing) {
        const saved = await client.update(editing.id, {
          label: text('label'),
          description: text('description') || null,
          ...(options ? { options } : {}),
        });
        this.#attributes.replace(saved);
      } else {
        const made = await client.create({
          key: text('key'),
          label: text('label'),
          type,
          scope: this._draft.scope,
          ...(text('description') ? { description: text('description') } : {}),
          ...(options ? { options } : {}),
        });
        this.#attributes.add(made);
        this._draft = { ...this._draft, key: '', keyTyped: false };
      }
      form.reset();
    }, this.texts.saved);
  };

  #edit(item: AttributeDefinition | null): void {
    this.#attributes.edit(item);
    this._fieldErrors = {};
    this.status = undefined;
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('#attribute-label')?.focus());
  }

  /** Swaps an attribute with its neighbour in its scope (positions written for both). */
  #move(item: AttributeDefinition, by: -1 | 1): void {
    const scoped = this.#scoped(item.scope);
    const index = scoped.indexOf(item);
    const other = scoped[index + by];
    if (!other) return;
    void this.run(async (api) => {
      const client = new AttributesApi(api);
      const order = [...scoped];
      order[index] = other;
      order[index + by] = item;
      // Positions are the list's order: only those that changed are written.
      for (const [position, each] of order.entries())
        if (each.position !== position) this.#attributes.replace(await client.update(each.id, { position }));
      this.#attributes.edit(null);
    });
    void this.updateComplete.then(() =>
      this.renderRoot
        .querySelector<HTMLElement>(`.attribute[data-id="${item.id}"] .${by < 0 ? 'up' : 'down'}:not([disabled])`)
        ?.focus(),
    );
  }

  #archive(item: AttributeDefinition): void {
    void this.run(async (api) => {
      this.#attributes.replace(await new AttributesApi(api).update(item.id, { archived: !item.archived }));
    }, this.texts.saved);
  }

  async #delete(item: AttributeDefinition): Promise<void> {
    const done = await this.run(async (api) => {
      await new AttributesApi(api).delete(item.id);
      this.#attributes.remove(item.id);
    }, this.texts.deleted);
    if (done) this.renderRoot.querySelector<HTMLElement>('#attribute-label')?.focus();
  }

  /** A scope's attributes, in their order. */
  #scoped(scope: AttributeScope): AttributeDefinition[] {
    return (this.#attributes.items ?? [])
      .filter((item) => item.scope === scope)
      .sort((a, b) => a.position - b.position || a.createdAt - b.createdAt);
  }

  protected override render(): TemplateResult {
    const t = this.texts;
    const items = this.#attributes.items;
    return html`<section class="card" aria-labelledby="attributes-title">
        <h2 id="attributes-title">${t.title}</h2>
        <p class="intro">${t.intro}</p>
        ${this.saveState()}
      </section>
      ${SCOPES.map(
        (scope) => html`<section class="card" aria-labelledby=${`attributes-${scope}-title`} data-save=${scope}>
          <div class="card-head">
            <h2 id=${`attributes-${scope}-title`}>
              ${scope === 'contact' ? t.contactAttributes : t.conversationAttributes}
            </h2>
            ${this.saveState(scope)}
          </div>
          ${
            !items
              ? html`<p class="muted">${this.strings.loading}</p>`
              : this.#scoped(scope).length === 0
                ? html`<p class="muted">${t.none}</p>`
                : html`<ul class="items">
                    ${this.#scoped(scope).map((item, index, all) => this.#item(item, index, all.length))}
                  </ul>`
          }
        </section>`,
      )}
      ${this.#form()}`;
  }

  #item(item: AttributeDefinition, index: number, count: number): TemplateResult {
    const t = this.texts;
    return html`<li class="attribute item ${item.archived ? 'archived' : ''}" data-id=${item.id}>
      <h3>${item.label}</h3>
      <div class="meta">
        <code>${item.key}</code>
        <span class="badge">${t.types[item.type]}</span>
        ${item.archived ? html`<span class="badge">${t.archived}</span>` : nothing}
      </div>
      ${item.description ? html`<p>${item.description}</p>` : nothing}
      ${item.type === 'list' ? html`<p class="options">${item.options.join(' · ')}</p>` : nothing}
      <div class="actions">
        ${
          this.#confirm.is(item)
            ? this.#confirm.render(
                { text: t.confirmDelete(item.label), ok: t.delete, cancel: t.cancel, busy: this.busy },
                () => this.#delete(item),
              )
            : html`<button type="button" class="secondary" aria-label=${`${t.edit}: ${item.label}`} @click=${() => this.#edit(item)}>
                  ${t.edit}
                </button>
                <button type="button" class="secondary up" aria-label=${t.moveUp(item.label)} ?disabled=${index === 0 || this.busy} @click=${() => this.#move(item, -1)}>↑</button>
                <button type="button" class="secondary down" aria-label=${t.moveDown(item.label)} ?disabled=${index === count - 1 || this.busy} @click=${() => this.#move(item, 1)}>↓</button>
                <button type="button" class="secondary archive" aria-label=${`${item.archived ? t.unarchive : t.archive}: ${item.label}`} @click=${() => this.#archive(item)}>
                  ${item.archived ? t.unarchive : t.archive}
                </button>
                <button type="button" class="danger delete" aria-label=${`${t.delete}: ${item.label}`} @click=${() => this.#confirm.ask(item, `.attribute[data-id="${item.id}"] .delete`)}>
                  ${t.delete}
                </button>`
        }
      </div>
    </li>`;
  }

  #form(): TemplateResult {
    const t = this.texts;
    const editing = this.#attributes.editing;
    const errors = this._fieldErrors;
    const type = editing?.type ?? this._draft.type;
    const described = (name: Field, help?: string) =>
      [errors[name] ? `attribute-${name}-error` : '', help ?? ''].filter(Boolean).join(' ') || nothing;
    const error = (name: Field) =>
      errors[name] ? html`<p class="field-error" id=${`attribute-${name}-error`}>${errors[name]}</p>` : nothing;
    const invalid = (name: Field) => (errors[name] ? 'true' : 'false');
    return html`<section class="card" aria-labelledby="attribute-form-title">
      <h2 id="attribute-form-title">${editing ? t.editing(editing.label) : t.add}</h2>
      <form @submit=${this.#onSubmit} data-save="attribute" data-editing=${editing?.id ?? ''} novalidate>
        <label for="attribute-label">${t.label}</label>
        <input
          id="attribute-label"
          name="label"
          maxlength="100"
          required
          .value=${editing?.label ?? ''}
          aria-invalid=${invalid('label')}
          aria-describedby=${described('label')}
          @input=${(event: Event) => {
            if (editing || this._draft.keyTyped) return;
            this._draft = { ...this._draft, key: keyOf((event.target as HTMLInputElement).value) };
          }}
        />
        ${error('label')}
        ${
          editing
            ? html`<p class="help"><code>${editing.key}</code> · ${t.types[editing.type]} · ${t.scopes[editing.scope]}</p>`
            : html`<label for="attribute-key">${t.key}</label>
                <input
                  id="attribute-key"
                  name="key"
                  maxlength="40"
                  autocomplete="off"
                  spellcheck="false"
                  .value=${this._draft.key}
                  aria-invalid=${invalid('key')}
                  aria-describedby=${described('key', 'attribute-key-help')}
                  @input=${(event: Event) =>
                    (this._draft = { ...this._draft, key: (event.target as HTMLInputElement).value, keyTyped: true })}
                />
                <p class="help" id="attribute-key-help">${t.keyHelp}</p>
                ${error('key')}
                <label for="attribute-type">${t.type}</label>
                <select
                  id="attribute-type"
                  name="type"
                  aria-describedby=${described('type')}
                  @change=${(event: Event) =>
                    (this._draft = {
                      ...this._draft,
                      type: (event.target as HTMLSelectElement).value as AttributeType,
                    })}
                >
                  ${TYPES.map((each) => html`<option value=${each} ?selected=${each === type}>${t.types[each]}</option>`)}
                </select>
                ${error('type')}
                <fieldset class="choices">
                  <legend>${t.scope}</legend>
                  ${SCOPES.map(
                    (scope) =>
                      html`<label class="radio"
                        ><input
                          type="radio"
                          name="scope"
                          value=${scope}
                          ?checked=${scope === this._draft.scope}
                          .checked=${scope === this._draft.scope}
                          @change=${() => (this._draft = { ...this._draft, scope })}
                        />
                        ${t.scopes[scope]}</label
                      >`,
                  )}
                </fieldset>`
        }
        ${
          type === 'list'
            ? html`<label for="attribute-options">${t.options}</label>
                <textarea
                  id="attribute-options"
                  name="options"
                  rows="4"
                  .value=${editing?.options.join('\n') ?? ''}
                  aria-invalid=${invalid('options')}
                  aria-describedby=${described('options', 'attribute-options-help')}
                ></textarea>
                <p class="help" id="attribute-options-help">${t.optionsHelp}</p>
                ${error('options')}`
            : nothing
        }
        <label for="attribute-description">${t.description}</label>
        <input
          id="attribute-description"
          name="description"
          maxlength="500"
          .value=${editing?.description ?? ''}
          aria-invalid=${invalid('description')}
          aria-describedby=${described('description')}
        />
        ${error('description')}
        <div class="actions">
          <button class="primary" type="submit" ?disabled=${this.busy}>${t.save}</button>
          ${editing ? html`<button type="button" class="secondary" @click=${() => this.#edit(null)}>${t.cancel}</button>` : nothing}
          ${this.saveState('attribute')}
        </div>
      </form>
    </section>`;
  }
}

import { css, html, nothing, type TemplateResult } from 'lit';
import type {
  AttributeDefinition,
  AttributeScope,
  AttributeValue,
  ConversationAttributes,
} from '@parley/protocol/admin';
import { AdminRegion } from '../admin-region.js';
import { errorText } from '../kit/error-text.js';
import { AttributesApi, type AttributeEdit } from '../pages/attributes/attributes-api.js';
import { attributesEn, type AttributesStrings } from '../pages/attributes/attributes-strings.js';

const cardStyles = css`
  .attributes-card dl {
    display: grid;
    gap: 4px;
  }
  .attributes-card .attribute-value {
    display: flex;
    flex-wrap: wrap;
    gap: 4px 8px;
    align-items: center;
  }
  .attributes-card :is(input:not([type='checkbox']), select) {
    flex: 1 1 8em;
    min-width: 0;
    font: inherit;
    padding: 4px 6px;
    border: 1px solid color-mix(in srgb, var(--_fg) 45%, var(--_surface));
    border-radius: 6px;
    background: var(--_surface);
    color: var(--_fg);
  }
  .attributes-card input[type='checkbox'] {
    inline-size: 18px;
    block-size: 18px;
    margin: 0;
  }
  /* A claim, in the notes' colours: they keep their contrast in both themes. */
  .attributes-card .unverified {
    font-size: 11px;
    font-weight: 600;
    padding: 1px 6px;
    border-radius: 999px;
    background: var(--_note-bg);
    color: var(--_note-fg);
  }
  .attributes-card .scope-title {
    font-size: 12px;
    font-weight: 600;
    margin: 8px 0 0;
    color: var(--_muted);
    text-transform: uppercase;
    letter-spacing: 0.04em;
  }
  .attributes-card .field-error {
    color: var(--_danger);
    font-size: 12px;
    margin: 0;
  }
`;

/**
 * The open conversation's custom attributes in the visitor panel: the contact's and the conversation's, each
 * editable in place by its type (a checkbox, a select of a list's options, a date, a number, a text or a link), a
 * value the page gave unsigned marked *Unverified*. A change is saved at once; a refusal is said under the field.
 * Shown in the contact card, a section of its outlet (attributes/contact-section.ts), which fetches its chunk the
 * first time a contact is shown (the inbox's first load carries none of it).
 *
 * @summary A conversation's and its contact's custom attributes, edited in place.
 * @tag chat-admin-attributes-card
 */
export class ChatAdminAttributesCard extends AdminRegion {
  static override properties = {
    ...AdminRegion.properties,
    _data: { state: true },
    _errors: { state: true },
    _saving: { state: true },
  };

  declare private _data: ConversationAttributes | undefined;
  /** A refusal per `<scope>.<key>`. */
  declare private _errors: Readonly<Record<string, string>>;
  /** The `<scope>.<key>` being saved. */
  declare private _saving: string | undefined;
  #readFor = '';

  constructor() {
    super();
    this._errors = {};
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // Its rules go into the shadow root it renders in (`<chat-admin>`'s), once.
    const root = this.getRootNode();
    const sheet = cardStyles.styleSheet;
    if (root instanceof ShadowRoot && sheet && !root.adoptedStyleSheets.includes(sheet))
      root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
  }

  get #texts(): AttributesStrings {
    return { ...attributesEn, ...this.inbox.strings.attributes };
  }

  protected override willUpdate(changed: Parameters<AdminRegion['willUpdate']>[0]): void {
    super.willUpdate(changed);
    const current = this.inbox?.state.current;
    const api = this.inbox?.api;
    if (!current || !api) return;
    const key = current.id;
    if (key === this.#readFor) return;
    this.#readFor = key;
    this._data = undefined;
    this._errors = {};
    void new AttributesApi(api)
      .ofConversation(current.id)
      .then((data) => {
        if (this.#readFor === key) this._data = data;
      })
      .catch((error: unknown) => {
        if (this.#readFor === key) this._errors = { '': errorText(error) };
      });
  }

  /** Saves one value (`null` clears it) and shows what the relay holds now. */
  async #save(definition: AttributeDefinition, value: AttributeEdit): Promise<void> {
    const data = this._data;
    const api = this.inbox.api;
    if (!data || !api) return;
    const name = `${definition.scope}.${definition.key}`;
    const subject = definition.scope === 'contact' ? data.contact : data.conversation;
    this._saving = name;
    const { [name]: _gone, ...others } = this._errors;
    this._errors = others;
    try {
      const now = await new AttributesApi(api).set(definition.scope, subject.id, { [definition.key]: value });
      if (this._data === data) this._data = { ...data, [definition.scope]: now };
    } catch (error) {
      this._errors = { ...this._errors, [name]: errorText(error) };
      // The field shows what is stored again.
      this._data = { ...data };
    } finally {
      this._saving = undefined;
    }
  }

  protected override render(): TemplateResult | typeof nothing {
    const t = this.#texts;
    if (!this.inbox.state.current) return nothing;
    const data = this._data;
    const failed = this._errors[''];
    // A site without attributes sees no card.
    if (!failed && (!data || data.definitions.length === 0)) return nothing;
    return html`<section class="attributes-card" aria-labelledby="attributes-card-title">
      <h3 id="attributes-card-title">${t.panelTitle}</h3>
      ${
        failed
          ? html`<p class="muted">${failed}</p>`
          : html`${this.#scope('contact', t.panelContact)}${this.#scope('conversation', t.panelConversation)}`
      }
    </section>`;
  }

  #scope(scope: AttributeScope, title: string): TemplateResult | typeof nothing {
    const data = this._data!;
    const definitions = data.definitions.filter((definition) => definition.scope === scope);
    if (definitions.length === 0) return nothing;
    const values = new Map(data[scope].items.map((item) => [item.key, item]));
    return html`<p class="scope-title">${title}</p>
      <dl>${definitions.map((definition) => this.#field(definition, values.get(definition.key)))}</dl>`;
  }

  #field(definition: AttributeDefinition, stored: AttributeValue | undefined): TemplateResult {
    const t = this.#texts;
    const name = `${definition.scope}.${definition.key}`;
    const id = `attribute-${definition.scope}-${definition.key}`;
    const error = this._errors[name];
    const busy = this._saving === name;
    const described = [error ? `${id}-error` : '', stored && !stored.verified ? `${id}-unverified` : '']
      .filter(Boolean)
      .join(' ');
    const text = stored === undefined ? '' : String(stored.value);
    const commit = (raw: string): void => {
      const value = raw.trim();
      if (value === text) return;
      void this.#save(definition, value === '' ? null : definition.type === 'number' ? Number(value) : value);
    };
    const onChange = (event: Event) => commit((event.target as HTMLInputElement).value);
    let input: TemplateResult;
    switch (definition.type) {
      case 'checkbox':
        input = html`<input
          id=${id}
          type="checkbox"
          .checked=${stored?.value === true}
          ?disabled=${busy}
          aria-describedby=${described || nothing}
          @change=${(event: Event) => void this.#save(definition, (event.target as HTMLInputElement).checked)}
        />`;
        break;
      case 'list':
        input = html`<select id=${id} ?disabled=${busy} aria-describedby=${described || nothing} @change=${onChange}>
          <option value="" ?selected=${text === ''}>${t.notSet}</option>
          ${definition.options.map((option) => html`<option value=${option} ?selected=${option === text}>${option}</option>`)}
          ${text !== '' && !definition.options.includes(text) ? html`<option value=${text} selected>${text}</option>` : nothing}
        </select>`;
        break;
      default:
        input = html`<input
          id=${id}
          type=${{ date: 'date', number: 'number', link: 'url', text: 'text' }[definition.type]}
          .value=${text}
          placeholder=${t.notSet}
          maxlength=${definition.type === 'link' ? 2000 : 1000}
          ?disabled=${busy}
          aria-invalid=${error ? 'true' : 'false'}
          aria-describedby=${described || nothing}
          @change=${onChange}
        />`;
    }
    return html`<dt><label for=${id}>${definition.label}</label></dt>
      <dd class="attribute-value" data-key=${name}>
        ${input}
        ${
          definition.type === 'link' && stored && /^https?:\/\//i.test(text)
            ? html`<a href=${text} target="_blank" rel="noopener noreferrer">${t.open}</a>`
            : nothing
        }
        ${
          stored && !stored.verified
            ? html`<span class="unverified" id=${`${id}-unverified`} title=${t.unverifiedHelp}>${t.unverified}</span>`
            : nothing
        }
        ${
          stored && definition.type === 'checkbox'
            ? html`<button type="button" class="link clear" aria-label=${t.clear(definition.label)} @click=${() => void this.#save(definition, null)}>×</button>`
            : nothing
        }
        ${error ? html`<p class="field-error" id=${`${id}-error`} role="alert">${error}</p>` : nothing}
      </dd>`;
  }
}

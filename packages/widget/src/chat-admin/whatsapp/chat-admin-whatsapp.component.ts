import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import type { WhatsAppConversation, WhatsAppTemplate } from '@parley/protocol/admin';
import { AdminRegion } from '../admin-region.js';
import { longTime } from '../format.js';
import { errorText } from '../kit/error-text.js';
import { WhatsAppApi } from './whatsapp-api.js';
import { whatsappEn, type WhatsAppStrings } from './whatsapp-strings.js';
import { whatsappWindow } from './whatsapp-window.js';
import { whatsappStyles } from './whatsapp.styles.js';

/** A template's key in the picker. */
const keyOf = (template: WhatsAppTemplate): string => `${template.name}\u0000${template.language}`;

/**
 * WhatsApp's 24-hour window above the composer, for a conversation a WhatsApp number opened (nothing for others):
 * until when free replies go, or, once the customer last wrote more than 24 hours ago, why a typed reply cannot be sent
 * (the composer holds Send: composer-hold.ts); and the number's approved templates, one picked, its variables filled in and previewed, sent as the
 * template (`POST …/whatsapp/template`). Read when a conversation opens and whenever it changes.
 *
 * @summary WhatsApp's window and templates for the open conversation.
 * @tag chat-admin-whatsapp
 */
export class ChatAdminWhatsApp extends AdminRegion {
  static override properties = {
    ...AdminRegion.properties,
    _state: { state: true },
    _picked: { state: true },
    _values: { state: true },
    _error: { state: true },
    _said: { state: true },
    _busy: { state: true },
  };

  declare private _state: WhatsAppConversation | undefined;
  declare private _picked: string | undefined;
  declare private _values: string[];
  declare private _error: string | undefined;
  declare private _said: string | undefined;
  declare private _busy: boolean;
  #read: string | undefined;
  #for: string | undefined;
  /** Reads the window again when it closes. */
  #closes: ReturnType<typeof setTimeout> | undefined;

  constructor() {
    super();
    this._values = [];
    this._busy = false;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    const root = this.getRootNode();
    const sheet = whatsappStyles.styleSheet;
    if (root instanceof ShadowRoot && sheet && !root.adoptedStyleSheets.includes(sheet))
      root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.#closes);
    this.#read = undefined;
  }

  get #texts(): WhatsAppStrings {
    return { ...whatsappEn, ...(this.inbox.strings as { whatsapp?: Partial<WhatsAppStrings> }).whatsapp };
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    const current = this.inbox?.state.current;
    if (!current) return;
    if (this.#for !== current.id) {
      this.#for = current.id;
      clearTimeout(this.#closes);
      this._state = undefined;
      this._picked = undefined;
      this._values = [];
      this._error = undefined;
      this._said = undefined;
    }
    // Only a conversation of a messaging channel (recorded as `api`) may be WhatsApp's: no request for the others.
    if (current.channel !== 'api') return;
    const key = `${current.id}:${current.updatedAt}`;
    if (this.#read === key) return;
    this.#read = key;
    void this.#load(current.id, current.updatedAt);
  }

  async #load(conversationId: string, updatedAt: number): Promise<void> {
    const api = this.inbox.api;
    if (!api) return;
    try {
      const state = await whatsappWindow(api, conversationId, updatedAt);
      if (this.inbox.state.current?.id !== conversationId) return;
      // Not a WhatsApp conversation (`channelId` null): nothing to show.
      this._state = state.channelId === null ? undefined : state;
      const { open, closesAt } = state.window;
      clearTimeout(this.#closes);
      if (open && closesAt !== null && closesAt - Date.now() < 2 ** 31 - 1000)
        this.#closes = setTimeout(
          () => {
            this.#read = undefined;
            this.requestUpdate();
          },
          Math.max(0, closesAt - Date.now()) + 1000,
        );
    } catch {
      // The relay has no WhatsApp (404), or could not answer: nothing to show.
      if (this.inbox.state.current?.id === conversationId) this._state = undefined;
    }
  }

  #template(): WhatsAppTemplate | undefined {
    return this._state?.templates.find((template) => keyOf(template) === this._picked);
  }

  #pick(event: Event): void {
    this._picked = (event.currentTarget as HTMLSelectElement).value || undefined;
    this._values = (this.#template()?.variables ?? []).map(() => '');
    this._error = undefined;
    this._said = undefined;
  }

  #preview(template: WhatsAppTemplate): string {
    return template.text.replace(/\{\{\s*([A-Za-z0-9_]{1,60})\s*\}\}/g, (whole, name: string) => {
      const value = this._values[template.variables.indexOf(name)];
      return value ? value : whole;
    });
  }

  async #send(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const template = this.#template();
    const conversationId = this.inbox.state.current?.id;
    const api = this.inbox.api;
    if (!template || !conversationId || !api || this._busy) return;
    this._busy = true;
    this._error = undefined;
    this._said = undefined;
    try {
      await new WhatsAppApi(api).sendTemplate(conversationId, {
        id: `wt-${crypto.randomUUID()}`,
        name: template.name,
        language: template.language,
        values: this._values.map((value) => value.trim()),
      });
      this._said = this.#texts.whatsappSent(template.name);
      this._picked = undefined;
      this._values = [];
    } catch (error) {
      this._error = errorText(error);
    } finally {
      this._busy = false;
    }
  }

  #renderForm(t: WhatsAppStrings, state: WhatsAppConversation): TemplateResult {
    const template = this.#template();
    if (state.templates.length === 0)
      return html`<p class="muted">${state.templatesError ?? t.whatsappNoTemplates}</p>`;
    return html`<form @submit=${(event: SubmitEvent) => void this.#send(event)}>
      <label
        >${t.whatsappTemplate}
        <select name="whatsapp-template" .value=${this._picked ?? ''} @change=${(event: Event) => this.#pick(event)}>
          <option value="">${t.whatsappChoose}</option>
          ${state.templates.map(
            (item) =>
              html`<option value=${keyOf(item)} ?selected=${keyOf(item) === this._picked}>
                ${item.name} (${item.language})
              </option>`,
          )}
        </select></label
      >
      ${
        template
          ? html`${template.variables.map(
              (name, index) =>
                html`<label
                  >${t.whatsappVariable(name)}
                  <input
                    name="whatsapp-value-${index}"
                    required
                    maxlength="1024"
                    .value=${this._values[index] ?? ''}
                    @input=${(event: Event) => {
                      const values = [...this._values];
                      values[index] = (event.currentTarget as HTMLInputElement).value;
                      this._values = values;
                    }}
                /></label>`,
            )}
            <p class="whatsapp-preview" aria-label=${t.whatsappPreview} dir="auto">${this.#preview(template)}</p>
            <span><button type="submit" class="primary" ?disabled=${this._busy}>${t.whatsappSend}</button></span>`
          : nothing
      }
    </form>`;
  }

  protected override render(): TemplateResult | typeof nothing {
    const state = this._state;
    if (!state) return nothing;
    const t = this.#texts;
    const { open, closesAt } = state.window;
    return html`<section class="whatsapp-window ${open ? 'open' : 'closed'}" aria-label="WhatsApp">
      <p class="whatsapp-state" role="status">
        ${open && closesAt !== null ? t.whatsappOpen(longTime(closesAt)) : t.whatsappClosed}
      </p>
      <details ?open=${!open}>
        <summary>${t.whatsappTemplates}</summary>
        ${this.#renderForm(t, state)}
      </details>
      ${this._error ? html`<p class="error" role="alert">${this._error}</p>` : nothing}
      ${this._said ? html`<p class="said" role="status">${this._said}</p>` : nothing}
    </section>`;
  }
}

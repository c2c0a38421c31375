import { html, nothing, type ReactiveController, type TemplateResult } from 'lit';
import type { AdminRegion } from '../admin-region.js';
import { agentLanguage, isLanguageTag, setAgentLanguage } from './ai-language.js';
import { aiStatus } from './ai-status.js';
import { aiEn } from './ai-strings.js';

/**
 * The agent's own language for Translate, in the inbox's Notifications dialog (`<chat-admin-prefs>`), shown while the
 * site's AI tools are on: kept in this browser (ai-language.ts), the browser's language until the agent chooses. A
 * tag the relay would refuse is said beside the field and not kept.
 */
export class AiLanguagePref implements ReactiveController {
  /** The site whose AI status was asked (once per site; ai-status.ts keeps the answer for the page's life). */
  #site: string | undefined;
  #on = false;
  #error = false;

  constructor(private readonly host: AdminRegion) {
    host.addController(this);
  }

  hostUpdate(): void {
    const site = this.host.inbox?.state.me?.site.id;
    const api = this.host.inbox?.api;
    if (!site || !api || site === this.#site) return;
    this.#site = site;
    void aiStatus(site, api).then((status) => {
      this.#on = status.enabled;
      this.host.requestUpdate();
    });
  }

  #onChange = (event: Event): void => {
    const input = event.currentTarget as HTMLInputElement;
    const tag = input.value.trim();
    this.#error = tag !== '' && !isLanguageTag(tag);
    if (!this.#error) {
      setAgentLanguage(tag);
      input.value = agentLanguage();
    }
    this.host.requestUpdate();
  };

  render(): TemplateResult | typeof nothing {
    if (!this.#on) return nothing;
    const t = { ...aiEn, ...this.host.inbox.strings.ai };
    return html`<fieldset class="ai-language">
      <legend>${t.languageHeading}</legend>
      <label for="ai-language">${t.language}</label>
      <input
        id="ai-language"
        name="aiLanguage"
        spellcheck="false"
        autocomplete="off"
        maxlength="35"
        .value=${agentLanguage()}
        aria-describedby=${this.#error ? 'ai-language-error' : 'ai-language-hint'}
        aria-invalid=${this.#error ? 'true' : 'false'}
        @change=${this.#onChange}
      />
      <p class="muted" id="ai-language-hint">${t.languageHint}</p>
      ${this.#error ? html`<p class="field-error" id="ai-language-error" role="alert">${t.languageInvalid}</p>` : nothing}
    </fieldset>`;
  }
}

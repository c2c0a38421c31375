import { css, html, nothing, type TemplateResult } from 'lit';
import { keyed } from 'lit/directives/keyed.js';
import {
  WIDGET_STRINGS,
  widgetStringLocale,
  type WidgetStringKey,
  type WidgetStrings,
  type WidgetStringTexts,
} from '@parley/protocol/admin';
import { AdminApiError, type AdminApi } from '../../admin-api.js';
import { AdminPage } from '../../kit/admin-page.js';
import { pageStyles } from '../../kit/page.styles.js';
import { holds } from '../../page-entry.js';
import { resolveLocale } from '../../../i18n/i18n.js';
import { formsEn } from '../../../chat-widget/forms.js';
import { automationEn } from '../../../chat-widget/automation-ui.js';
import { emailStringsEn } from '../../../chat-widget/email-strings.js';
import { helpStringsEn } from '../../../chat-widget/help-strings.js';
import { WidgetStringsApi } from './widget-strings-api.js';
import { widgetStringsEn, type WidgetStringsPageStrings } from './widget-strings-strings.js';

type Group = keyof WidgetStringsPageStrings['groups'];
const KEYS = Object.keys(WIDGET_STRINGS) as WidgetStringKey[];
const FORMS = new Set<string>([
  'prechatIntro',
  'name',
  'email',
  'consent',
  'start',
  'skip',
  'awayIntro',
  'leaveMessage',
]);

/** Where the page lists a key: by its part (`email.`, `help.`), the rating's, the forms', else the chat's. */
function groupOf(key: WidgetStringKey): Group {
  if (key.startsWith('email.')) return 'email';
  if (key.startsWith('help.')) return 'help';
  if (key.startsWith('rate')) return 'rating';
  return FORMS.has(key) ? 'forms' : 'chat';
}

/** The widget's English strings (whatever file its locales live in). */
const en = resolveLocale(['en']).strings;

/** The widget's English words, each key's as the catalogue names it, placeholders written as the key takes them. */
const english: Record<string, unknown> = {
  ...en,
  ...formsEn,
  ...automationEn,
  ...Object.fromEntries(Object.entries(emailStringsEn).map(([key, word]) => [`email.${key}`, word])),
  ...Object.fromEntries(Object.entries(helpStringsEn).map(([key, word]) => [`help.${key}`, word])),
};

/** The widget's own word for `key`, in English: a function is called with its placeholders (`{name}`). */
export function defaultWord(key: WidgetStringKey): string {
  if (key === 'openChatUnread') return en.openChat(7).replace('7', '{count}');
  const word = english[key];
  const placeholders = WIDGET_STRINGS[key].placeholders.map((name) => `{${name}}`);
  return typeof word === 'function'
    ? String((word as (...values: string[]) => unknown)(...placeholders))
    : String(word);
}

/**
 * The Widget words page of the settings area (issue #85; the widget README, "A site's own words"): per language, each
 * word of the catalogue (`WIDGET_STRINGS`) with the widget's own beside it, and the site's in its field. Saved per
 * language (`PUT /v1/admin/widget-strings/{locale}`); a refusal about a key is shown beside its field, and focused.
 * Agents read it; only admins change it (the relay answers 403).
 *
 * @summary The site's own words in its chat widget, per language.
 * @tag chat-admin-widget-strings
 */
export class ChatAdminWidgetStrings extends AdminPage {
  static override styles = [
    pageStyles,
    css`
      .saved-locales {
        display: flex;
        flex-wrap: wrap;
        gap: 6px;
        align-items: center;
        margin: 0;
      }
      fieldset.group {
        display: grid;
        gap: 14px;
        min-width: 0;
        margin: 0;
        padding: 0;
        border: 0;
      }
      fieldset.group legend {
        padding: 0;
        margin-block-end: 8px;
        font-size: 15px;
        font-weight: 600;
      }
      .field code {
        font-size: 12px;
      }
      .key {
        font-weight: normal;
        color: var(--_muted);
        font-size: 12px;
      }
      .default {
        overflow-wrap: anywhere;
      }
      button.reset {
        justify-self: start;
      }
      form {
        gap: 24px;
      }
    `,
  ];

  static override properties = {
    ...AdminPage.properties,
    _words: { state: true },
    _locale: { state: true },
    _errors: { state: true },
  };

  declare private _words: WidgetStrings['locales'] | undefined;
  /** The language shown: a tag as the relay saves it (`pt-BR`). */
  declare private _locale: string;
  /** A refusal beside its field, by the field's name (a key, or `locale`). */
  declare private _errors: Partial<Record<string, string>>;

  constructor() {
    super();
    this._locale = 'en';
    this._errors = {};
  }

  get #t(): WidgetStringsPageStrings {
    return this.strings.widgetStringsPage ?? widgetStringsEn;
  }

  /** Who holds `settings.manage` changes the words; the others read them. */
  get #admin(): boolean {
    return holds(this.inbox?.state.me, 'settings.manage');
  }

  protected override async load(api: AdminApi): Promise<void> {
    this._words = (await new WidgetStringsApi(api).get()).locales;
  }

  #onLocale = (event: SubmitEvent): void => {
    event.preventDefault();
    const typed = String(new FormData(event.currentTarget as HTMLFormElement).get('locale') ?? '').trim();
    const locale = widgetStringLocale(typed);
    if (!locale) {
      this._errors = { locale: this.#t.badLocale };
      return;
    }
    this._errors = {};
    this._locale = locale;
  };

  #pick(locale: string): void {
    this._errors = {};
    this._locale = locale;
  }

  /** The words as the form says them: each field with something in it. */
  #read(form: HTMLFormElement): WidgetStringTexts {
    const data = new FormData(form);
    const texts: WidgetStringTexts = {};
    for (const key of KEYS) {
      const text = String(data.get(key) ?? '');
      if (text.trim() !== '') texts[key] = text;
    }
    return texts;
  }

  #save(form: HTMLFormElement): void {
    if (this.busy || !this.#admin) return;
    const locale = this._locale;
    const texts = this.#read(form);
    this._errors = {};
    void this.run(async (api) => {
      this._words = (await new WidgetStringsApi(api).save(locale, texts)).locales;
    }, this.#t.savedLocale(locale));
  }

  #onSubmit = (event: SubmitEvent): void => {
    event.preventDefault();
    this.#save(event.currentTarget as HTMLFormElement);
  };

  /** Empties the key's field and saves the language without it: the widget's own word again. */
  #reset(key: WidgetStringKey, event: Event): void {
    const form = (event.currentTarget as HTMLElement).closest('form')!;
    const field = form.elements.namedItem(key) as HTMLInputElement | HTMLTextAreaElement | null;
    if (field) field.value = '';
    this.#save(form);
  }

  protected override failed(error: unknown): void {
    const found =
      error instanceof AdminApiError && error.code === 'bad_request'
        ? /^Invalid (?:body\.texts\.([\w.]+)|(locale)): (.*?)\.?$/s.exec(error.message)
        : null;
    if (!found) return super.failed(error);
    const field = found[1] ?? found[2]!;
    this._errors = { [field]: found[3]! };
    // Said beside the field, and the field focused: the save state says nothing more.
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(`[name="${field}"]`)?.focus());
  }

  /** A field's refusal, under it. */
  #error(field: string): TemplateResult | typeof nothing {
    const message = this._errors[field];
    return message ? html`<p class="field-error" id=${`${field}-error`}>${message}</p>` : nothing;
  }

  #field(key: WidgetStringKey, saved: WidgetStringTexts): TemplateResult {
    const t = this.#t;
    const entry = WIDGET_STRINGS[key];
    const id = `word-${key}`;
    const fallback = defaultWord(key);
    const value = saved[key] ?? '';
    const described = [
      `${id}-default`,
      entry.placeholders.length ? `${id}-keep` : '',
      this._errors[key] ? `${key}-error` : '',
    ]
      .filter(Boolean)
      .join(' ');
    const input =
      entry.maxLength > 200
        ? html`<textarea
            id=${id}
            name=${key}
            rows="2"
            maxlength=${entry.maxLength}
            placeholder=${fallback}
            .value=${value}
            aria-invalid=${this._errors[key] ? 'true' : 'false'}
            aria-describedby=${described}
          ></textarea>`
        : html`<input
            id=${id}
            name=${key}
            maxlength=${entry.maxLength}
            placeholder=${fallback}
            .value=${value}
            aria-invalid=${this._errors[key] ? 'true' : 'false'}
            aria-describedby=${described}
          />`;
    return html`<div class="field">
      <label for=${id}>${fallback} <span class="key">(${key})</span></label>
      ${input}
      <p class="help default" id=${`${id}-default`}>${t.defaultIs(fallback)}</p>
      ${
        entry.placeholders.length
          ? html`<p class="help" id=${`${id}-keep`}>
            ${t.keep(entry.placeholders.map((name) => `{${name}}`).join(', '))}
          </p>`
          : nothing
      }
      ${this.#error(key)}
      ${
        value && this.#admin
          ? html`<button type="button" class="secondary reset" ?disabled=${this.busy} @click=${(e: Event) => this.#reset(key, e)}>
            ${t.reset}
          </button>`
          : nothing
      }
    </div>`;
  }

  #form(words: WidgetStrings['locales']) {
    const t = this.#t;
    const saved = (words[this._locale] ?? {}) as WidgetStringTexts;
    const admin = this.#admin;
    const groups = Object.keys(t.groups) as Group[];
    // A form of its own per language: what was typed in another language's fields does not stay.
    return keyed(
      this._locale,
      html`<form data-save="words" @submit=${this.#onSubmit} novalidate>
      ${admin ? nothing : html`<p class="muted">${t.readOnly}</p>`}
      ${groups.map(
        (group) =>
          html`<fieldset class="group" ?disabled=${!admin}>
            <legend>${t.groups[group]}</legend>
            ${KEYS.filter((key) => groupOf(key) === group).map((key) => this.#field(key, saved))}
          </fieldset>`,
      )}
      ${
        admin
          ? html`<div class="actions">
            <button class="primary" type="submit" ?disabled=${this.busy}>${t.save}</button>${this.saveState('words')}
          </div>`
          : nothing
      }
    </form>`,
    );
  }

  protected override render(): TemplateResult {
    const t = this.#t;
    const words = this._words;
    const locales = Object.keys(words ?? {});
    return html`<section class="card" aria-labelledby="words-title">
      <h2 id="words-title">${t.title}</h2>
      <p class="intro">${t.intro}</p>
      ${this.saveState()}
      <form class="locale-row" data-save="locale" @submit=${this.#onLocale} novalidate>
        <div class="field">
          <label for="locale">${t.locale}</label>
          <input
            id="locale"
            name="locale"
            .value=${this._locale}
            autocomplete="off"
            spellcheck="false"
            aria-invalid=${this._errors['locale'] ? 'true' : 'false'}
            aria-describedby=${['locale-help', this._errors['locale'] ? 'locale-error' : ''].filter(Boolean).join(' ')}
          />
          <p class="help" id="locale-help">${t.localeHelp}</p>
          ${this.#error('locale')}
        </div>
        <div class="actions"><button class="secondary" type="submit">${t.show}</button></div>
      </form>
      <p class="saved-locales">
        ${t.saved}
        ${
          locales.length
            ? locales.map(
                (locale) =>
                  html`<button
                  type="button"
                  class="secondary chip"
                  aria-pressed=${locale === this._locale ? 'true' : 'false'}
                  @click=${() => this.#pick(locale)}
                >
                  ${locale}
                </button>`,
              )
            : html`<span class="muted">${t.none}</span>`
        }
      </p>
      ${words ? this.#form(words) : this.error ? nothing : html`<p class="muted">${this.strings.loading}</p>`}
    </section>`;
  }
}

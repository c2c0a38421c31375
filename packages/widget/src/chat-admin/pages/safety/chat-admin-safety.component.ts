import { css, html, nothing, type TemplateResult } from 'lit';
import type { FilterAction, LinkAction, SafetyKind, SafetySettings, SensitiveAction } from '@parley/protocol/admin';
import { AdminApiError, type AdminApi } from '../../admin-api.js';
import { AdminPage } from '../../kit/admin-page.js';
import { pageStyles } from '../../kit/page.styles.js';
import { SafetyApi } from './safety-api.js';
import { safetyEn, type SafetyStrings } from './safety-strings.js';
import { holds } from '../../page-entry.js';
import { guide } from '../../kit/guide.js';

// The protocol's lists, written out: importing its values would bring zod into the page's chunk (types only).
const KINDS: readonly SafetyKind[] = ['card', 'iban', 'ssn', 'secret'];
const SENSITIVE_ACTIONS: readonly SensitiveAction[] = ['redact', 'mask', 'allow'];
const FILTER_ACTIONS: readonly FilterAction[] = ['flag', 'hide', 'refuse'];
const LINK_ACTIONS: readonly LinkAction[] = ['allow', 'flag', 'refuse'];
const PROFANITY = ['en', 'es', 'fr', 'de'] as const;
/** The lists edited one entry per line, by their path in the settings. */
type ListField = 'filter.words' | 'filter.patterns' | 'links.allow' | 'links.flag' | 'links.refuse';
type NumberField = 'spam.repeatLimit' | 'spam.networkLimit' | 'spam.blockHours';

/** A field of the form, by its path in the settings (`filter.patterns`), which is also its input's name. */
type Field = string;

/** A textarea's lines, trimmed, without empty ones. */
function lines(value: FormDataEntryValue | null): string[] {
  return String(value ?? '')
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
}

/**
 * The field a relay refusal is about and what to say beside it: `Invalid body.filter.patterns.2: …` is about the
 * patterns, and their third entry. `undefined`: about the whole form.
 */
function fieldError(
  error: unknown,
  sent: SafetySettings,
  t: SafetyStrings,
): { field: Field; message: string } | undefined {
  if (!(error instanceof AdminApiError) || error.code !== 'bad_request') return undefined;
  const found = /^Invalid body\.([\w.]+): (.*?)\.?$/s.exec(error.message);
  if (!found) return undefined;
  const [section, key, index] = found[1]!.split('.');
  const field = `${section}.${key}`;
  const message = found[2]!;
  if (section === 'sensitive') return { field: `sensitive.${key}`, message };
  const value = (sent as unknown as Record<string, Record<string, unknown>>)[section!]?.[key!];
  if (index !== undefined && Array.isArray(value) && typeof value[Number(index)] === 'string')
    return { field, message: t.lineError(value[Number(index)] as string, message) };
  return { field, message };
}

/**
 * The Safety page of the settings area (issue #39, docs/safety.md): what happens to each kind of sensitive data
 * (redact, mask for agents, allow), the content filter (words, patterns, the built-in profanity lists, its action and
 * refusal message), the link rules by domain, and the spam limits. Saved whole (`PUT /v1/admin/safety`); a refusal
 * about a field is shown beside it, and focused. Agents read it; only admins change it (the relay answers 403).
 *
 * @summary Sensitive data, content filter, link rules and spam limits.
 * @tag chat-admin-safety
 */
export class ChatAdminSafety extends AdminPage {
  static override styles = [
    pageStyles,
    css`
      form {
        gap: 16px;
      }
      .kinds {
        display: grid;
        gap: 10px;
      }
      dl.actions-help {
        display: grid;
        grid-template-columns: max-content 1fr;
        gap: 4px 12px;
        margin: 0;
        font-size: 13px;
      }
      dl.actions-help dt {
        font-size: 13px;
        font-weight: 600;
        color: inherit;
      }
      dl.actions-help dd {
        margin: 0;
        font-weight: normal;
        color: var(--_muted);
      }
      fieldset.sections {
        gap: 24px;
        padding: 0;
        border: 0;
      }
      .sections > section {
        display: grid;
        gap: 10px;
        min-width: 0;
      }
      .sections h3 {
        margin: 0;
        font-size: 15px;
      }
      .domains,
      .numbers {
        display: grid;
        gap: 12px;
      }
      input[type='number'] {
        inline-size: var(--field-short, 8em);
      }
    `,
  ];

  static override properties = {
    ...AdminPage.properties,
    _settings: { state: true },
    _errors: { state: true },
  };

  declare private _settings: SafetySettings | undefined;
  /** A refusal beside its field, by the field's path. */
  declare private _errors: Partial<Record<Field, string>>;

  constructor() {
    super();
    this._errors = {};
  }

  get #t(): SafetyStrings {
    return this.strings.safetyPage ?? safetyEn;
  }

  /** Who holds `settings.manage` changes the settings; the others read them. */
  get #admin(): boolean {
    return holds(this.inbox?.state.me, 'settings.manage');
  }

  protected override async load(api: AdminApi): Promise<void> {
    this._settings = await new SafetyApi(api).get();
  }

  /** The settings as the form says them. */
  #read(form: HTMLFormElement): SafetySettings {
    const data = new FormData(form);
    const text = (name: string): string => String(data.get(name) ?? '');
    const number = (name: string): number => (text(name).trim() === '' ? Number.NaN : Number(text(name)));
    const message = text('filter.message').trim();
    return {
      sensitive: Object.fromEntries(
        KINDS.map((kind) => [kind, text(`sensitive.${kind}`) as SensitiveAction]),
      ) as SafetySettings['sensitive'],
      filter: {
        words: lines(data.get('filter.words')),
        patterns: lines(data.get('filter.patterns')),
        profanity: PROFANITY.filter((locale) => data.getAll('filter.profanity').includes(locale)),
        action: text('filter.action') as FilterAction,
        message: message === '' ? null : message,
      },
      links: {
        allow: lines(data.get('links.allow')),
        flag: lines(data.get('links.flag')),
        refuse: lines(data.get('links.refuse')),
        otherwise: text('links.otherwise') as LinkAction,
      },
      spam: {
        repeatLimit: number('spam.repeatLimit'),
        networkLimit: number('spam.networkLimit'),
        blockHours: number('spam.blockHours'),
      },
    };
  }

  #sent: SafetySettings | undefined;

  #onSubmit = (event: SubmitEvent): void => {
    event.preventDefault();
    if (this.busy || !this.#admin) return;
    const settings = (this.#sent = this.#read(event.currentTarget as HTMLFormElement));
    this._errors = {};
    void this.run(async (api) => {
      this._settings = await new SafetyApi(api).save(settings);
    }, this.#t.saved);
  };

  protected override failed(error: unknown): void {
    const found = this.#sent && fieldError(error, this.#sent, this.#t);
    if (!found) return super.failed(error);
    this._errors = { [found.field]: found.message };
    // Said beside the field, and the field focused: the save state says nothing more.
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(`[name="${found.field}"]`)?.focus());
  }

  /** A field's refusal, under it. */
  #error(field: Field): TemplateResult | typeof nothing {
    const message = this._errors[field];
    return message ? html`<p class="field-error" id=${`${field}-error`}>${message}</p>` : nothing;
  }

  /** The ids a field is described by: its help, and its refusal when it has one. */
  #described(field: Field, help?: string): string {
    return [help, this._errors[field] ? `${field}-error` : undefined].filter(Boolean).join(' ');
  }

  #list(field: ListField, label: string, values: readonly string[], help: string): TemplateResult {
    return html`<div class="field">
      <label for=${field}>${label}</label>
      <textarea
        id=${field}
        name=${field}
        spellcheck="false"
        .value=${values.join('\n')}
        aria-invalid=${this._errors[field] ? 'true' : 'false'}
        aria-describedby=${this.#described(field, help)}
      ></textarea>
      ${this.#error(field)}
    </div>`;
  }

  #number(field: NumberField, label: string, value: number, help: string): TemplateResult {
    const helpId = `${field}-help`;
    return html`<div class="field">
      <label for=${field}>${label}</label>
      <input
        id=${field}
        name=${field}
        type="number"
        step="1"
        inputmode="numeric"
        .value=${String(value)}
        aria-invalid=${this._errors[field] ? 'true' : 'false'}
        aria-describedby=${this.#described(field, helpId)}
      />
      <p class="help" id=${helpId}>${help}</p>
      ${this.#error(field)}
    </div>`;
  }

  /** One choice among `values` (radio buttons), named `field`. */
  #radios<V extends string>(field: Field, values: readonly V[], current: V, label: (value: V) => string) {
    return values.map(
      (value) =>
        html`<label
          ><input type="radio" name=${field} value=${value} .checked=${value === current} />${label(value)}</label
        >`,
    );
  }

  #form(settings: SafetySettings): TemplateResult {
    const t = this.#t;
    const { sensitive, filter, links, spam } = settings;
    const admin = this.#admin;
    return html`<form data-save="safety" @submit=${this.#onSubmit} novalidate>
      ${admin ? nothing : html`<p class="muted" id="safety-read-only">${t.readOnly}</p>`}
      <fieldset ?disabled=${!admin} class="sections">
        <section aria-labelledby="safety-sensitive">
          <h3 id="safety-sensitive">${t.sensitiveTitle}</h3>
          <p class="help">${t.sensitiveIntro}</p>
          <dl class="actions-help" id="safety-sensitive-help">
            ${SENSITIVE_ACTIONS.map(
              (action) => html`<dt>${t.sensitiveActions[action].label}</dt><dd>${t.sensitiveActions[action].help}</dd>`,
            )}
          </dl>
          <div class="kinds">
            ${KINDS.map(
              (kind) =>
                html`<fieldset class="choices kind" aria-describedby="safety-sensitive-help">
                  <legend>${t.kinds[kind]}</legend>
                  ${this.#radios(`sensitive.${kind}`, SENSITIVE_ACTIONS, sensitive[kind], (a) => t.sensitiveActions[a].label)}
                  ${this.#error(`sensitive.${kind}`)}
                </fieldset>`,
            )}
          </div>
        </section>

        <section aria-labelledby="safety-filter">
          <h3 id="safety-filter">${t.filterTitle}</h3>
          <p class="help" id="safety-filter-help">${t.filterIntro}</p>
          ${this.#list('filter.words', t.words, filter.words, 'filter-words-help')}
          <p class="help" id="filter-words-help">${t.wordsHelp}</p>
          ${this.#list('filter.patterns', t.patterns, filter.patterns, 'filter-patterns-help')}
          <p class="help" id="filter-patterns-help">${t.patternsHelp}</p>
          <fieldset class="choices">
            <legend>${t.profanity}</legend>
            ${PROFANITY.map(
              (locale) =>
                html`<label
                  ><input
                    type="checkbox"
                    name="filter.profanity"
                    value=${locale}
                    .checked=${filter.profanity.includes(locale)}
                  />${t.profanityLists[locale]}</label
                >`,
            )}
          </fieldset>
          ${this.#error('filter.profanity')}
          <fieldset class="choices" aria-describedby="filter-action-help">
            <legend>${t.filterAction}</legend>
            ${this.#radios('filter.action', FILTER_ACTIONS, filter.action, (a) => t.filterActions[a].label)}
          </fieldset>
          <dl class="actions-help" id="filter-action-help">
            ${FILTER_ACTIONS.map(
              (action) => html`<dt>${t.filterActions[action].label}</dt><dd>${t.filterActions[action].help}</dd>`,
            )}
          </dl>
          ${this.#error('filter.action')}
          <div class="field">
            <label for="filter.message">${t.refusal}</label>
            <input
              id="filter.message"
              name="filter.message"
              maxlength="300"
              .value=${filter.message ?? ''}
              aria-invalid=${this._errors['filter.message'] ? 'true' : 'false'}
              aria-describedby=${this.#described('filter.message', 'filter-message-help')}
            />
            <p class="help" id="filter-message-help">${t.refusalHelp}</p>
            ${this.#error('filter.message')}
          </div>
        </section>

        <section aria-labelledby="safety-links">
          <h3 id="safety-links">${t.linksTitle}</h3>
          <p class="help">${t.linksIntro}</p>
          <p class="help" id="links-help">${t.domainsHelp}</p>
          <div class="domains">
            ${this.#list('links.allow', t.allowDomains, links.allow, 'links-help')}
            ${this.#list('links.flag', t.flagDomains, links.flag, 'links-help')}
            ${this.#list('links.refuse', t.refuseDomains, links.refuse, 'links-help')}
          </div>
          <fieldset class="choices">
            <legend>${t.otherLinks}</legend>
            ${this.#radios('links.otherwise', LINK_ACTIONS, links.otherwise, (a) => t.linkActions[a])}
          </fieldset>
          ${this.#error('links.otherwise')}
        </section>

        <section aria-labelledby="safety-spam">
          <h3 id="safety-spam">${t.spamTitle}</h3>
          <div class="numbers">
            ${this.#number('spam.repeatLimit', t.repeatLimit, spam.repeatLimit, t.repeatLimitHelp)}
            ${this.#number('spam.networkLimit', t.networkLimit, spam.networkLimit, t.networkLimitHelp)}
            ${this.#number('spam.blockHours', t.blockHours, spam.blockHours, t.blockHoursHelp)}
          </div>
        </section>
      </fieldset>
      ${
        admin
          ? html`<div class="actions">
              <button class="primary" type="submit" ?disabled=${this.busy}>${t.save}</button>${this.saveState('safety')}
            </div>`
          : nothing
      }
    </form>`;
  }

  protected override render(): TemplateResult {
    const t = this.#t;
    const settings = this._settings;
    return html`<section class="card" aria-labelledby="safety-title">
      <h2 id="safety-title">${t.title}</h2>
      <p class="intro">${t.intro} ${guide(this.inbox, 'safety', t.guide)}</p>
      ${this.saveState()}
      ${settings ? this.#form(settings) : this.error ? nothing : html`<p class="muted">${this.strings.loading}</p>`}
    </section>`;
  }
}

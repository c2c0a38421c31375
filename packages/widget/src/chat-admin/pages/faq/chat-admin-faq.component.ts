import { css, html, nothing, type TemplateResult } from 'lit';
import type { AdminApi } from '../../admin-api.js';
import type { AutomationsAnswer, FaqEntry, FaqInput, FaqMatch } from '../../admin-types.js';
import { AdminPage } from '../../kit/admin-page.js';
import { pageStyles } from '../../kit/page.styles.js';
import { Confirm } from '../../kit/confirm.js';
import { ListController } from '../../kit/list-controller.js';
import { AutomationsApi } from '../automations/automations-api.js';
import { FaqApi } from './faq-api.js';
import { inboxLocale } from '../../intl-locale.js';

/** The languages offered for an entry (the relay stems these; any other two- or three-letter code goes through the API). */
const LANGUAGES = ['en', 'fr', 'es', 'ar'] as const;

/**
 * The page's texts. Here rather than in `AdminStrings`: they come with the page's own chunk, so the inbox's first
 * load (the shell's budget) carries only the tab's label.
 */
export const faqEn = {
  title: 'FAQ answers',
  intro:
    'The bot answers a visitor’s message that matches an entry well, with “Did this help?” and “Talk to a person”, and suggests up to three entries when the match is weak. It stops in a conversation once a person replies or the visitor asks for one.',
  enabled: 'Answer visitors from the FAQ',
  language: 'Language',
  allLanguages: 'All languages',
  question: 'Question',
  answer: 'Answer',
  phrasings: 'Other ways visitors ask it (one per line)',
  keywords: 'Keywords (separated by commas)',
  add: 'Add an entry',
  edit: 'Edit',
  editing: (question: string) => `Editing “${question}”`,
  save: 'Save',
  cancel: 'Cancel',
  delete: 'Delete',
  confirmDelete: (question: string) => `Delete “${question}”? Its counts go with it.`,
  deleted: 'Deleted.',
  saved: 'Saved.',
  entries: (count: number, max: number) => `${count} of ${max} entries`,
  none: 'No entries yet.',
  counts: (c: FaqEntry['counts']) =>
    `Answered ${c.answered} · helpful ${c.helpful} · passed to a person ${c.escalated}`,
  tryTitle: 'Try a question',
  tryLabel: 'A visitor writes',
  tryButton: 'Try',
  tryAnswer: (question: string) => `The bot answers with “${question}”.`,
  trySuggest: (questions: string[]) => `The bot suggests: ${questions.map((q) => `“${q}”`).join(', ')}.`,
  tryNothing: 'No entry matches: the bot stays silent.',
};

function languageName(language: string): string {
  try {
    return new Intl.DisplayNames(inboxLocale(), { type: 'language' }).of(language) ?? language;
  } catch {
    return language;
  }
}

/** `a, b ,, c` → `['a', 'b', 'c']`; lines likewise with `\n`. */
function list(value: FormDataEntryValue | null, separator: RegExp): string[] {
  return String(value ?? '')
    .split(separator)
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

/**
 * The FAQ page of `<chat-admin>` (admins): the site's entries per language with what visitors made of each
 * (answered, helpful, passed to a person), a form to add or edit one, deletion after a confirmation, FAQ answers
 * turned on or off (the site's automation settings), and a box to try a question against the entries.
 *
 * @summary FAQ entries the bot answers from.
 * @tag chat-admin-faq
 */
export class ChatAdminFaq extends AdminPage {
  static override styles = [
    pageStyles,
    css`
      .entry .answer {
        white-space: pre-wrap;
      }
    `,
  ];

  static override properties = {
    ...AdminPage.properties,
    _max: { state: true },
    _automations: { state: true },
    _language: { state: true },
    _tried: { state: true },
  };

  declare private _max: number;
  declare private _automations: AutomationsAnswer | undefined;
  /** The language shown ('' for all). */
  declare private _language: string;
  declare private _tried: string | undefined;
  /** The page's own texts (English; a host may replace them). */
  texts = faqEn;
  /** The entries, and the one the form edits. */
  readonly #entries = new ListController<FaqEntry>(this);
  /** The entry whose deletion waits for a confirmation. */
  readonly #confirm = new Confirm<FaqEntry>(this);

  constructor() {
    super();
    this._max = 1000;
    this._language = '';
  }

  /** Reads the entries and the automation settings. */
  protected override async load(api: AdminApi): Promise<void> {
    const [faq, automations] = await Promise.all([new FaqApi(api).list(), new AutomationsApi(api).get()]);
    this.#entries.set(faq.items);
    this._max = faq.max;
    this._automations = automations;
  }

  #onToggle = (event: Event): void => {
    const enabled = (event.target as HTMLInputElement).checked;
    void this.run(async (api) => {
      const settings = { ...this._automations!.settings, faq: { enabled } };
      this._automations = await new AutomationsApi(api).save(settings);
    }, this.texts.saved);
  };

  #onSubmit = (event: SubmitEvent): void => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    const input: FaqInput = {
      language: String(data.get('language') ?? 'en'),
      question: String(data.get('question') ?? '').trim(),
      answer: String(data.get('answer') ?? '').trim(),
      phrasings: list(data.get('phrasings'), /\n/),
      keywords: list(data.get('keywords'), /,/),
    };
    const editing = this.#entries.editing;
    void this.run(async (api) => {
      const faq = new FaqApi(api);
      if (editing) this.#entries.replace(await faq.update(editing.id, input));
      else this.#entries.add(await faq.create(input));
      form.reset();
    }, this.texts.saved);
  };

  #delete(entry: FaqEntry): Promise<boolean> {
    return this.run(async (api) => {
      await new FaqApi(api).delete(entry.id);
      this.#entries.remove(entry.id);
    }, this.texts.deleted);
  }

  #onTry = (event: SubmitEvent): void => {
    event.preventDefault();
    const data = new FormData(event.currentTarget as HTMLFormElement);
    const text = String(data.get('try') ?? '').trim();
    if (!text) return;
    const language = this._language || undefined;
    void this.run(async (api) => {
      this._tried = this.#describe(await new FaqApi(api).try(text, language));
    });
  };

  #describe(match: FaqMatch): string {
    const question = (id: string): string => this.#entries.items?.find((entry) => entry.id === id)?.question ?? id;
    if (match.answer) return this.texts.tryAnswer(question(match.answer.id));
    if (match.suggestions.length > 0) return this.texts.trySuggest(match.suggestions.map(question));
    return this.texts.tryNothing;
  }

  protected override render(): TemplateResult {
    const t = this.texts;
    const entries = this.#entries.items;
    const shown = entries?.filter((entry) => !this._language || entry.language === this._language);
    const languages = [...new Set([...LANGUAGES, ...(entries ?? []).map((entry) => entry.language)])];
    return html`<section class="card" aria-labelledby="faq-title">
        <h2 id="faq-title">${t.title}</h2>
        <p class="intro">${t.intro}</p>
        ${
          this._automations
            ? html`<label
                ><input
                  type="checkbox"
                  name="enabled"
                  .checked=${this._automations.settings.faq?.enabled ?? false}
                  ?disabled=${this.busy}
                  @change=${this.#onToggle}
                />
                ${t.enabled}</label
              >`
            : nothing
        }
        ${this.saveState()}
      </section>
      ${this.#form(languages)}
      <section class="card" aria-labelledby="faq-list-title" data-save="entries">
        <div class="card-head">
          <h2 id="faq-list-title">${entries ? t.entries(entries.length, this._max) : this.strings.loading}</h2>
          <label class="inline"
            >${t.language}
            <select
              name="filter"
              .value=${this._language}
              @change=${(event: Event) => (this._language = (event.target as HTMLSelectElement).value)}
            >
              <option value="">${t.allLanguages}</option>
              ${languages.map(
                (language) =>
                  html`<option value=${language} ?selected=${language === this._language}>
                    ${languageName(language)}
                  </option>`,
              )}
            </select></label
          >
        </div>
        ${this.saveState('entries')}
        ${
          shown && shown.length === 0
            ? html`<p class="muted">${t.none}</p>`
            : html`<ul class="entries items">
                ${(shown ?? []).map((entry) => this.#entry(entry))}
              </ul>`
        }
      </section>
      <section class="card" aria-labelledby="faq-try-title">
        <h2 id="faq-try-title">${t.tryTitle}</h2>
        <form @submit=${this.#onTry}>
          <label for="faq-try">${t.tryLabel}</label>
          <input id="faq-try" name="try" maxlength="4000" />
          <div class="actions"><button class="primary" type="submit" ?disabled=${this.busy}>${t.tryButton}</button></div>
        </form>
        <p class="muted" aria-live="polite">${this._tried ?? ''}</p>
      </section>`;
  }

  #entry(entry: FaqEntry): TemplateResult {
    const t = this.texts;
    return html`<li class="entry item" data-id=${entry.id}>
      <h3 dir="auto">${entry.question}</h3>
      <p class="muted">${languageName(entry.language)} · <span class="counts">${t.counts(entry.counts)}</span></p>
      <p class="answer" dir="auto">${entry.answer}</p>
      <div class="actions">
        ${
          this.#confirm.is(entry)
            ? this.#confirm.render(
                { text: t.confirmDelete(entry.question), ok: t.delete, cancel: t.cancel, busy: this.busy },
                () => this.#delete(entry),
              )
            : html`<button type="button" class="secondary" aria-label=${`${t.edit}: ${entry.question}`} @click=${() => this.#edit(entry)}>
                  ${t.edit}
                </button>
                <button
                  type="button"
                  class="danger"
                  aria-label=${`${t.delete}: ${entry.question}`}
                  @click=${() => this.#confirm.ask(entry, `.entry[data-id="${entry.id}"] button`)}
                >
                  ${t.delete}
                </button>`
        }
      </div>
    </li>`;
  }

  #edit(entry: FaqEntry): void {
    this.#entries.edit(entry);
    this.status = undefined;
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLInputElement>('#faq-question')?.focus());
  }

  #form(languages: readonly string[]): TemplateResult {
    const t = this.texts;
    const editing = this.#entries.editing;
    // Keyed by the entry: the form's fields take the entry's values each time another is edited.
    return html`<section class="card" aria-labelledby="faq-form-title">
      <h2 id="faq-form-title">${editing ? t.editing(editing.question) : t.add}</h2>
      <form @submit=${this.#onSubmit} data-editing=${editing?.id ?? ''} data-save="entry">
        <label for="faq-language">${t.language}</label>
        <select id="faq-language" name="language">
          ${languages.map(
            (language) =>
              html`<option value=${language} ?selected=${(editing?.language ?? (this._language || 'en')) === language}>
                ${languageName(language)}
              </option>`,
          )}
        </select>
        <label for="faq-question">${t.question}</label>
        <input id="faq-question" name="question" required maxlength="300" .value=${editing?.question ?? ''} />
        <label for="faq-answer">${t.answer}</label>
        <textarea id="faq-answer" name="answer" required maxlength="3000" .value=${editing?.answer ?? ''}></textarea>
        <label for="faq-phrasings">${t.phrasings}</label>
        <textarea id="faq-phrasings" name="phrasings" .value=${editing?.phrasings.join('\n') ?? ''}></textarea>
        <label for="faq-keywords">${t.keywords}</label>
        <input id="faq-keywords" name="keywords" .value=${editing?.keywords.join(', ') ?? ''} />
        <div class="actions">
          <button class="primary" type="submit" ?disabled=${this.busy}>${t.save}</button>
          ${editing ? html`<button type="button" class="secondary" @click=${() => this.#entries.edit(null)}>${t.cancel}</button>` : nothing}
          ${this.saveState('entry')}
        </div>
      </form>
    </section>`;
  }
}

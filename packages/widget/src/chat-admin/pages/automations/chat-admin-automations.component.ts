import { css, html, nothing, type TemplateResult } from 'lit';
import type { AdminApi } from '../../admin-api.js';
import type { AdminStrings } from '../../admin-strings.js';
import { automationsEn, type AutomationsStrings } from './automations-strings.js';
import type { AutomationSettings, AutomationsAnswer, Texts } from '../../admin-types.js';
import { longTime } from '../../format.js';
import { AutomationsApi } from './automations-api.js';
import { AdminPage } from '../../kit/admin-page.js';
import { pageStyles } from '../../kit/page.styles.js';
import { inboxLocale } from '../../intl-locale.js';

/** The shell's strings and this page's own. */
type PageStrings = AdminStrings & AutomationsStrings;

/** The languages whose texts the page edits (the relay has built-in texts for these; others go through the API). */
const LANGUAGES = ['en', 'fr', 'es', 'ar'] as const;
/** Monday first, as most desks plan their week; `day` is `Date.getDay()`'s. */
const WEEK = [1, 2, 3, 4, 5, 6, 0] as const;

/** The day's name in the browser's language (Sunday 4 January 2026 is a known Sunday). */
function dayName(day: number): string {
  return new Intl.DateTimeFormat(inboxLocale(), { weekday: 'long', timeZone: 'UTC' }).format(
    Date.UTC(2026, 0, 4 + day),
  );
}

function languageName(language: string): string {
  return new Intl.DisplayNames(inboxLocale(), { type: 'language' }).of(language) ?? language;
}

/**
 * The automations page of `<chat-admin>` (admins): the bot's name, business hours (a span per weekday in the
 * site's time zone, and holidays), the welcome message, the away reply and the rating request, each with its text
 * per language, and how long the chat waits for a reply before it asks a visitor for their email (empty fields take the relay's built-in text, shown as the placeholder). One form, saved as a whole
 * (`PUT /v1/admin/automations`).
 *
 * @summary Business hours, welcome and away messages, ratings.
 * @tag chat-admin-automations
 */
export class ChatAdminAutomations extends AdminPage {
  static override styles = [
    pageStyles,
    css`
      /* A weekday: whether it is open, then its span; on a phone the span goes under the day. */
      .days {
        display: grid;
        grid-template-columns: minmax(12em, max-content) repeat(2, var(--field-short));
        gap: 8px 12px;
        align-items: center;
      }
      @media (max-width: 560px) {
        .days {
          grid-template-columns: repeat(2, minmax(0, var(--field-short)));
        }
        .days > label {
          grid-column: 1 / -1;
        }
      }
      .days > input {
        inline-size: 100%;
      }
      .texts {
        display: grid;
        gap: 8px;
      }
      .texts-title {
        margin-block-start: 8px;
        font-size: 14px;
        text-transform: none;
        letter-spacing: normal;
        color: inherit;
      }
    `,
  ];

  static override properties = {
    ...AdminPage.properties,
    _answer: { state: true },
    _draft: { state: true },
  };

  /** The shell's strings with this page's own (its chunk brings the English ones). */
  get #strings(): PageStrings {
    return { ...this.strings, ...automationsEn, ...this.strings.automationsPage };
  }
  declare private _answer: AutomationsAnswer | undefined;
  /** The settings as edited, saved as a whole. */
  declare private _draft: AutomationSettings | undefined;

  constructor() {
    super();
    this.status = undefined;
    this.busy = false;
  }

  /** Reads the automations. */
  protected override async load(api: AdminApi): Promise<void> {
    this.#take(await new AutomationsApi(api).get());
  }

  #take(answer: AutomationsAnswer): void {
    this._answer = answer;
    this._draft = structuredClone(answer.settings);
  }

  #edit(change: (draft: AutomationSettings) => void): void {
    const draft = structuredClone(this._draft!);
    change(draft);
    this._draft = draft;
    this.status = undefined;
  }

  #onSubmit = async (event: SubmitEvent): Promise<void> => {
    event.preventDefault();
    if (!this.api || !this._draft) return;
    const draft = this._draft;
    await this.run(async (api) => this.#take(await new AutomationsApi(api).save(draft)), this.#strings.saved);
  };

  protected override render(): TemplateResult {
    const s = this.#strings;
    const draft = this._draft;
    return html`<section class="card" aria-labelledby="automations-title">
      <h2 id="automations-title">${s.automationsTitle}</h2>
      <p class="intro">${s.automationsIntro}</p>
      ${this.saveState()} ${draft ? this.#form(draft) : html`<p class="muted">${s.loading}</p>`}
    </section>`;
  }

  #form(draft: AutomationSettings): TemplateResult {
    const s = this.#strings;
    const defaults = this._answer!.defaults;
    const now = this._answer!.now;
    const until = now?.until === undefined ? undefined : longTime(now.until);
    return html`<form data-save="automations" @submit=${this.#onSubmit}>
      <label
        >${s.botName}
        <input
          name="botName"
          required
          maxlength="64"
          .value=${draft.botName}
          @input=${(e: Event) => this.#edit((d) => (d.botName = (e.target as HTMLInputElement).value))}
      /></label>
      ${this.#hours(draft)}
      ${now ? html`<p class="help" data-now>${now.open ? s.openNow(until) : s.closedNow(until)}</p>` : nothing}
      ${this.#automation(s.welcomeTitle, s.welcomeEnabled, draft.welcome, defaults.welcome, 'welcome')}
      ${this.#automation(
        s.awayTitle,
        s.awayEnabled,
        draft.away,
        defaults.away,
        'away',
        s.awayHelp,
        // The texts of a reply by email, in the same group: they are the away reply's too.
        this.#texts(s.awayEmailTexts, draft.away.emailTexts, defaults.awayEmail, 'awayEmail', (d) => d.away.emailTexts),
      )}
      ${this.#automation(s.csatTitle, s.csatEnabled, draft.csat, defaults.csat, 'csat')} ${this.#emailAsk(draft)}
      <div class="actions">
        <button class="primary" type="submit" ?disabled=${this.busy}>${s.save}</button>${this.saveState('automations')}
      </div>
    </form>`;
  }

  #hours(draft: AutomationSettings): TemplateResult {
    const s = this.#strings;
    const hours = draft.hours;
    return html`<fieldset>
      <legend>${s.hoursTitle}</legend>
      <label class="check"
        ><input
          type="checkbox"
          name="hours"
          .checked=${hours !== null}
          @change=${(e: Event) =>
            this.#edit((d) => {
              d.hours = (e.target as HTMLInputElement).checked
                ? {
                    timezone: Intl.DateTimeFormat().resolvedOptions().timeZone,
                    weekly: [1, 2, 3, 4, 5].map((day) => ({ day, open: '09:00', close: '17:00' })),
                    holidays: [],
                  }
                : null;
            })}
        />${s.hoursEnabled}</label
      >
      ${
        hours
          ? html`<label
                >${s.timezone}
                <input
                  name="timezone"
                  required
                  .value=${hours.timezone}
                  @change=${(e: Event) => this.#edit((d) => (d.hours!.timezone = (e.target as HTMLInputElement).value.trim()))}
              /></label>
              <div class="days">
                ${WEEK.map((day) =>
                  this.#day(
                    day,
                    hours.weekly.find((span) => span.day === day),
                  ),
                )}
              </div>
              <label
                >${s.holidays}
                <textarea
                  name="holidays"
                  .value=${hours.holidays.join('\n')}
                  @change=${(e: Event) =>
                    this.#edit(
                      (d) => (d.hours!.holidays = (e.target as HTMLTextAreaElement).value.split(/\s+/).filter(Boolean)),
                    )}
                ></textarea>
              </label>`
          : nothing
      }
    </fieldset>`;
  }

  /** One weekday: open or not, and its span (the API takes several spans a day; this page edits the first). */
  #day(day: number, span: { open: string; close: string } | undefined): TemplateResult {
    const s = this.#strings;
    const name = dayName(day);
    const setSpan = (change: (span: { day: number; open: string; close: string }) => void) =>
      this.#edit((d) => {
        const found = d.hours!.weekly.find((item) => item.day === day);
        if (found) change(found);
      });
    return html`<label class="check"
        ><input
          type="checkbox"
          data-day=${day}
          .checked=${span !== undefined}
          @change=${(e: Event) =>
            this.#edit((d) => {
              const weekly = d.hours!.weekly.filter((item) => item.day !== day);
              if ((e.target as HTMLInputElement).checked) weekly.push({ day, open: '09:00', close: '17:00' });
              d.hours!.weekly = weekly;
            })}
        />${s.openDay(name)}</label
      >
      <input
        type="time"
        aria-label=${`${name}: ${s.opensAt}`}
        ?disabled=${!span}
        .value=${span?.open ?? ''}
        @change=${(e: Event) => setSpan((item) => (item.open = (e.target as HTMLInputElement).value))}
      />
      <input
        type="time"
        aria-label=${`${name}: ${s.closesAt}`}
        ?disabled=${!span}
        .value=${span?.close ?? ''}
        @change=${(e: Event) => setSpan((item) => (item.close = (e.target as HTMLInputElement).value || '24:00'))}
      />`;
  }

  /** When the widget asks a visitor for their email: the wait for a staff reply (empty: the relay's 120 s). */
  #emailAsk(draft: AutomationSettings): TemplateResult {
    const s = this.#strings;
    return html`<fieldset>
      <legend>${s.emailAskTitle}</legend>
      <label
        >${s.emailAskAfter}
        <input
          name="emailAskSeconds"
          type="number"
          inputmode="numeric"
          min="5"
          max="3600"
          step="1"
          placeholder="120"
          aria-describedby="email-ask-help"
          .value=${draft.emailAskSeconds === undefined ? '' : String(draft.emailAskSeconds)}
          @input=${(e: Event) =>
            this.#edit((d) => {
              const value = (e.target as HTMLInputElement).value.trim();
              if (value === '') delete d.emailAskSeconds;
              else d.emailAskSeconds = Number(value);
            })}
      /></label>
      <p class="help" id="email-ask-help">${s.emailAskHelp}</p>
    </fieldset>`;
  }

  #automation(
    title: string,
    enabled: string,
    current: { enabled: boolean; texts: Texts },
    defaults: Texts,
    id: 'welcome' | 'away' | 'csat',
    help?: string,
    more?: TemplateResult,
  ): TemplateResult {
    return html`<fieldset>
      <legend>${title}</legend>
      <label class="check"
        ><input
          type="checkbox"
          name=${id}
          .checked=${current.enabled}
          @change=${(e: Event) => this.#edit((d) => (d[id].enabled = (e.target as HTMLInputElement).checked))}
        />${enabled}</label
      >
      ${help && current.enabled ? html`<p class="help">${help}</p>` : nothing}
      ${current.enabled ? this.#texts(undefined, current.texts, defaults, id, (d) => d[id].texts) : nothing}
      ${current.enabled ? (more ?? nothing) : nothing}
    </fieldset>`;
  }

  /** A text per language; an empty one takes the relay's built-in text, shown as its placeholder. */
  #texts(
    title: string | undefined,
    texts: Texts,
    defaults: Texts,
    id: string,
    select: (draft: AutomationSettings) => Texts,
  ): TemplateResult {
    const s = this.#strings;
    return html`<div class="texts">
      ${title ? html`<h3 class="texts-title">${title}</h3>` : nothing}
      ${LANGUAGES.map(
        (language) =>
          html`<label
            >${s.textIn(languageName(language))}
            <textarea
              name=${`${id}-${language}`}
              dir="auto"
              maxlength="4000"
              placeholder=${defaults[language] ?? ''}
              .value=${texts[language] ?? ''}
              @input=${(e: Event) =>
                this.#edit((d) => {
                  const value = (e.target as HTMLTextAreaElement).value;
                  const own = select(d);
                  if (value.trim()) own[language] = value;
                  else delete own[language];
                })}
            ></textarea>
          </label>`,
      )}
    </div>`;
  }
}

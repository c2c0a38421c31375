import type { CSSResult, TemplateResult, css as litCss, html as litHtml } from 'lit';
import type { WelcomeFrame } from '@parley/protocol';
import type { LocalMessage } from '@parley/sdk';
import type { Strings } from '../i18n/en.js';
import { formControls } from './form-controls.styles.js';
import { closedNotice } from './opening-text.js';
import { sourceItems } from '../shared/source-links.js';

/*
 * The widget's quick-reply buttons and rating form (protocol 2), the articles an AI agent's answer drew on, the wording of "back …" while the site is closed
 * (opening-text.ts), and the mark of a message staff edited or deleted (protocol 3), fetched the first time a
 * conversation shows one:
 * most visitors never see either, and the element's first load stays within its budget (docs/performance.md). It
 * imports nothing at run time but the form controls' rules (form-controls.styles.ts) and the sources' list
 * (shared/source-links.ts), which take no lit of their own: the element hands it lit's
 * `html` and `css`, so the file is templates alone and carries no second copy of lit (the served element is one script; this is `automation-ui.<hash>.js` beside it).
 */

/** What the element passes in: its own lit. */
export interface Lit {
  readonly html: typeof litHtml;
  readonly css: typeof litCss;
}

/** The buttons and the rating form, as templates of the element's lit, and their styles. */
export interface AutomationUi {
  /**
   * The buttons under a message; a click sends the label as the visitor's message, naming the button when it has an
   * id (an FAQ answer's "Talk to a person").
   */
  quickReplies(
    message: LocalMessage,
    s: Strings,
    pick: (label: string, reply?: { seq: number; id: string }) => void,
  ): TemplateResult;
  /**
   * Under a bot's message of the conversation `messages`: the 1–5 rating form (radio buttons: arrow keys move, screen
   * readers say "4 out of 5") and a comment while its rating request waits, or the help-center articles an AI answer
   * drew on (`message.sources`: a labelled list of links opening in a new tab; a source whose address is not `https:`
   * or `http:` is its title alone); nothing otherwise. The element asks only of a rating request or an answer with
   * sources, and this part decides the rest, so its first load carries no more than that test.
   */
  under(
    message: LocalMessage,
    s: Strings,
    messages: readonly LocalMessage[],
    submit: (seq: number, score: number, comment: string) => void,
  ): TemplateResult | undefined;
  readonly styles: CSSResult;
  /** The header's notice while closed: "We're away — back today 9:00 AM" ({@link closedNotice}). */
  closed(hours: WelcomeFrame['hours'], s: Strings, tag: string, now: number): string | undefined;
  /**
   * Beside a message's time: "Edited" when staff edited it, "Message deleted" when they deleted it (its text is then
   * empty, so this is all the row says besides its author and time).
   */
  changed(message: LocalMessage, s: Strings): TemplateResult;
}

/** Whether the rating request `request` still waits for the visitor's answer in `messages`. */
export function ratingPending(request: LocalMessage, messages: readonly LocalMessage[]): boolean {
  return (
    request.automation === 'csat' &&
    request.author.role === 'bot' &&
    request.seq !== undefined &&
    !messages.some((m) => m.rating?.seq === request.seq)
  );
}

/** What this part says, in English: a locale's own strings replace it (the element's first load carries none). */
export const automationEn: Required<
  Pick<
    Strings,
    'closedUntil' | 'quickReplies' | 'rateScore' | 'rateComment' | 'rateSend' | 'edited' | 'deleted' | 'sources'
  >
> = {
  closedUntil: (time) => `We’re away — back ${time}`,
  quickReplies: 'Quick replies',
  rateScore: (score) => `${score} out of 5`,
  rateComment: 'Comment (optional)',
  rateSend: 'Send rating',
  edited: 'Edited',
  deleted: 'Message deleted',
  sources: 'Sources',
};

/** A locale's strings, with this part's English where the locale has none. */
export type AutomationStrings = Strings & typeof automationEn;

/** `s` over this part's English. */
const withEnglish = (s: Strings): AutomationStrings => ({ ...automationEn, ...s }) as AutomationStrings;

/** Builds the parts on the element's lit. */
export function automationUi({ html, css }: Lit): AutomationUi {
  /** The articles an AI answer drew on, under it. */
  const sources = (message: LocalMessage, s: Strings): TemplateResult => {
    // Unique in the element's shadow root: the list is named by its visible heading.
    const id = `sources-${message.clientId}`;
    return html`<div class="sources" part="sources">
        <p class="sources-label" id=${id}>${withEnglish(s).sources}</p>
        <ul aria-labelledby=${id}>
          ${sourceItems(html, message.sources!)}
        </ul>
      </div>`;
  };

  /** The rating form under its request. */
  const rating = (
    request: LocalMessage,
    locale: Strings,
    submit: (seq: number, score: number, comment: string) => void,
  ): TemplateResult => {
    const s = withEnglish(locale);
    const onSubmit = (event: SubmitEvent): void => {
      event.preventDefault();
      const data = new FormData(event.target as HTMLFormElement);
      const score = Number(data.get('score'));
      if (score >= 1 && score <= 5) submit(request.seq!, score, String(data.get('comment') ?? ''));
    };
    return html`<form class="rating" part="rating" @submit=${onSubmit}>
        <fieldset>
          <legend class="sr-only">${request.text}</legend>
          <div class="stars">
            ${[1, 2, 3, 4, 5].map(
              (score) =>
                html`<label class="star" title=${s.rateScore(score)}>
                  <input type="radio" name="score" value=${score} required aria-label=${s.rateScore(score)} />
                  <span aria-hidden="true">★</span>
                </label>`,
            )}
          </div>
        </fieldset>
        <label class="comment">${s.rateComment}<textarea name="comment" rows="2" maxlength="1000"></textarea></label>
        <button class="primary" type="submit">${s.rateSend}</button>
      </form>`;
  };

  return {
    closed: (hours, s, tag, now) => closedNotice(hours, withEnglish(s), tag, now),

    changed: (message, s) => {
      const t = withEnglish(s);
      return html`<span part="changed">${message.deleted ? t.deleted : t.edited}</span>`;
    },

    quickReplies: (message, s, pick) =>
      html`<div class="quick-replies" part="quick-replies" role="group" aria-label=${withEnglish(s).quickReplies}>
        ${message.buttons!.map(
          ({ label, id }) =>
            html`<button type="button" class="quick-reply" part="quick-reply" dir="auto" @click=${() => pick(label, id === undefined || message.seq === undefined ? undefined : { seq: message.seq, id })}>
              ${label}
            </button>`,
        )}
      </div>`,

    under: (message, s, messages, submit) =>
      message.sources?.length
        ? sources(message, s)
        : ratingPending(message, messages)
          ? rating(message, s, submit)
          : undefined,

    styles: css`
      ${formControls(css)}
      .quick-replies {
        display: flex;
        flex-wrap: wrap;
        gap: 6px;
        margin-top: 8px;
      }
      .quick-reply {
        padding: 6px 12px;
        border-radius: 16px;
        border: 1px solid var(--_accent);
        background: transparent;
        color: var(--_fg);
        font: inherit;
        cursor: pointer;
      }
      .quick-reply:hover,
      .quick-reply:focus-visible {
        background: var(--_accent);
        color: var(--_accent-fg);
      }
      .sources {
        margin: 4px 4px 0;
        font-size: 12.5px;
      }
      .sources-label {
        margin: 0;
        color: var(--_muted);
      }
      .sources ul {
        margin: 2px 0 0;
        padding-inline-start: 18px;
      }
      .sources li {
        overflow-wrap: anywhere;
      }
      .sources a {
        color: inherit;
        text-decoration: underline;
      }
      .sources a:focus-visible {
        outline: 2px solid var(--_accent);
        border-radius: 2px;
      }
      .rating {
        display: flex;
        flex-direction: column;
        gap: 8px;
        margin-top: 6px;
        align-self: stretch;
      }
      .rating fieldset {
        margin: 0;
        padding: 0;
        border: 0;
      }
      .stars {
        display: flex;
        gap: 2px;
      }
      .star {
        position: relative;
        font-size: 24px;
        color: var(--_muted);
        cursor: pointer;
      }
      .star input {
        position: absolute;
        opacity: 0;
        inset: 0;
        margin: 0;
      }
      .star:has(input:focus-visible) {
        outline: 2px solid var(--_accent);
        border-radius: 4px;
      }
      .stars:has(.star:nth-child(1) input:checked) .star:nth-child(-n + 1),
      .stars:has(.star:nth-child(2) input:checked) .star:nth-child(-n + 2),
      .stars:has(.star:nth-child(3) input:checked) .star:nth-child(-n + 3),
      .stars:has(.star:nth-child(4) input:checked) .star:nth-child(-n + 4),
      .stars:has(.star:nth-child(5) input:checked) .star:nth-child(-n + 5) {
        color: #f5a623;
      }
    `,
  };
}

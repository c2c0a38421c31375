import { html, nothing, type TemplateResult } from 'lit';
import type { LocalMessage, WelcomeFrame } from '@parley/sdk';
import type { Strings } from '../i18n/en.js';

/*
 * What the widget shows of a site's automations (protocol 2): business hours in the header, quick-reply buttons
 * under a bot's or staff message, and the rating form under a rating request. Template functions of the one
 * <chat-widget> element, in a file of their own.
 */

/** The site's business hours as the visitor's clock reads them now: a change past `until` has happened. */
export function hoursNow(hours: WelcomeFrame['hours'], now: number): WelcomeFrame['hours'] {
  if (!hours || hours.until === undefined || now < hours.until) return hours;
  return { open: !hours.open };
}

/** "We're away — back Monday 9:00 AM", in the visitor's language and time zone; `undefined` while open. */
export function closedNotice(hours: WelcomeFrame['hours'], s: Strings, tag: string): string | undefined {
  if (!hours || hours.open) return undefined;
  if (hours.until === undefined) return s.closed;
  const time = new Intl.DateTimeFormat(tag, { weekday: 'long', hour: 'numeric', minute: '2-digit' }).format(
    hours.until,
  );
  return s.closedUntil(time);
}

/** The labels of the buttons to show: those of the newest message, while nobody has written after it. */
export function quickReplies(messages: readonly LocalMessage[]): LocalMessage | undefined {
  const last = messages.at(-1);
  return last && !last.mine && last.buttons && last.buttons.length > 0 ? last : undefined;
}

/** The buttons under a message; a click sends the label as the visitor's message. */
export function renderQuickReplies(message: LocalMessage, s: Strings, pick: (label: string) => void): TemplateResult {
  return html`<div class="quick-replies" part="quick-replies" role="group" aria-label=${s.quickReplies}>
    ${message.buttons!.map(
      ({ label }) =>
        html`<button type="button" class="quick-reply" part="quick-reply" dir="auto" @click=${() => pick(label)}>
          ${label}
        </button>`,
    )}
  </div>`;
}

/** Whether the rating request `request` still waits for the visitor's answer. */
export function ratingPending(request: LocalMessage, messages: readonly LocalMessage[]): boolean {
  return (
    request.automation === 'csat' &&
    request.author.role === 'bot' &&
    request.seq !== undefined &&
    !messages.some((m) => m.rating?.seq === request.seq)
  );
}

/** The 1–5 rating form (radio buttons: arrow keys move, screen readers say "4 out of 5") and a comment. */
export function renderRating(
  request: LocalMessage,
  s: Strings,
  submit: (seq: number, score: number, comment: string) => void,
): TemplateResult {
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
}

/** The mark beside a bot's name. */
export function botMark(message: LocalMessage, s: Strings): TemplateResult | typeof nothing {
  return message.author.role === 'bot' ? html` <span class="bot-mark" part="bot-mark">${s.bot}</span>` : nothing;
}

import { html, nothing, type TemplateResult } from 'lit';
import type { LocalMessage, WelcomeFrame } from '@parley/sdk';
import type { Strings } from '../i18n/en.js';

/*
 * What the widget shows of a site's automations (protocol 2): business hours in the header (worded by the lazily
 * fetched part, opening-text.ts), which message gets
 * quick-reply buttons, and the bot's mark. The buttons, the rating form (and whether its request still waits) and the
 * articles an AI answer drew on are fetched when first needed (automation-ui.ts).
 */

/** The site's business hours as the visitor's clock reads them now: a change past `until` has happened. */
export function hoursNow(hours: WelcomeFrame['hours'], now: number): WelcomeFrame['hours'] {
  if (!hours || hours.until === undefined || now < hours.until) return hours;
  return { open: !hours.open };
}

/** The labels of the buttons to show: those of the newest message, while nobody has written after it. */
export function quickReplies(messages: readonly LocalMessage[]): LocalMessage | undefined {
  const last = messages.at(-1);
  return last && !last.mine && last.buttons && last.buttons.length > 0 ? last : undefined;
}

/** The mark beside a bot's name. */
export function botMark(message: LocalMessage, s: Strings): TemplateResult | typeof nothing {
  return message.author.role === 'bot' ? html` <span class="bot-mark" part="bot-mark">${s.bot}</span>` : nothing;
}

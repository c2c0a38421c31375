import { html, nothing, type TemplateResult } from 'lit';
import type { LocalMessage } from '@parley/sdk';
import type { Strings } from '../i18n/en.js';
import { botMark } from './automation-parts.js';
import { linkify } from './linkify.js';

/*
 * The rows of the element's message log: the greeting and each message (author, text with its links, time,
 * status). Templates of the element's lit, with no state of their own: what a row shows besides (its files, a
 * rating form) comes from the element's lazily fetched parts, rendered where the row puts them.
 */

/** A message from the same author within this long of the one before is grouped with it (no second name). */
const GROUP_MS = 5 * 60_000;

/** A message's text, its links made anchors that open in a new tab. */
function richText(text: string): (TemplateResult | string)[] {
  return linkify(text).map((part) =>
    part.kind === 'link'
      ? html`<a href=${part.href} target="_blank" rel="noopener noreferrer">${part.text}</a>`
      : part.text,
  );
}

/** A message's text as its bubble; none for an empty text (a message of files only, or a deleted one). */
const bubble = (text: string): TemplateResult | typeof nothing =>
  text ? html`<p class="bubble" part="bubble" dir="auto">${richText(text)}</p>` : nothing;

/** The greeting shown first, from `bot` (the site's welcome automation) or from the site, named `title`. */
export function welcomeRow(text: string, bot: string | undefined, title: string): TemplateResult {
  return html`<div class="msg theirs ${bot ? 'bot' : ''}" part="message message-theirs">
    <p class="author">${bot ?? title}</p>
    ${bubble(text)}
  </div>`;
}

/**
 * A message of the log, grouped with `previous` when the same author wrote it shortly before; staff without a name
 * are `title` (the site). `files` and `under` (a rating form, or the articles a bot's answer drew on) go under the
 * text; `changed` (staff edited or deleted it) beside the time.
 */
export function messageRow(
  m: LocalMessage,
  previous: LocalMessage | undefined,
  s: Strings,
  tag: string,
  title: string,
  files: unknown,
  under: unknown,
  changed: unknown,
): TemplateResult {
  const grouped =
    previous !== undefined &&
    previous.author.role === m.author.role &&
    previous.author.id === m.author.id &&
    m.ts - previous.ts < GROUP_MS;
  const who = m.mine ? s.you : (m.author.name ?? (m.author.role === 'visitor' ? s.someone : title));
  const side = m.mine ? 'mine' : 'theirs';
  const bot = m.author.role === 'bot';
  return html`<div
    class="msg ${side} ${m.status} ${grouped ? 'grouped' : ''} ${bot ? 'bot' : ''}"
    part="message message-${side}${bot ? ' message-bot' : ''}"
  >
    ${
      grouped || m.mine
        ? html`<span class="sr-only">${who}${botMark(m, s)}:</span>`
        : html`<p class="author">${who}${botMark(m, s)}</p>`
    }
    ${bubble(m.text)}
    ${
      // The site refused it (its content filter, link rules, or a block): the relay's words, beside the bubble.
      m.status === 'failed' && (m.error?.code === 'content_refused' || m.error?.code === 'blocked')
        ? html`<p class="refused" part="refusal" role="alert">${m.error.message}</p>`
        : nothing
    }
    ${files}
    ${under}
    <p class="meta">
      <time datetime=${new Date(m.ts).toISOString()}>${formatTime(m.ts, tag)}</time>
      ${changed}
      ${
        m.mine
          ? html`<span class="status ${m.status}" title=${m.error?.message ?? ''}><span aria-hidden="true">${statusMarks[m.status]}</span> ${s.status[m.status]}</span>`
          : nothing
      }
    </p>
  </div>`;
}

const timeFormats = new Map<string, Intl.DateTimeFormat>();

function formatTime(ts: number, tag: string): string {
  // The date too when it is not today's.
  const dateStyle = new Date(ts).toDateString() === new Date().toDateString() ? undefined : 'medium';
  const key = tag + dateStyle;
  let format = timeFormats.get(key);
  if (!format) timeFormats.set(key, (format = new Intl.DateTimeFormat(tag, { dateStyle, timeStyle: 'short' })));
  return format.format(ts);
}

/** The mark shown before a message's status word (screen readers skip the mark and read the word). */
const statusMarks: Record<LocalMessage['status'], string> = {
  queued: '🕓',
  sending: '…',
  sent: '✓',
  delivered: '✓✓',
  read: '✓✓',
  failed: '!',
};

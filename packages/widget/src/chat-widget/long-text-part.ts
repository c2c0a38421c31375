import type { CSSResult, TemplateResult } from 'lit';
import { MAX_TEXT_LENGTH } from '@parley/protocol';
import { MAX_PARTS, splitText, tooLong } from '../shared/long-text.js';
import type { Strings } from '../i18n/en.js';
import type { Lit } from './automation-ui.js';
import type { ChatClient } from './client-registry.js';
import type { PartsHost } from './parts-host.js';
import type { LongTextStrings } from './long-text-strings.js';

/*
 * The widget's long-text part (issue #81): a message longer than one message holds is said above the composer
 * before it is sent ("Your message is 224,000 characters; one message holds 4,000"), with the ways to send it: in
 * parts (up to ten messages) or as a text file (on a site that takes them). The composer never sends such a text,
 * nor cuts it. Fetched the first time a text passes the limit: the element's first load does not carry it.
 */

/** English, the default. */
export const longTextStringsEn: LongTextStrings = {
  tooLong: (length, max) => `Your message is ${length} characters; one message holds ${max}. It has not been sent.`,
  inParts: (count) => `Send in ${count} messages`,
  asFile: 'Send as a text file',
  shorten: 'Shorten it to send it, or paste it into a file.',
  fileName: 'message.txt',
};

export interface LongTextPart {
  /** The visitor's text as it is now: the note shows while it is longer than a message holds. */
  input(text: string): void;
  /** Whether the note shows. */
  readonly over: boolean;
  /** The note (nothing while the text fits); `lang` formats its numbers. */
  note(s: Strings, lang: string): TemplateResult;
  readonly styles: CSSResult;
}

/**
 * Builds the part on the element's lit, for the element's `client` (it sends the parts) and its files (`attach`
 * adds the text file to those waiting to be sent).
 */
export function longTextPart(
  { html, css }: Lit,
  host: PartsHost,
  client: () => ChatClient | undefined,
  attach: (files: File[]) => void,
): LongTextPart {
  let text = '';
  /**
   * Empties the composer's field as an edit would (its `input` event tells the composer, the safety warning and this
   * part), then focuses it.
   */
  const empty = (): void => {
    const field = host.renderRoot.querySelector<HTMLTextAreaElement>('textarea[name=text]');
    if (!field) return;
    field.value = '';
    field.dispatchEvent(new Event('input', { bubbles: true }));
    field.focus();
  };
  /** Whether the site takes a text file of `bytes` now. */
  const canFile = (bytes: number): boolean => {
    const bound = client();
    const limits = bound?.canAttach ? bound.welcome?.attachments : undefined;
    return Boolean(limits?.types.includes('text/plain') && bytes <= limits.maxBytes);
  };
  return {
    input(next) {
      const was = tooLong(text);
      text = next;
      if (was || tooLong(text)) host.requestUpdate();
    },
    get over() {
      return tooLong(text);
    },
    note(s, lang) {
      if (!tooLong(text)) return html``;
      const t = s.longTextStrings ?? longTextStringsEn;
      const number = (n: number) => n.toLocaleString(lang);
      const parts = splitText(text);
      const trimmed = text.trim();
      const file = canFile(new Blob([trimmed]).size);
      return html`<div class="long-note" part="long-text" role="alert">
        <p>${t.tooLong(number(trimmed.length), number(MAX_TEXT_LENGTH))}</p>
        ${
          parts.length <= MAX_PARTS
            ? html`<button
                type="button"
                @click=${() => {
                  const bound = client();
                  if (!bound) return;
                  empty();
                  for (const part of parts) void bound.send(part);
                }}
              >
                ${t.inParts(parts.length)}
              </button>`
            : ''
        }
        ${
          file
            ? html`<button type="button" @click=${() => {
                attach([new File([trimmed], t.fileName, { type: 'text/plain' })]);
                empty();
              }}>${t.asFile}</button>`
            : ''
        }
        ${parts.length > MAX_PARTS && !file ? html`<p>${t.shorten}</p>` : ''}
      </div>`;
    },
    styles: css`
      .long-note {
        display: flex;
        flex-wrap: wrap;
        gap: 6px;
        align-items: center;
        padding: 8px 16px;
        font-size: 13px;
        color: var(--_banner-fg);
        background: var(--_banner-bg);
      }
      .long-note p {
        flex: 1 0 100%;
        margin: 0;
      }
      .long-note button {
        font: inherit;
        padding: 4px 10px;
        border-radius: 999px;
        border: 1px solid currentColor;
        background: none;
        color: inherit;
        cursor: pointer;
      }
    `,
  };
}

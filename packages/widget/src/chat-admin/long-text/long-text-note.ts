import { css, html, nothing, type TemplateResult } from 'lit';
import { MAX_TEXT_LENGTH } from '@parley/protocol';
import { MAX_PARTS, splitText } from '../../shared/long-text.js';
import { inboxLocale } from '../intl-locale.js';

/*
 * The inbox composer's note of a text longer than a message holds (issue #81): the field no longer cuts a paste at
 * 4,000 characters without a word. The note says how long it is before anything is sent, and offers it in parts (up
 * to ten messages) or as a text file (on a site that takes them); the composer sends none of it until one is chosen.
 */

/** The note's words (a translation: `AdminStrings.longText`). */
export interface LongTextStrings {
  /** `length` characters written, `max` the most a message holds. */
  tooLong: (length: string, max: string) => string;
  inParts: (count: number) => string;
  asFile: string;
  /** Neither way fits (more than ten parts, and the site takes no text file). */
  shorten: string;
  fileName: string;
}

/** English. */
export const longTextEn: LongTextStrings = {
  tooLong: (length, max) => `This message is ${length} characters; one message holds ${max}. Nothing has been sent.`,
  inParts: (count) => `Send in ${count} messages`,
  asFile: 'Attach as a text file',
  shorten: 'Shorten it to send it, or attach it as a file.',
  fileName: 'message.txt',
};

/** What the note's buttons do. */
export interface LongTextActions {
  sendParts(parts: string[]): void;
  /** Attaches `file`; absent when the site takes no text file of its size. */
  attachFile: ((file: File) => void) | undefined;
}

/** The note for `text` (trimmed, longer than a message holds), in the composer above its field. */
export function longTextNote(text: string, t: LongTextStrings, actions: LongTextActions): TemplateResult {
  const parts = splitText(text);
  const number = (n: number) => n.toLocaleString(inboxLocale());
  const attach = actions.attachFile;
  return html`<div class="long-note" role="alert">
    <p>${t.tooLong(number(text.length), number(MAX_TEXT_LENGTH))}</p>
    ${
      parts.length <= MAX_PARTS
        ? html`<button type="button" class="ghost" @click=${() => actions.sendParts(parts)}>
            ${t.inParts(parts.length)}
          </button>`
        : nothing
    }
    ${
      attach
        ? html`<button
            type="button"
            class="ghost"
            @click=${() => attach(new File([text], t.fileName, { type: 'text/plain' }))}
          >
            ${t.asFile}
          </button>`
        : nothing
    }
    ${parts.length > MAX_PARTS && !attach ? html`<p>${t.shorten}</p>` : nothing}
  </div>`;
}

/** The note's rules (added with the composer's). */
export const longTextStyles = css`
  .long-note {
    display: flex;
    flex-wrap: wrap;
    gap: 6px;
    align-items: center;
    padding: 8px 10px;
    border: 1px solid var(--_border);
    border-inline-start: 3px solid var(--_danger);
    border-radius: 8px;
    font-size: 13px;
  }
  .long-note p {
    flex: 1 0 100%;
    margin: 0;
  }
`;

// Its strings in the inbox's (a host's `strings`), added from here: admin-strings.ts imports no feature.
declare module '../admin-strings.js' {
  interface AdminStrings {
    /** The composer's note of a text longer than a message holds (the composer's chunk brings the English ones). */
    longText?: Partial<LongTextStrings>;
  }
}

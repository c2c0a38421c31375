import type { CSSResult, TemplateResult } from 'lit';
import type { Strings } from '../i18n/en.js';
import { EMOJI, gridMove } from '../shared/emoji-data.js';
import type { Lit } from './automation-ui.js';
import type { PartsHost } from './parts-host.js';

/*
 * The composer's emoji picker (issue #36), fetched on the first click of its button: most visitors never open it,
 * and the element's first load stays within its budget. The button and, while open, a grid of common emoji above the
 * composer (the ARIA grid pattern, as the inbox's picker): focus goes to the first on opening; arrows (right and left
 * following the reading direction), Home and End move, Enter, Space or a click inserts at the caret and puts focus
 * back in the message, Escape closes (focus back on the button), and so does focus leaving it. The cells are the
 * emoji alone: screen readers name each in the visitor's language. Like the other parts it imports nothing at run
 * time but its data: the element hands it lit.
 */

/** Emoji per row. */
const COLUMNS = 8;

export interface EmojiPart {
  /** Whether the grid is open (the composer's button says it: `aria-expanded`). */
  readonly open: boolean;
  /** Opens or closes the grid (the composer's button). */
  toggle(): void;
  /** The grid while open, else nothing. */
  grid(s: Strings): TemplateResult | string;
  readonly styles: CSSResult;
}

/** Builds the picker on the element's lit, open at once (the click that fetched it asked for it). */
export function emojiPart({ html, css }: Lit, host: PartsHost): EmojiPart {
  let open = true;
  let active = 0;
  const root = (): ParentNode => host.renderRoot;
  const cells = (): HTMLElement[] => [...root().querySelectorAll<HTMLElement>('.emoji [role=gridcell]')];
  // After the render that shows the grid (asked for here: on the first open, the part's own arrival renders too).
  const focusActive = (): void => {
    host.requestUpdate();
    void host.updateComplete.then(() => cells()[active]?.focus());
  };
  const toggle = (next: boolean, refocus?: boolean): void => {
    if (open === next) return;
    open = next;
    host.requestUpdate();
    if (open) focusActive();
    else if (refocus) void host.updateComplete.then(() => root().querySelector<HTMLElement>('.emoji-button')?.focus());
  };
  focusActive();

  return {
    get open() {
      return open;
    },
    toggle: () => toggle(!open),
    styles: css`
      .composer {
        position: relative;
      }
      .emoji-button[aria-expanded='true'] {
        color: var(--_accent);
      }
      .emoji {
        position: absolute;
        inset-inline: 8px;
        inset-block-end: calc(100% + 4px);
        z-index: 2;
        display: grid;
        grid-template-columns: repeat(${COLUMNS}, 1fr);
        gap: 2px;
        padding: 6px;
        border: 1px solid var(--_border);
        border-radius: 12px;
        background: var(--_bg);
        box-shadow: 0 8px 24px rgb(0 0 0 / 0.18);
      }
      .emoji [role='row'] {
        display: contents;
      }
      .emoji [role='gridcell'] {
        display: grid;
        place-items: center;
        min-height: 36px;
        border-radius: 8px;
        font-size: 22px;
        cursor: pointer;
        user-select: none;
      }
      .emoji [role='gridcell']:hover,
      .emoji [role='gridcell']:focus-visible {
        background: var(--_surface);
        outline: 2px solid var(--_accent);
        outline-offset: -2px;
      }
      .emoji [role='gridcell']:hover {
        outline: 0;
      }
    `,

    grid(s) {
      const pick = (emoji: string): void => {
        const field = root().querySelector<HTMLTextAreaElement>('[part=input]');
        if (field) {
          field.setRangeText(emoji, field.selectionStart, field.selectionEnd, 'end');
          // The composer hears it as typing (the typing signal, and the send button's state).
          field.dispatchEvent(new Event('input', { bubbles: true }));
          field.focus();
        }
        open = false;
        host.requestUpdate();
      };
      const onKeydown = (event: KeyboardEvent): void => {
        const rtl = getComputedStyle(event.currentTarget as Element).direction === 'rtl';
        const to = gridMove(event.key, active, EMOJI.length, COLUMNS, rtl, event.ctrlKey);
        if (to !== undefined) {
          event.preventDefault();
          active = to;
          for (const [index, cell] of cells().entries()) cell.tabIndex = index === active ? 0 : -1;
          cells()[active]?.focus();
        } else if (event.key === 'Enter' || event.key === ' ') {
          event.preventDefault();
          pick(EMOJI[active]![0]);
        } else if (event.key === 'Escape') {
          // The picker closes, not the whole chat.
          event.preventDefault();
          event.stopPropagation();
          toggle(false, true);
        }
      };
      const onFocusout = (event: FocusEvent): void => {
        const next = event.relatedTarget as Node | null;
        const grid = event.currentTarget as Element;
        if (!next || !grid.contains(next)) toggle(false);
      };
      const rows: Array<ReadonlyArray<readonly [string, string]>> = [];
      for (let i = 0; i < EMOJI.length; i += COLUMNS) rows.push(EMOJI.slice(i, i + COLUMNS));
      return open
        ? html`<div
              class="emoji"
              part="emoji-picker"
              role="grid"
              aria-label=${s.emoji}
              @keydown=${onKeydown}
              @focusout=${onFocusout}
            >
              ${rows.map(
                (row, r) =>
                  html`<div role="row">
                    ${row.map(([emoji], c) => {
                      const index = r * COLUMNS + c;
                      return html`<span
                        role="gridcell"
                        tabindex=${index === active ? '0' : '-1'}
                        @click=${() => pick(emoji)}
                        @mousedown=${(event: Event) => event.preventDefault()}
                        @focus=${() => (active = index)}
                        >${emoji}</span
                      >`;
                    })}
                  </div>`,
              )}
            </div>`
        : '';
    },
  };
}

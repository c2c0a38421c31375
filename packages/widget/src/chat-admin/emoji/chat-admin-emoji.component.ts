import { LitElement, html, type TemplateResult } from 'lit';
import { EMOJI, gridMove } from '../../shared/emoji-data.js';
import { emojiStyles } from './emoji.styles.js';

/** Emoji per row of the grid. */
const COLUMNS = 8;

/**
 * The composer's emoji picker, fetched in a chunk of its own on the first click of its button: a grid (the ARIA
 * grid pattern) of common emoji. Focus goes to the first on opening; arrows, Home and End move, Enter or Space (or a
 * click) picks, Escape closes (so does focus leaving it: Tab, a click elsewhere). It only says what happened (`pick`, `close`): the composer inserts the emoji
 * at its caret and puts focus back.
 *
 * @summary The inbox composer's emoji grid.
 * @tag chat-admin-emoji
 */
export class ChatAdminEmoji extends LitElement {
  static override styles = emojiStyles;

  static override properties = {
    label: {},
  };

  /** The grid's accessible name. */
  declare label: string;
  /** Called with the emoji picked. */
  pick: (emoji: string) => void = () => undefined;
  /** Called when it should close without a pick: `true` for Escape (focus goes back to its button), `false` when focus left. */
  close: (refocus: boolean) => void = () => undefined;
  #active = 0;

  constructor() {
    super();
    this.label = 'Emoji';
  }

  /** Moves focus to the current emoji (the first, on opening). */
  override focus(): void {
    void this.updateComplete.then(() => this.#cells()[this.#active]?.focus());
  }

  #cells(): HTMLElement[] {
    return [...this.renderRoot.querySelectorAll<HTMLElement>('[role=gridcell]')];
  }

  #move(to: number): void {
    const cells = this.#cells();
    this.#active = Math.max(0, Math.min(cells.length - 1, to));
    for (const [index, cell] of cells.entries()) cell.tabIndex = index === this.#active ? 0 : -1;
    cells[this.#active]?.focus();
  }

  #onKeydown = (event: KeyboardEvent): void => {
    const at = this.#active;
    const rtl = getComputedStyle(this).direction === 'rtl';
    const to = gridMove(event.key, at, EMOJI.length, COLUMNS, rtl, event.ctrlKey);
    if (to !== undefined) {
      event.preventDefault();
      this.#move(to);
    } else if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      this.pick(EMOJI[at]![0]);
    } else if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      this.close(true);
    }
  };

  #onFocusout = (event: FocusEvent): void => {
    const next = event.relatedTarget as Node | null;
    if (!next || !this.renderRoot.contains(next)) this.close(false);
  };

  protected override render(): TemplateResult {
    const rows: Array<ReadonlyArray<readonly [string, string]>> = [];
    for (let i = 0; i < EMOJI.length; i += COLUMNS) rows.push(EMOJI.slice(i, i + COLUMNS));
    return html`<div role="grid" aria-label=${this.label} @keydown=${this.#onKeydown} @focusout=${this.#onFocusout}>
      ${rows.map(
        (row, r) => html`<div role="row">
          ${row.map(([emoji, name], c) => {
            const index = r * COLUMNS + c;
            return html`<span
              role="gridcell"
              tabindex=${index === this.#active ? '0' : '-1'}
              aria-label=${name}
              @click=${() => this.pick(emoji)}
              @mousedown=${(event: Event) => event.preventDefault()}
              @focus=${() => (this.#active = index)}
              >${emoji}</span
            >`;
          })}
        </div>`,
      )}
    </div>`;
  }
}

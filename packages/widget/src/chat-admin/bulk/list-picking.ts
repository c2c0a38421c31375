import type { InboxController } from '../inbox-controller.js';
import { pick } from './bulk-pick.js';

const ROW = '.list [role=option]';

/**
 * Picking conversations in the list, attached from this chunk so that the inbox's first load carries none of it:
 * a checkbox at the start of each row (its state also the row's `aria-checked`, for screen readers), `x` on a
 * focused row to pick it, Shift+x or Shift+click for a range, Escape to clear. Listens on the shadow root the list
 * renders in (capturing, so a click on a checkbox or a Shift+click does not also open the conversation); the rows
 * are the list's, and only gain what is added here, outside the parts the list renders.
 */
export class ListPicking {
  readonly #inbox: () => InboxController;
  #root: ShadowRoot | undefined;

  constructor(inbox: () => InboxController) {
    this.#inbox = inbox;
  }

  attach(root: ShadowRoot): void {
    this.#root = root;
    root.addEventListener('click', this.#onClick, true);
    root.addEventListener('mousedown', this.#onMousedown, true);
    root.addEventListener('keydown', this.#onKeydown, true);
  }

  detach(): void {
    this.#root?.removeEventListener('click', this.#onClick, true);
    this.#root?.removeEventListener('mousedown', this.#onMousedown, true);
    this.#root?.removeEventListener('keydown', this.#onKeydown, true);
    this.#root = undefined;
  }

  /** Brings the rows' checkboxes and `aria-checked` up to date with what is picked (after the list rendered). */
  sync(): void {
    const picked = this.#inbox().state.picked;
    const list = this.#root?.querySelector('.list');
    list?.setAttribute('aria-keyshortcuts', 'j k x');
    for (const row of this.#root?.querySelectorAll<HTMLElement>(ROW) ?? []) {
      const on = picked?.has(row.id.slice('option-'.length)) ?? false;
      row.setAttribute('aria-checked', String(on));
      const line = row.firstElementChild;
      let box = line?.firstElementChild;
      if (line && !(box instanceof HTMLInputElement)) {
        box = Object.assign(document.createElement('input'), { type: 'checkbox', className: 'pick', tabIndex: -1 });
        box.setAttribute('aria-hidden', 'true');
        line.prepend(box);
      }
      if (box instanceof HTMLInputElement) box.checked = on;
    }
  }

  #onClick = (event: Event): void => {
    if (!(event instanceof MouseEvent)) return;
    const target = event.target as HTMLElement;
    const row = target.closest<HTMLElement>(ROW);
    if (!row || !(event.shiftKey || target.classList.contains('pick'))) return;
    event.stopPropagation();
    pick(this.#inbox(), row.id.slice('option-'.length), event.shiftKey);
    this.sync();
  };

  /** Shift+click picks a range: it does not also select the page's text. */
  #onMousedown = (event: Event): void => {
    if (event instanceof MouseEvent && event.shiftKey && (event.target as HTMLElement).closest(ROW))
      event.preventDefault();
  };

  #onKeydown = (event: Event): void => {
    if (!(event instanceof KeyboardEvent)) return;
    const row = (event.target as HTMLElement).closest<HTMLElement>(ROW);
    if (!row || event.ctrlKey || event.metaKey || event.altKey) return;
    const inbox = this.#inbox();
    if (event.key === 'x' || event.key === 'X') {
      event.preventDefault();
      pick(inbox, row.id.slice('option-'.length), event.shiftKey);
    } else if (event.key === 'Escape' && inbox.state.picked?.size) {
      event.preventDefault();
      inbox.set({ picked: new Set() });
    }
  };
}

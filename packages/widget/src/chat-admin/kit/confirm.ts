import { html, nothing, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';

/** What a confirmation says and offers. */
export interface ConfirmTexts {
  /** The question ("Delete “x”? Its counts go with it."), said as an alert. */
  text: string;
  /** The button that does it ("Delete", "Revoke", "Rotate now"). */
  ok: string;
  cancel: string;
  /** The text's id (for tests and `aria-labelledby`); default `confirm-text`. */
  id?: string;
  /** The page is busy: the button that does it waits. */
  busy?: boolean;
}

type Host = ReactiveControllerHost & { renderRoot: ParentNode; updateComplete: Promise<boolean> };

/**
 * The one way the inbox asks before a delete or another irreversible action. {@link Confirm.ask} names what waits
 * (an item, or `true`); {@link Confirm.render} shows the question where the action's button was (inline, focus on
 * Cancel, Escape cancels) or, with `modal`, in a modal `<dialog>` (Escape and Cancel close it). Either way
 * nothing happens until the person presses the button that does it, and focus goes back where it came from.
 *
 * @example
 * readonly #confirm = new Confirm<FaqEntry>(this);
 * // the Delete button: @click=${() => this.#confirm.ask(entry)}
 * // in its place: this.#confirm.is(entry) ? this.#confirm.render(texts, () => this.#delete(entry)) : buttons
 */
export class Confirm<T = true> implements ReactiveController {
  readonly #host: Host;
  #pending: T | undefined;
  #modal = false;
  /** Where focus goes back to when the question is cancelled: a selector, or the element that asked. */
  #back: string | HTMLElement | undefined;

  constructor(host: Host) {
    this.#host = host;
    host.addController(this);
  }

  hostUpdated(): void {
    const dialog = this.#modal ? this.#host.renderRoot.querySelector<HTMLDialogElement>('dialog.confirm-dialog') : null;
    if (dialog && !dialog.open) dialog.showModal();
  }

  /** What waits for the answer, if anything. */
  get pending(): T | undefined {
    return this.#pending;
  }

  /** Whether `item` waits (by its `id` when it has one). */
  is(item: T): boolean {
    const pending = this.#pending as { id?: unknown } | undefined;
    return (
      pending !== undefined &&
      (pending === item || (pending.id !== undefined && pending.id === (item as { id?: unknown }).id))
    );
  }

  /**
   * Asks about `item`. `back` is where focus returns on Cancel (a selector in the page; by default the element
   * focused now); inline, focus moves to Cancel.
   */
  ask(item: T, back?: string): void {
    this.#pending = item;
    this.#back = back ?? ((this.#host.renderRoot as ShadowRoot).activeElement as HTMLElement | null) ?? undefined;
    this.#host.requestUpdate();
    void this.#host.updateComplete.then(() =>
      this.#modal ? undefined : this.#host.renderRoot.querySelector<HTMLElement>('.confirm .cancel')?.focus(),
    );
  }

  /** Closes the question without doing anything; focus goes back. */
  cancel(): void {
    this.#close();
    const back = this.#back;
    this.#back = undefined;
    void this.#host.updateComplete.then(() =>
      (typeof back === 'string'
        ? this.#host.renderRoot.querySelector<HTMLElement>(back)
        : back?.isConnected
          ? back
          : null
      )?.focus(),
    );
  }

  #close(): void {
    this.#pending = undefined;
    this.#host.requestUpdate();
  }

  #onKey = (event: KeyboardEvent): void => {
    if (event.key !== 'Escape') return;
    event.preventDefault();
    this.cancel();
  };

  /**
   * The question, when something waits (otherwise nothing): `run` is called with it when the person confirms; the
   * question closes first, so the page's own busy state and messages say the outcome.
   */
  render(
    texts: ConfirmTexts,
    run: (item: T) => unknown,
    options: { modal?: boolean } = {},
  ): TemplateResult | typeof nothing {
    const pending = this.#pending;
    this.#modal = options.modal === true;
    if (pending === undefined) return nothing;
    const id = texts.id ?? 'confirm-text';
    const ok = (): void => {
      this.#close();
      void run(pending);
    };
    return this.#modal
      ? html`<dialog class="confirm-dialog" aria-labelledby=${id} @close=${() => this.#pending !== undefined && this.cancel()}>
          <p id=${id}>${texts.text}</p>
          <form method="dialog" class="row">
            <button value="cancel" class="secondary cancel" autofocus>${texts.cancel}</button>
            <button value="ok" class="primary confirm" ?disabled=${texts.busy} @click=${ok}>${texts.ok}</button>
          </form>
        </dialog>`
      : html`<div class="actions confirm" role="group" aria-labelledby=${id} @keydown=${this.#onKey}>
          <span id=${id} role="alert">${texts.text}</span>
          <button type="button" class="danger ok" ?disabled=${texts.busy} @click=${ok}>${texts.ok}</button>
          <button type="button" class="secondary cancel" @click=${() => this.cancel()}>${texts.cancel}</button>
        </div>`;
  }
}

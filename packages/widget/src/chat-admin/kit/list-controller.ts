import type { ReactiveControllerHost } from 'lit';

/**
 * The items of an add/edit/delete list (saved replies, webhooks, FAQ entries, teams, tokens) and the one being
 * edited: each change re-renders the page. `items` is `undefined` until first set (the page says "Loading…").
 *
 * @example
 * readonly entries = new ListController<FaqEntry>(this);
 * // after a create: this.entries.add(created); after an update: this.entries.replace(changed)
 */
export class ListController<T extends { id: string }> {
  readonly #host: ReactiveControllerHost;
  #items: T[] | undefined;
  #editing: T | null = null;

  constructor(host: ReactiveControllerHost) {
    this.#host = host;
  }

  get items(): T[] | undefined {
    return this.#items;
  }

  /** The item the page's form edits; `null` when the form adds one. */
  get editing(): T | null {
    return this.#editing;
  }

  /** Replaces the whole list (a load). */
  set(items: T[]): void {
    this.#items = items;
    this.#host.requestUpdate();
  }

  /** Adds an item at the end. */
  add(item: T): void {
    this.set([...(this.#items ?? []), item]);
  }

  /** Puts `item` where the item with its id is; the form stops editing it. */
  replace(item: T): void {
    if (this.#editing?.id === item.id) this.#editing = null;
    this.set((this.#items ?? []).map((each) => (each.id === item.id ? item : each)));
  }

  /** Takes the item with `id` out (and out of the form). */
  remove(id: string): void {
    if (this.#editing?.id === id) this.#editing = null;
    this.set((this.#items ?? []).filter((each) => each.id !== id));
  }

  /** Edits `item` in the page's form, or (`null`) goes back to adding one. */
  edit(item: T | null): void {
    this.#editing = item;
    this.#host.requestUpdate();
  }
}

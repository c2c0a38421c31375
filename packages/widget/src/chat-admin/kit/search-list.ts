import { css, html, nothing, type ReactiveControllerHost, type TemplateResult } from 'lit';

/** A page of a list route's answer (`GET /v1/admin/contacts`, `…/companies`): its items and the next page's cursor. */
export interface SearchPage<T> {
  readonly items: readonly T[];
  readonly nextCursor?: string | undefined;
}

/** What a search list needs of its page (an `AdminPage`): it is busy while a page of results loads. */
export interface SearchListHost extends ReactiveControllerHost {
  busy: boolean;
  error: string | undefined;
}

/**
 * The results of a page's search over a list route (contacts, companies): the items shown, the cursor of the next
 * page ("More"), and the query they are of. Each change re-renders the page; `items` is `undefined` until the first
 * answer (the list says "Loading…"). A failed search is handed to `failed` (the page says it) and changes nothing.
 *
 * @example
 * readonly results = new SearchList<Company>(this, (q, cursor) => this.api && new CompaniesApi(this.api).list({ q, cursor }),
 *   (error) => this.say(this.errorText(error), true));
 * // render: searchList(this.results, { name: 'company', list: 'companies', texts, loading, row, open })
 */
export class SearchList<T extends { readonly id: string }> {
  readonly #host: SearchListHost;
  readonly #fetch: (q: string, cursor: string | undefined) => Promise<SearchPage<T>> | undefined;
  readonly #failed: (error: unknown) => void;
  #items: T[] | undefined;
  #next: string | undefined;
  #query = '';

  constructor(
    host: SearchListHost,
    fetch: (q: string, cursor: string | undefined) => Promise<SearchPage<T>> | undefined,
    failed: (error: unknown) => void,
  ) {
    this.#host = host;
    this.#fetch = fetch;
    this.#failed = failed;
  }

  get items(): readonly T[] | undefined {
    return this.#items;
  }

  /** The cursor of the next page, when there is one. */
  get next(): string | undefined {
    return this.#next;
  }

  /** The query the items are of ('' for all). */
  get query(): string {
    return this.#query;
  }

  /**
   * Lists the items matching `q` ('' for all), or (`more`) the next page of the current query's after them. Does
   * nothing while the page cannot search yet (`fetch` gave no request: no API).
   */
  async search(q: string, more = false): Promise<void> {
    const request = this.#fetch(q.trim(), more ? this.#next : undefined);
    if (!request) return;
    const host = this.#host;
    host.busy = true;
    try {
      const page = await request;
      this.#items = more ? [...(this.#items ?? []), ...page.items] : [...page.items];
      this.#next = page.nextCursor;
      this.#query = q;
      host.error = undefined;
    } catch (error) {
      this.#failed(error);
    } finally {
      host.busy = false;
      host.requestUpdate();
    }
  }

  /** Puts `item` where the item with its id is (an edit saved elsewhere on the page). */
  replace(item: T): void {
    this.#items = this.#items?.map((each) => (each.id === item.id ? item : each));
    this.#host.requestUpdate();
  }

  /** Takes the item with `id` out (deleted, erased). */
  remove(id: string): void {
    this.#items = this.#items?.filter((each) => each.id !== id);
    this.#host.requestUpdate();
  }
}

/** The words of a search list, the page's own. */
export interface SearchListTexts {
  /** The field's label and placeholder ("Search contacts"). */
  readonly search: string;
  readonly searchButton: string;
  /** What the field finds, under it. */
  readonly searchHelp: string;
  /** No item matches. */
  readonly none: string;
  /** The next page's button. */
  readonly more: string;
}

/**
 * A search list's markup: a search form (`#<name>-search`, described by its help), the results as a list of row
 * buttons (`ul.<list>`, each `button.<name>[data-id]`, opening the item), and "More" while there is a next page.
 * Styled by {@link searchListStyles}.
 */
export function searchList<T extends { readonly id: string }>(
  results: SearchList<T>,
  options: {
    /** An item's kind, for the field's id and the rows' class (`contact`). */
    readonly name: string;
    /** The list's class (`contacts`). */
    readonly list: string;
    readonly texts: SearchListTexts;
    /** The page's "Loading…". */
    readonly loading: string;
    readonly busy: boolean;
    /** A row's content: its name in `<strong>`, then a `.muted` line. */
    readonly row: (item: T) => TemplateResult;
    readonly open: (item: T) => void;
  },
): TemplateResult {
  const { name, texts: t, busy } = options;
  const items = results.items;
  return html`<form
      class="search"
      role="search"
      @submit=${(event: SubmitEvent) => {
        event.preventDefault();
        void results.search(String(new FormData(event.currentTarget as HTMLFormElement).get('q') ?? ''));
      }}
    >
      <label for=${`${name}-search`} class="sr-only">${t.search}</label>
      <input
        id=${`${name}-search`}
        name="q"
        type="search"
        maxlength="200"
        placeholder=${t.search}
        aria-describedby=${`${name}-search-help`}
        .value=${results.query}
      />
      <button type="submit" class="primary" ?disabled=${busy}>${t.searchButton}</button>
    </form>
    <p class="help" id=${`${name}-search-help`}>${t.searchHelp}</p>
    ${
      items === undefined
        ? html`<p class="muted">${options.loading}</p>`
        : items.length === 0
          ? html`<p class="muted">${t.none}</p>`
          : html`<ul class="search-results ${options.list}">
              ${items.map(
                (item) =>
                  html`<li>
                    <button type="button" class=${name} data-id=${item.id} @click=${() => options.open(item)}>
                      ${options.row(item)}
                    </button>
                  </li>`,
              )}
            </ul>`
    }
    ${
      results.next
        ? html`<button type="button" class="secondary more" ?disabled=${busy} @click=${() => void results.search(results.query, true)}>
            ${t.more}
          </button>`
        : nothing
    }`;
}

/** The search list's styles, for a page that shows one ({@link searchList}). */
export const searchListStyles = css`
  form.search {
    display: flex;
    gap: 8px;
    align-items: center;
  }
  form.search input {
    flex: 1;
    min-width: 0;
  }
  ul.search-results {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    gap: 4px;
  }
  /* An item in the list is a row, not one of the kit's buttons: its name alone is bold. */
  ul.search-results > li > button {
    width: 100%;
    text-align: start;
    font-weight: normal;
    display: grid;
    gap: 2px;
    padding: 8px 10px;
    border: 1px solid var(--_border);
    border-radius: 8px;
    background: var(--_raised);
    color: inherit;
  }
  ul.search-results > li > button:hover {
    background: var(--_surface);
  }
`;

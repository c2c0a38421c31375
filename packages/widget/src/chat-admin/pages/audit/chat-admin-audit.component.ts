import { css, html, nothing, type TemplateResult } from 'lit';
import { AuditApi } from './audit-api.js';
import type { AuditEntry, AuditFacets, AuditQuery } from '../../admin-types.js';
import { auditEn, type AuditStrings } from './audit-strings.js';
import { pageStyles } from '../../kit/page.styles.js';
import { AdminPage } from '../../kit/admin-page.js';
import { inboxLocale } from '../../intl-locale.js';

/** Entries per page. */
const PAGE = 50;

/** The start of a `yyyy-mm-dd` day in the browser's time zone (ms), or `undefined` for ''. */
function dayStart(value: string): number | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return undefined;
  return new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3])).getTime();
}

/** An entry's time with its date, always: a log is read across days. */
const stamp = {
  format: (at: number): string =>
    new Intl.DateTimeFormat(inboxLocale(), { dateStyle: 'medium', timeStyle: 'short' }).format(at),
};

/** One detail's value as text: strings as they are, anything else as JSON. */
function detailText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/**
 * The Audit log page of `<chat-admin>` (admins): the site's audit entries, newest first, filtered by staff member,
 * action and a range of days (in the browser's time zone, both ends included), a page at a time, each with its
 * details. Actions are shown by a readable name; the filters offer the actors and actions the log holds.
 *
 * @summary The audit log, filtered and paginated.
 * @tag chat-admin-audit
 */
export class ChatAdminAudit extends AdminPage {
  static override styles = [
    pageStyles,
    css`
      :host {
        max-width: 960px;
      }
      form.filters {
        display: flex;
        flex-wrap: wrap;
        gap: 10px 16px;
        align-items: end;
      }
      th,
      td {
        text-align: start;
        vertical-align: top;
        padding: 6px 8px;
        border-block-end: 1px solid var(--_border);
      }
      td.when {
        white-space: nowrap;
        font-variant-numeric: tabular-nums;
      }
      code {
        font-size: 12px;
        overflow-wrap: anywhere;
      }
      dl.details {
        display: grid;
        grid-template-columns: max-content 1fr;
        gap: 2px 10px;
        margin: 4px 0 0;
      }
      dl.details dt {
        font-size: 12px;
      }
      dl.details dd {
        font-weight: normal;
        overflow-wrap: anywhere;
      }
    `,
  ];

  static override properties = {
    ...AdminPage.properties,
    _items: { state: true },
    _next: { state: true },
    _facets: { state: true },
  };

  declare private _items: AuditEntry[] | undefined;
  declare private _next: string | undefined;
  declare private _facets: AuditFacets | undefined;
  /** The page's own texts (English; a host may replace them). */
  texts: AuditStrings = auditEn;
  /** The filters of the entries shown. */
  #query: AuditQuery = {};

  constructor() {
    super();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.#load({});
    void (this.api && new AuditApi(this.api))?.facets().then(
      (facets) => (this._facets = facets),
      (error: unknown) => this.say(this.errorText(error), true),
    );
  }

  /** Reads the first page for `query`, or the next page of the current one (`more`). */
  async #load(query: AuditQuery, more = false): Promise<void> {
    await this.run(async (api) => {
      const page = await new AuditApi(api).list({
        ...query,
        limit: PAGE,
        ...(more && this._next ? { cursor: this._next } : {}),
      });
      this.#query = query;
      this._items = more ? [...(this._items ?? []), ...page.items] : page.items;
      this._next = page.nextCursor;
    });
  }

  #onFilter = (event: SubmitEvent): void => {
    event.preventDefault();
    const data = new FormData(event.currentTarget as HTMLFormElement);
    const from = dayStart(String(data.get('from') ?? ''));
    const last = dayStart(String(data.get('to') ?? ''));
    // The end day is included: up to the start of the next day (a day may last 23 or 25 hours).
    const to = last === undefined ? undefined : new Date(last).setDate(new Date(last).getDate() + 1);
    if (from !== undefined && to !== undefined && from >= to) {
      this.say(this.texts.badRange, true);
      return;
    }
    const actor = String(data.get('actor') ?? '');
    const action = String(data.get('action') ?? '');
    void this.#load({
      ...(actor ? { actor } : {}),
      ...(action ? { action } : {}),
      ...(from !== undefined ? { from } : {}),
      ...(to !== undefined ? { to } : {}),
    });
  };

  #actionName(action: string): string {
    return this.texts.actions[action] ?? action;
  }

  protected override render(): TemplateResult {
    const t = this.texts;
    const facets = this._facets;
    const items = this._items;
    return html`<section class="card" aria-labelledby="audit-title">
        <h2 id="audit-title">${t.title}</h2>
        <p class="muted">${t.intro}</p>
        <form class="filters inline" aria-label=${t.filters} @submit=${this.#onFilter} @reset=${() => void this.#load({})}>
          <label
            >${t.actor}
            <select name="actor">
              <option value="">${t.anyone}</option>
              ${(facets?.actors ?? []).map((actor) => html`<option value=${actor.id}>${actor.name}</option>`)}
            </select></label
          >
          <label
            >${t.action}
            <select name="action">
              <option value="">${t.anyAction}</option>
              ${(facets?.actions ?? []).map(
                (action) => html`<option value=${action}>${this.#actionName(action)}</option>`,
              )}
            </select></label
          >
          <label>${t.from} <input type="date" name="from" /></label>
          <label>${t.to} <input type="date" name="to" /></label>
          <div class="actions">
            <button class="primary" type="submit" ?disabled=${this.busy}>${t.apply}</button>
            <button type="reset" class="secondary">${t.clear}</button>
          </div>
        </form>
        ${this.saveState()}
      </section>
      <section class="card" aria-labelledby="audit-entries-title" aria-busy=${this.busy ? 'true' : 'false'}>
        <h2 id="audit-entries-title" class="sr-only">${t.title}</h2>
        ${
          items === undefined
            ? html`<p class="muted">${this.strings.loading}</p>`
            : items.length === 0
              ? html`<p class="muted">${t.none}</p>`
              : html`<table class="stack">
                  <thead>
                    <tr>
                      <th scope="col">${t.when}</th>
                      <th scope="col">${t.who}</th>
                      <th scope="col">${t.what}</th>
                      <th scope="col">${t.details}</th>
                    </tr>
                  </thead>
                  <tbody>
                    ${items.map((entry) => this.#row(entry))}
                  </tbody>
                </table>`
        }
        ${
          this._next
            ? html`<button type="button" class="secondary more" ?disabled=${this.busy} @click=${() => void this.#load(this.#query, true)}>
                ${t.more}
              </button>`
            : nothing
        }
      </section>`;
  }

  #row(entry: AuditEntry): TemplateResult {
    const t = this.texts;
    const details = Object.entries(entry.details);
    return html`<tr data-id=${entry.id}>
      <td class="when"><time datetime=${new Date(entry.at).toISOString()}>${stamp.format(entry.at)}</time></td>
      <td class="who" data-label=${t.who} dir="auto">${entry.actorName}</td>
      <td class="what" data-label=${t.what}>
        ${this.#actionName(entry.action)}<br />
        <span class="muted">${t.target} ${entry.targetType} <code>${entry.targetId}</code></span>
      </td>
      <td class="details" data-label=${t.details}>
        ${
          details.length === 0
            ? t.noDetails
            : html`<dl class="details">
                ${details.map(([key, value]) => html`<dt>${key}</dt><dd dir="auto">${detailText(value)}</dd>`)}
              </dl>`
        }
      </td>
    </tr>`;
  }
}

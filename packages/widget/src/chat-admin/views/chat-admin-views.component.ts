import { html, nothing, type TemplateResult } from 'lit';
import type { AttributeDefinition, SavedView, ViewFilter } from '@parley/protocol/admin';
import { AdminRegion } from '../admin-region.js';
import type { InboxCounts, SavedViewId } from '../admin-types.js';
import { errorText } from '../kit/error-text.js';
import { AttributesApi } from '../pages/attributes/attributes-api.js';
import { CompaniesApi } from '../pages/companies/companies-api.js';
import { ViewsApi } from './views-api.js';
import {
  changedCriterion,
  criteriaFieldset,
  criterionFilter,
  criterionOf,
  firstCriterion,
  type Criterion,
} from './view-criteria.js';
import { viewsEn, type ViewsStrings } from './views-strings.js';
import { holds } from '../page-entry.js';

/** How often, at most, the views' counts are read again as the list changes (ms). */
const COUNTS_EVERY_MS = 5_000;

/**
 * The list's saved views, beside Mine / Unassigned / All: a button per view (shared ones marked) with how many
 * conversations it shows, *Save view* (the current filter, named, personal or — admins — shared, in a dialog that
 * edits its criteria), and *Edit* for the view shown (rename, change, delete). Showing a view sets the list's
 * `view` (a saved view's id is a view to the list route); its counts are read again, at most every few seconds, whenever the list is.
 *
 * @summary Saved views of the conversation list.
 * @tag chat-admin-views
 */
export class ChatAdminViews extends AdminRegion {
  static override properties = {
    ...AdminRegion.properties,
    _views: { state: true },
    _editing: { state: true },
    _error: { state: true },
    _busy: { state: true },
    _asking: { state: true },
    _criteria: { state: true },
    _definitions: { state: true },
    _providers: { state: true },
    _companies: { state: true },
  };

  declare private _views: SavedView[];
  /** The view the dialog edits: `new`, or one of {@link _views}; `undefined` while it is closed. */
  declare private _editing: 'new' | SavedView | undefined;
  declare private _error: string | undefined;
  declare private _busy: boolean;
  /** Delete asked, not yet confirmed. */
  declare private _asking: boolean;
  /** The dialog's attribute criteria. */
  declare private _criteria: Criterion[];
  /** The site's custom attributes (archived ones aside), read when the dialog opens. */
  declare private _definitions: AttributeDefinition[];
  /** The relay's messaging providers (`whatsapp`: WhatsApp), channels a view may show, read when the dialog opens. */
  declare private _providers: ReadonlyArray<{ readonly id: string; readonly label: string }>;
  /** The site's latest companies, for the company criterion, read when the dialog opens. */
  declare private _companies: ReadonlyArray<{ readonly id: string; readonly name: string }>;

  #counts: InboxCounts | undefined;
  #readAt = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  /** The button that opened the dialog, focused again when it closes. */
  #opener: HTMLElement | undefined;

  constructor() {
    super();
    this._views = [];
    this._busy = false;
    this._asking = false;
    this._criteria = [];
    this._definitions = [];
    this._providers = [];
    this._companies = [];
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.#timer);
  }

  get #texts(): ViewsStrings {
    return { ...viewsEn, ...this.inbox.strings.savedViews };
  }

  get #api(): ViewsApi | undefined {
    const api = this.inbox.api;
    return api ? new ViewsApi(api) : undefined;
  }

  /** Whether they may make and change shared views (the relay asks for `automations.manage`). */
  get #admin(): boolean {
    return holds(this.inbox.state.me, 'automations.manage');
  }

  protected override willUpdate(changed: Parameters<AdminRegion['willUpdate']>[0]): void {
    super.willUpdate(changed);
    // The list was read again (its counts are a new object): the views' counts follow, at most every few seconds.
    const counts = this.inbox?.state.counts;
    if (counts && counts !== this.#counts && this.inbox.api) {
      this.#counts = counts;
      clearTimeout(this.#timer);
      this.#timer = setTimeout(() => void this.#read(), Math.max(0, this.#readAt + COUNTS_EVERY_MS - Date.now()));
    }
  }

  protected override updated(): void {
    super.updated();
    const dialog = this.querySelector('dialog');
    if (dialog && !dialog.open) dialog.showModal();
  }

  async #read(): Promise<void> {
    this.#readAt = Date.now();
    try {
      this._views = (await this.#api!.list()).items;
    } catch {
      // The views stay as they were; the list says when the relay is away.
    }
  }

  #show(view: SavedView): void {
    const state = this.inbox.state;
    this.inbox.set({
      view: view.id as SavedViewId,
      status: view.filter.status ?? state.status,
      nextCursor: undefined,
      picked: new Set(),
    });
    void this.inbox.list.load();
  }

  /** The filter the list shows now, as a view's: the saved view's, the built-in view's assignee, the status. */
  #currentFilter(): ViewFilter {
    const { view, status } = this.inbox.state;
    const saved = this._views.find((each) => each.id === view);
    if (saved) return { ...saved.filter, status };
    return {
      status,
      ...(view === 'mine' && { assignee: 'me' }),
      ...(view === 'unassigned' && { assignee: 'none' }),
    };
  }

  #open(editing: 'new' | SavedView, event: Event): void {
    this.#opener = event.currentTarget as HTMLElement;
    this._error = undefined;
    this._asking = false;
    const filter = editing === 'new' ? this.#currentFilter() : editing.filter;
    this._criteria = (filter.attributes ?? []).map(criterionOf);
    this._editing = editing;
    void this.#readDefinitions();
    void this.#readProviders();
    void this.#readCompanies();
  }

  async #readCompanies(): Promise<void> {
    const api = this.inbox.api;
    if (!api) return;
    try {
      this._companies = (await new CompaniesApi(api).list({ limit: 100 })).items.map(({ id, name }) => ({ id, name }));
    } catch {
      // None to offer (or the relay is away): a view's own company is still kept, by its id.
    }
  }

  async #readProviders(): Promise<void> {
    try {
      this._providers = ((await this.#api?.channels())?.items ?? []).filter((channel) => channel.id !== channel.kind);
    } catch {
      // None to offer (a relay from before them, or away): the kinds still are, and a view's provider by its id.
    }
  }

  async #readDefinitions(): Promise<void> {
    const api = this.inbox.api;
    if (!api) return;
    try {
      this._definitions = (await new AttributesApi(api).list()).filter((each) => !each.archived);
    } catch {
      // No attributes to offer (or the relay is away): the criteria already kept still show, by their key.
    }
  }

  /** The providers to offer, with a view's own kept by its id when the relay no longer lists it. */
  #providerOptions(current: string | undefined): ReadonlyArray<{ readonly id: string; readonly label: string }> {
    const kinds = ['chat', 'email', 'api'];
    if (current === undefined || kinds.includes(current) || this._providers.some((p) => p.id === current))
      return this._providers;
    return [...this._providers, { id: current, label: current }];
  }

  #close(): void {
    this._editing = undefined;
    this._asking = false;
    this.#opener?.focus();
  }

  async #save(form: HTMLFormElement): Promise<void> {
    const api = this.#api;
    const editing = this._editing;
    if (!api || !editing || this._busy) return;
    const value = (name: string): string =>
      ((form.elements.namedItem(name) as HTMLInputElement | HTMLSelectElement | null)?.value ?? '').trim();
    const labels = value('labels')
      .split(',')
      .map((label) => label.trim())
      .filter(Boolean);
    const filter = {
      ...(value('status') && { status: value('status') }),
      ...(value('assignee') && { assignee: value('assignee') }),
      ...(value('teamId') && { teamId: value('teamId') }),
      ...(labels.length > 0 && { labels }),
      ...(value('channel') && { channel: value('channel') }),
      ...(value('company') && { company: value('company') }),
      ...(this._criteria.length > 0 && { attributes: this._criteria.map(criterionFilter) }),
    } as ViewFilter;
    this._busy = true;
    this._error = undefined;
    try {
      const saved =
        editing === 'new'
          ? await api.create({
              name: value('name'),
              filter,
              shared: (form.elements.namedItem('shared') as HTMLInputElement | null)?.checked ?? false,
            })
          : await api.update(editing.id, { name: value('name'), filter });
      this._editing = undefined;
      await this.#read();
      this.#show(saved);
      this.inbox.focus(`#view-${CSS.escape(saved.id)}`);
    } catch (error) {
      this._error = errorText(error);
    } finally {
      this._busy = false;
    }
  }

  async #delete(view: SavedView): Promise<void> {
    const api = this.#api;
    if (!api || this._busy) return;
    this._busy = true;
    try {
      await api.delete(view.id);
      this._editing = undefined;
      this._asking = false;
      this._views = this._views.filter((each) => each.id !== view.id);
      if (this.inbox.state.view === view.id) this.inbox.list.setView('all');
      this.inbox.focus('.views button[aria-pressed=true]');
    } catch (error) {
      this._error = errorText(error);
    } finally {
      this._busy = false;
    }
  }

  protected override render(): TemplateResult {
    const t = this.#texts;
    const savedView = this.inbox.state.view;
    const shown = this._views.find((view) => view.id === savedView);
    return html`<div class="saved-views" role="group" aria-label=${t.group}>
      ${this._views.map(
        (view) => html`<button
          type="button"
          id=${`view-${view.id}`}
          class="saved-view"
          aria-pressed=${view.id === savedView ? 'true' : 'false'}
          title=${view.shared ? t.sharedMark : t.personalMark}
          @click=${() => this.#show(view)}
        >
          ${view.name}
          ${
            view.shared
              ? html`<span class="view-kind">${t.sharedMark}</span>`
              : html`<span class="sr-only">${t.personalMark}</span>`
          }
          <span class="count">${view.count}</span>
        </button>`,
      )}
      <button type="button" class="view-tool" @click=${(event: Event) => this.#open('new', event)}>
        <span aria-hidden="true">+</span> ${t.save}
      </button>
      ${
        shown && (!shown.shared || this.#admin)
          ? html`<button
            type="button"
            class="view-tool"
            aria-label=${t.edit(shown.name)}
            @click=${(event: Event) => this.#open(shown, event)}
          >
            ✎
          </button>`
          : nothing
      }
      </div>
      ${this._editing ? this.#dialog(t, this._editing) : nothing}`;
  }

  #dialog(t: ViewsStrings, editing: 'new' | SavedView): TemplateResult {
    const s = this.inbox.strings;
    const { staff, teams } = this.inbox.state;
    const filter = editing === 'new' ? this.#currentFilter() : editing.filter;
    const option = (value: string, label: string, current: string | undefined) =>
      html`<option value=${value} ?selected=${value === (current ?? '')}>${label}</option>`;
    return html`<dialog
      aria-labelledby="view-title"
      @cancel=${(event: Event) => {
        event.preventDefault();
        this.#close();
      }}
    >
      <form
        class="view-form"
        @submit=${(event: SubmitEvent) => {
          event.preventDefault();
          void this.#save(event.currentTarget as HTMLFormElement);
        }}
      >
        <h2 id="view-title">${editing === 'new' ? t.newTitle : t.editTitle}</h2>
        <label
          >${t.name}
          <input name="name" required maxlength="60" .value=${editing === 'new' ? '' : editing.name} autofocus />
        </label>
        <div class="grid">
          <label
            >${t.status}
            <select name="status">
              ${option('', t.any, filter.status)}
              ${(['open', 'pending', 'snoozed', 'resolved'] as const).map((each) =>
                option(each, s.statuses[each], filter.status),
              )}
            </select>
          </label>
          <label
            >${t.assignee}
            <select name="assignee">
              ${option('', t.anyone, filter.assignee)} ${option('me', t.me, filter.assignee)}
              ${option('none', t.nobody, filter.assignee)}
              ${staff.map((member) => option(member.id, member.name, filter.assignee))}
            </select>
          </label>
          <label
            >${t.team}
            <select name="teamId">
              ${option('', t.any, filter.teamId)} ${teams.map((team) => option(team.id, team.name, filter.teamId))}
            </select>
          </label>
          <label
            >${t.channel}
            <select name="channel">
              ${option('', t.any, filter.channel)} ${option('chat', t.chat, filter.channel)}
              ${option('email', s.channels.email, filter.channel)} ${option('api', s.channels.api, filter.channel)}
              ${this.#providerOptions(filter.channel).map(({ id, label }) => option(id, label, filter.channel))}
            </select>
          </label>
          <label
            >${t.company}
            <select name="company">
              ${option('', t.any, filter.company)} ${option('none', t.noCompany, filter.company)}
              ${this._companies.map((each) => option(each.id, each.name, filter.company))}
              ${
                filter.company &&
                filter.company !== 'none' &&
                !this._companies.some((each) => each.id === filter.company)
                  ? option(filter.company, filter.company, filter.company)
                  : nothing
              }
            </select>
          </label>
        </div>
        <label
          >${t.labels}
          <input name="labels" maxlength="330" .value=${(filter.labels ?? []).join(', ')} aria-describedby="view-labels-hint" />
          <span id="view-labels-hint" class="hint muted">${t.labelsHint}</span>
        </label>
        ${criteriaFieldset({
          t,
          criteria: this._criteria,
          definitions: this._definitions,
          set: (index, change) =>
            (this._criteria = this._criteria.map((each, at) =>
              at === index ? changedCriterion(each, change, this._definitions) : each,
            )),
          remove: (index) => (this._criteria = this._criteria.filter((_, at) => at !== index)),
          add: () => (this._criteria = [...this._criteria, firstCriterion(this._definitions)]),
        })}
        ${
          editing === 'new' && this.#admin
            ? html`<label class="check"
              ><input type="checkbox" name="shared" aria-describedby="view-shared-hint" /> ${t.shared}
              <span id="view-shared-hint" class="hint muted">${t.sharedHint}</span></label
            >`
            : nothing
        }
        ${this._error ? html`<p class="error" role="alert">${s.error(this._error)}</p>` : nothing}
        ${this._asking && editing !== 'new' ? html`<p role="alert">${t.deleteAsk(editing.name)}</p>` : nothing}
        <div class="actions">
          ${
            editing !== 'new'
              ? html`<button
                type="button"
                class="ghost danger"
                ?disabled=${this._busy}
                @click=${() => (this._asking ? void this.#delete(editing) : (this._asking = true))}
              >
                ${this._asking ? t.confirmDelete : t.delete}
              </button>`
              : nothing
          }
          <button type="button" class="ghost" @click=${() => this.#close()}>${t.cancel}</button>
          <button type="submit" class="primary" ?disabled=${this._busy}>${t.saveButton}</button>
        </div>
      </form>
    </dialog>`;
  }
}

import { html, nothing, type TemplateResult } from 'lit';
import type { BulkChange, BulkOutcome } from '@parley/protocol/admin';
import { AdminRegion } from '../admin-region.js';
import { PRIORITIES } from '../admin-types.js';
import { errorText } from '../kit/error-text.js';
import { BulkApi } from './bulk-api.js';
import { bulkEn, type BulkStrings } from './bulk-strings.js';
import { snoozeTime, snoozeWhen } from '../snooze/snooze-when.js';

export { snoozeTime };

type Change = Omit<BulkChange, 'ids'>;

/** The most conversations *Select all N matching* gathers: fifty pages of the list, then fifty bulk requests. */
export const MATCHING_MAX = 5_000;
/** The list's page size while gathering (the relay's largest). */
const GATHER_PAGE = 100;

/**
 * The list's bulk bar, shown while conversations are picked (`x` on a focused conversation, its checkbox,
 * Shift+click or Shift+x for a range): how many, *Select all in view*, then — when the view holds more than is
 * loaded — *Select all N matching* (every conversation the list's filters match, gathered page by page, up to
 * {@link MATCHING_MAX}), *Resolve*, one change of status, priority, assignee, team or snooze, a label added or
 * removed. One request per change (`POST /v1/admin/conversations/bulk`,
 * in parts of the relay's cap); the outcome is said ("3 resolved, 1 failed: …"), the list is read again, and the
 * pick stays (less those that left the view) until the user clears it: Escape or *Clear*.
 *
 * @summary Bulk actions on the picked conversations.
 * @tag chat-admin-bulk
 */
export class ChatAdminBulk extends AdminRegion {
  static override properties = {
    ...AdminRegion.properties,
    _busy: { state: true },
    _outcome: { state: true },
  };

  declare private _busy: boolean;
  /** What the last change did, said in the bar's live region. */
  declare private _outcome: string | undefined;

  get #texts(): BulkStrings {
    return { ...bulkEn, ...this.inbox.strings.bulk };
  }

  /**
   * Every conversation the list's filters match, when *Select all N matching* gathered them: held while the pick is
   * the one it made (any pick or unpick, or another filter, drops it).
   */
  #matching:
    | {
        readonly picked: ReadonlySet<string>;
        readonly filter: string;
        readonly ids: readonly string[];
        readonly more: boolean;
      }
    | undefined;

  /** The list's filters, as one string. */
  get #filter(): string {
    const { view, status, query } = this.inbox.state;
    return JSON.stringify([view, status, query.trim()]);
  }

  /** The picked conversations: every match gathered, or the picked ones still listed, in the list's order. */
  get #picked(): string[] {
    const { items, picked } = this.inbox.state;
    const matching = this.#matching;
    if (matching && matching.picked === picked && matching.filter === this.#filter) return [...matching.ids];
    this.#matching = undefined;
    return items.filter((item) => picked?.has(item.id)).map((item) => item.id);
  }

  /** How many conversations the list's filters match (the view's count, as the relay counted the last page). */
  get #inView(): number {
    const { view, counts } = this.inbox.state;
    return view.startsWith('vw_') ? counts.all : (counts[view as keyof typeof counts] ?? 0);
  }

  /** Gathers every conversation the list's filters match, page by page, and picks them all. */
  async #pickMatching(): Promise<void> {
    const api = this.inbox.api;
    if (!api || this._busy) return;
    const t = this.#texts;
    const { view, status, query } = this.inbox.state;
    const filter = this.#filter;
    this._busy = true;
    this._outcome = t.gathering;
    const ids: string[] = [];
    let cursor: string | undefined;
    try {
      do {
        const page = await api.conversations({
          view,
          status,
          limit: GATHER_PAGE,
          ...(query.trim() && { q: query.trim() }),
          ...(cursor && { cursor }),
        });
        for (const item of page.items) if (!ids.includes(item.id)) ids.push(item.id);
        cursor = page.nextCursor;
      } while (cursor && ids.length < MATCHING_MAX);
    } catch (error) {
      this._outcome = this.inbox.strings.error(errorText(error));
      this._busy = false;
      return;
    }
    this._busy = false;
    // Another filter while gathering: what was gathered is not the list's any more.
    if (this.#filter !== filter) {
      this._outcome = undefined;
      return;
    }
    const kept = ids.slice(0, MATCHING_MAX);
    const picked = new Set(kept);
    this.#matching = { picked, filter, ids: kept, more: Boolean(cursor) || ids.length > MATCHING_MAX };
    this._outcome = undefined;
    this.inbox.set({ picked });
  }

  #timer: ReturnType<typeof setTimeout> | undefined;

  /** The outcome is said for a while, then goes (the pick stays, so it would otherwise stay beside it for good). */
  #forget(): void {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this._outcome = undefined;
    }, 15_000);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.#timer);
  }

  #clear(): void {
    this._outcome = undefined;
    this.#matching = undefined;
    this.inbox.set({ picked: new Set() });
    this.inbox.focus('.list [role=option][tabindex="0"]');
  }

  async #run(change: Change, what: string): Promise<void> {
    const api = this.inbox.api;
    const ids = this.#picked;
    if (!api || ids.length === 0 || this._busy) return;
    const t = this.#texts;
    this._busy = true;
    this._outcome = t.working;
    let results: BulkOutcome[];
    try {
      results = await new BulkApi(api).change(ids, change);
    } catch (error) {
      this._outcome = this.inbox.strings.error(errorText(error));
      this._busy = false;
      return;
    }
    const failed = results.filter((result) => result.outcome !== 'ok');
    const named = failed
      .slice(0, 3)
      .map((result) => {
        const item = this.inbox.list.find(result.id);
        return `${item ? this.inbox.list.nameOf(item) : result.id} (${result.message ?? result.outcome})`;
      })
      .join('; ');
    const done = t.done(results.length - failed.length, what);
    this._outcome = failed.length
      ? `${done}, ${t.failed(failed.length, failed.length > 3 ? `${named}…` : named)}`
      : done;
    this._busy = false;
    this.#forget();
    // The pick stays until the user clears it: a team assigns, labels and resolves the same conversations one change
    // after another, and picking them again for each was three times the work. The list is read again; those that
    // left the view leave the pick with it (a pick of every match keeps all it gathered: the user chose them all).
    await this.inbox.list.load();
    if (this.#matching && this.#matching.picked === this.inbox.state.picked) return;
    const listed = new Set(this.inbox.state.items.map((item) => item.id));
    this.inbox.set({ picked: new Set(ids.filter((id) => listed.has(id))) });
  }

  #apply(form: HTMLFormElement): void {
    const select = form.elements.namedItem('change') as HTMLSelectElement;
    const [kind, value = ''] = select.value.split(':');
    const option = select.selectedOptions[0]?.textContent?.trim() ?? value;
    const t = this.#texts;
    if (kind === 'status') void this.#run({ status: value as Change['status'] & string }, t.setTo(option));
    else if (kind === 'priority') void this.#run({ priority: value as Change['priority'] & string }, t.setTo(option));
    else if (kind === 'assign')
      void this.#run({ assigneeId: value || null }, value ? t.assignedTo(option) : t.unassigned);
    else if (kind === 'team') void this.#run({ teamId: value || null }, value ? t.movedTo(option) : t.setTo(option));
    else if (kind === 'snooze') void this.#run({ snoozeUntil: snoozeTime(value) }, t.snoozed);
  }

  #label(form: HTMLFormElement, remove: boolean): void {
    const input = form.elements.namedItem('label') as HTMLInputElement;
    const label = input.value.trim();
    if (!label) return input.focus();
    const t = this.#texts;
    void this.#run(
      remove ? { removeLabels: [label] } : { addLabels: [label] },
      remove ? t.unlabelled(label) : t.labelled(label),
    );
  }

  protected override render(): TemplateResult {
    const t = this.#texts;
    const s = this.inbox.strings;
    const { items, staff, teams, nextCursor } = this.inbox.state;
    const picked = this.#picked;
    const matching = this.#matching;
    const inView = this.#inView;
    // Everything loaded is picked, and the view holds more than is loaded: offer the rest.
    const offerMatching =
      !matching && picked.length >= items.length && nextCursor !== undefined && inView > items.length;
    // The outcome stays said once nothing is picked any more; the bar itself only while something is. The keys'
    // hint is read to screen readers and shown as the count's tooltip: on screen it took two lines above the list.
    const said = this._outcome ?? (picked.length ? t.hint : '');
    const status = html`<p
      class=${this._outcome ? 'bulk-outcome muted' : 'bulk-outcome sr-only'}
      role="status"
      ?hidden=${!said}
    >
      ${said}
    </p>`;
    if (picked.length === 0) return status;
    return html`<section
      class="bulk"
      aria-label=${t.bar}
      @keydown=${(event: KeyboardEvent) => {
        if (event.key === 'Escape') {
          event.preventDefault();
          this.#clear();
        }
      }}
    >
      <div class="bulk-row">
        <strong class="bulk-count" title=${t.hint}
          >${matching ? t.pickedMatching(picked.length, matching.more) : t.picked(picked.length)}</strong
        >
        ${
          offerMatching
            ? html`<button type="button" class="ghost" ?disabled=${this._busy} @click=${() => void this.#pickMatching()}>
              ${t.selectMatching(Math.min(inView, MATCHING_MAX))}
            </button>`
            : nothing
        }
        ${
          !matching && picked.length < items.length
            ? html`<button
              type="button"
              class="ghost"
              @click=${() => this.inbox.set({ picked: new Set(items.map((item) => item.id)) })}
            >
              ${t.selectAll(items.length)}
            </button>`
            : nothing
        }
        <button type="button" class="ghost" aria-label=${t.clear} @click=${() => this.#clear()}>${t.clearShort}</button>
      </div>
      <form
        class="bulk-row"
        @submit=${(event: SubmitEvent) => {
          event.preventDefault();
          this.#apply(event.currentTarget as HTMLFormElement);
        }}
      >
        <button
          type="button"
          class="primary"
          ?disabled=${this._busy}
          @click=${() => void this.#run({ status: 'resolved' }, t.resolved)}
        >
          ${t.resolve}
        </button>
        <select name="change" aria-label=${t.action} required>
          <option value="" selected disabled>${t.action}…</option>
          <optgroup label=${t.status}>
            ${(['open', 'pending', 'resolved'] as const).map(
              (status) => html`<option value=${`status:${status}`}>${s.statuses[status]}</option>`,
            )}
          </optgroup>
          <optgroup label=${t.priority}>
            ${PRIORITIES.map((priority) => html`<option value=${`priority:${priority}`}>${s.priorities[priority]}</option>`)}
          </optgroup>
          <optgroup label=${t.assign}>
            ${staff.map((member) => html`<option value=${`assign:${member.id}`}>${member.name}</option>`)}
            <option value="assign:">${t.unassign}</option>
          </optgroup>
          ${
            teams.length
              ? html`<optgroup label=${t.team}>
                ${teams.map((team) => html`<option value=${`team:${team.id}`}>${team.name}</option>`)}
                <option value="team:">${t.noTeam}</option>
              </optgroup>`
              : nothing
          }
          <optgroup label=${t.snooze}>
            <option value="snooze:later">${t.laterToday} (${snoozeWhen('later')})</option>
            <option value="snooze:tomorrow">${t.tomorrow} (${snoozeWhen('tomorrow')})</option>
            <option value="snooze:monday">${t.nextWeek} (${snoozeWhen('monday')})</option>
          </optgroup>
        </select>
        <button type="submit" class="ghost" ?disabled=${this._busy}>${t.apply}</button>
      </form>
      <form
        class="bulk-row"
        @submit=${(event: SubmitEvent) => {
          event.preventDefault();
          this.#label(event.currentTarget as HTMLFormElement, false);
        }}
      >
        <input name="label" type="text" maxlength="64" aria-label=${t.label} placeholder=${t.label} />
        <button type="submit" class="ghost" ?disabled=${this._busy}>${t.addLabel}</button>
        <button
          type="button"
          class="ghost"
          ?disabled=${this._busy}
          @click=${(event: Event) => this.#label((event.currentTarget as HTMLButtonElement).form!, true)}
        >
          ${t.removeLabel}
        </button>
      </form>
      ${status}
    </section>`;
  }
}

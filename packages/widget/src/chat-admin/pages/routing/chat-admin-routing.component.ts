import { html, nothing, type TemplateResult } from 'lit';
import type { AdminApi } from '../../admin-api.js';
import type { AdminStrings } from '../../admin-strings.js';
import {
  AVAILABILITIES,
  type Availability,
  type RoutingAnswer,
  type RoutingSettings,
  type RoutingStaff,
  type Team,
} from '../../admin-types.js';
import { routingEn, type RoutingStrings } from './routing-strings.js';
import { RoutingApi } from './routing-api.js';
import { AdminPage } from '../../kit/admin-page.js';
import { pageStyles } from '../../kit/page.styles.js';

const MODES = ['off', 'round-robin', 'least-open'] as const;

/** A whole number in `min`–`max` from a field, `null` when it is empty, `undefined` when it is not valid. */
function wholeNumber(value: string, min: number, max: number): number | null | undefined {
  if (value.trim() === '') return null;
  const n = Number(value);
  return Number.isInteger(n) && n >= min && n <= max ? n : undefined;
}

/**
 * The routing page of `<chat-admin>` (admins): how new conversations are assigned (off, round-robin, least-open),
 * agents' default capacity, reassignment after minutes offline; each staff member's availability and capacity; the
 * teams and their members (deadlines are the SLA policies' page, `pages/sla/`). The
 * settings are one form, saved as a whole (`PUT /v1/admin/routing`); a staff member's row and a team save alone.
 *
 * @summary Routing mode, capacities, availability, teams.
 * @tag chat-admin-routing
 */
export class ChatAdminRouting extends AdminPage {
  static override styles = pageStyles;

  static override properties = {
    ...AdminPage.properties,
    _answer: { state: true },
    _draft: { state: true },
  };

  declare private _answer: RoutingAnswer | undefined;
  /** The settings as edited, saved as a whole. */
  declare private _draft: RoutingSettings | undefined;

  constructor() {
    super();
  }

  /** Reads the settings, staff and teams again (edits not saved are dropped). */
  protected override async load(api: AdminApi): Promise<void> {
    const answer = await api.routing();
    this._answer = answer;
    this._draft = structuredClone(answer.settings);
  }

  #edit(change: (draft: RoutingSettings) => void): void {
    const draft = structuredClone(this._draft!);
    change(draft);
    this._draft = draft;
  }

  #onSubmit = async (event: SubmitEvent): Promise<void> => {
    event.preventDefault();
    const draft = this._draft;
    if (!this.api || !draft) return;
    await this.run(async () => {
      // The first-reply deadline is the SLA page's default policy: `null` leaves the policies as they are.
      const saved = await new RoutingApi(this.api!).save({ ...draft, sla: null });
      this._answer = { ...this._answer!, settings: saved.settings, updatedAt: saved.updatedAt };
      this._draft = structuredClone(saved.settings);
    }, this.strings.saved);
  };

  async #updateStaff(staff: RoutingStaff, patch: { capacity?: number | null; availability?: Availability }) {
    await this.run(async () => {
      const updated = await new RoutingApi(this.api!).updateStaff(staff.id, patch);
      this._answer = {
        ...this._answer!,
        staff: this._answer!.staff.map((each) => (each.id === updated.id ? updated : each)),
      };
    }, this.strings.saved);
  }

  /** Saves a team's form (name and members); a form without a team id creates one. */
  #onTeam = async (event: SubmitEvent, team: Team | undefined): Promise<void> => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    const body = { name: String(data.get('name') ?? '').trim(), memberIds: data.getAll('member').map(String) };
    if (!body.name) return;
    await this.run(async () => {
      const saved = team
        ? await new RoutingApi(this.api!).saveTeam(team.id, body)
        : await new RoutingApi(this.api!).createTeam(body);
      const teams = this._answer!.teams.filter((each) => each.id !== saved.id);
      this._answer = { ...this._answer!, teams: [...teams, saved] };
      if (!team) form.reset();
    }, this.strings.saved);
  };

  async #deleteTeam(team: Team): Promise<void> {
    await this.run(async () => {
      await new RoutingApi(this.api!).deleteTeam(team.id);
      this._answer = { ...this._answer!, teams: this._answer!.teams.filter((each) => each.id !== team.id) };
    }, this.strings.saved);
  }

  /** The page's strings: the shell's `routingPage`, else English. */
  get #r(): RoutingStrings {
    return this.strings.routingPage ?? routingEn;
  }

  protected override render(): TemplateResult {
    const s = this.strings;
    const r = this.#r;
    const answer = this._answer;
    const draft = this._draft;
    return html`<section class="card" aria-labelledby="routing-title">
        <h2 id="routing-title">${s.routing}</h2>
        <p class="intro">${r.routingIntro}</p>
        ${this.saveState()}
        ${answer && draft ? this.#renderSettings(s, draft) : html`<p class="muted">${s.loading}</p>`}
      </section>
      ${answer && draft ? html`${this.#renderStaff(s, answer)} ${this.#renderTeams(s, answer)}` : nothing}`;
  }

  #renderSettings(s: AdminStrings, draft: RoutingSettings): TemplateResult {
    const r = this.#r;
    return html`<form data-save="settings" @submit=${this.#onSubmit}>
      <label
        >${r.routingMode}
        <select
          name="mode"
          @change=${(e: Event) =>
            this.#edit((d) => (d.mode = (e.currentTarget as HTMLSelectElement).value as RoutingSettings['mode']))}
        >
          ${MODES.map((mode) => html`<option value=${mode} ?selected=${draft.mode === mode}>${r.routingModes[mode]}</option>`)}
        </select>
      </label>
      <label
        >${r.defaultCapacity}
        <input
          name="defaultCapacity"
          type="number"
          min="0"
          max="1000"
          required
          .value=${String(draft.defaultCapacity)}
          @change=${(e: Event) => {
            const n = wholeNumber((e.currentTarget as HTMLInputElement).value, 0, 1000);
            if (typeof n === 'number') this.#edit((d) => (d.defaultCapacity = n));
          }}
      /></label>
      <label
        >${r.reassignAfter}
        <input
          name="reassignAfterMinutes"
          type="number"
          min="1"
          max="10080"
          .value=${draft.reassignAfterMinutes === null ? '' : String(draft.reassignAfterMinutes)}
          @change=${(e: Event) => {
            const n = wholeNumber((e.currentTarget as HTMLInputElement).value, 1, 10_080);
            if (n !== undefined) this.#edit((d) => (d.reassignAfterMinutes = n));
          }}
      /></label>
      <label class="check"
        ><input
          name="assignOnReply"
          type="checkbox"
          .checked=${draft.assignOnReply}
          @change=${(e: Event) => this.#edit((d) => (d.assignOnReply = (e.currentTarget as HTMLInputElement).checked))}
        />${r.assignOnReply}</label
      >
      <p class="muted" data-sla-moved>${r.slaMoved} <a href="#settings/sla">${r.slaLink}</a></p>
      <div class="actions">
        <button type="submit" class="primary" ?disabled=${this.busy}>${s.save}</button>${this.saveState('settings')}
      </div>
    </form>`;
  }

  #renderStaff(s: AdminStrings, answer: RoutingAnswer): TemplateResult {
    const r = this.#r;
    return html`<section class="card" aria-labelledby="staff-title" data-save="staff">
      <div class="card-head"><h2 id="staff-title">${r.staffTitle}</h2>${this.saveState('staff')}</div>
      <div class="table-wrap"><table aria-labelledby="staff-title">
      <thead>
        <tr>
          <th scope="col">${r.staffName}</th>
          <th scope="col">${s.availability}</th>
          <th scope="col">${r.capacity}</th>
          <th scope="col"><span class="sr-only">${s.conversations}</span></th>
        </tr>
      </thead>
      <tbody>
        ${answer.staff.map(
          (staff) => html`<tr data-staff=${staff.id}>
            <th scope="row">${staff.name}</th>
            <td>
              <select
                aria-label=${`${s.availability}: ${staff.name}`}
                @change=${(e: Event) =>
                  void this.#updateStaff(staff, {
                    availability: (e.currentTarget as HTMLSelectElement).value as Availability,
                  })}
              >
                ${AVAILABILITIES.map((a) => html`<option value=${a} ?selected=${staff.availability === a}>${s.availabilities[a]}</option>`)}
              </select>
              ${staff.connected ? nothing : html`<span class="muted">(${s.availabilities.offline})</span>`}
            </td>
            <td>
              <input
                type="number"
                min="0"
                max="1000"
                aria-label=${`${r.capacity}: ${staff.name}`}
                placeholder=${r.capacityDefault(answer.settings.defaultCapacity)}
                .value=${staff.capacity === null ? '' : String(staff.capacity)}
                @change=${(e: Event) => {
                  const n = wholeNumber((e.currentTarget as HTMLInputElement).value, 0, 1000);
                  if (n !== undefined) void this.#updateStaff(staff, { capacity: n });
                }}
              />
            </td>
            <td>${r.openCount(staff.open)}</td>
          </tr>`,
        )}
      </tbody>
    </table></div>
    </section>`;
  }

  #renderTeams(s: AdminStrings, answer: RoutingAnswer): TemplateResult {
    const r = this.#r;
    const form = (
      team: Team | undefined,
    ) => html`<form class="team item" data-team=${team?.id ?? 'new'} data-save=${`team-${team?.id ?? 'new'}`} @submit=${(e: SubmitEvent) => void this.#onTeam(e, team)}>
      <label>${r.teamName} <input name="name" required maxlength="80" .value=${team?.name ?? ''} /></label>
      <fieldset>
        <legend>${r.members}</legend>
        <div class="choices">
          ${answer.staff.map(
            (staff) => html`<label class="check"
              ><input type="checkbox" name="member" value=${staff.id} ?checked=${team?.memberIds.includes(staff.id) ?? false} />${staff.name}</label
            >`,
          )}
        </div>
      </fieldset>
      <div class="actions">
        <button type="submit" class=${team ? 'secondary' : 'primary'} ?disabled=${this.busy}>${team ? s.save : r.addTeam}</button>
        ${team ? html`<button type="button" class="danger" ?disabled=${this.busy} @click=${() => void this.#deleteTeam(team)}>${r.deleteTeam}</button>` : nothing}
        ${this.saveState(`team-${team?.id ?? 'new'}`)}
      </div>
    </form>`;
    return html`<section class="card" aria-labelledby="teams-title">
      <h2 id="teams-title">${r.teams}</h2>
      <div class="items">${answer.teams.map((team) => form(team))} ${form(undefined)}</div>
    </section>`;
  }
}

import { html, nothing, type TemplateResult } from 'lit';
import type { SlaAttainment, SlaChannel, SlaPolicy, SlaPolicyInput } from '@parley/protocol/admin';
import type { AdminApi } from '../../admin-api.js';
import { PRIORITIES, type Priority, type Team } from '../../admin-types.js';
import { AdminPage } from '../../kit/admin-page.js';
import { inboxLocale } from '../../intl-locale.js';
import { Confirm } from '../../kit/confirm.js';
import { ListController } from '../../kit/list-controller.js';
import { pageStyles } from '../../kit/page.styles.js';
import { SlaApi } from './sla-api.js';
import { slaEn, type SlaStrings } from './sla-strings.js';

const TARGETS = ['firstResponse', 'nextResponse', 'resolution'] as const;
type Target = (typeof TARGETS)[number];
const FIELD: Record<Target, 'firstResponseMinutes' | 'nextResponseMinutes' | 'resolutionMinutes'> = {
  firstResponse: 'firstResponseMinutes',
  nextResponse: 'nextResponseMinutes',
  resolution: 'resolutionMinutes',
};
const CHANNELS = ['chat', 'email', 'api'] as const satisfies readonly SlaChannel[];

/** A target as the page shows it: hours when whole, minutes otherwise. */
function shown(minutes: number | null): { value: string; unit: 'minutes' | 'hours' } {
  if (minutes === null) return { value: '', unit: 'minutes' };
  return minutes % 60 === 0
    ? { value: String(minutes / 60), unit: 'hours' }
    : { value: String(minutes), unit: 'minutes' };
}

/**
 * The SLA policies page of `<chat-admin>` (admins, `settings.manage`): the site's policies in the order they are
 * tried, the default last, each with its first-response, next-response and resolution targets (minutes or hours),
 * business hours or every hour, its warning, what a breach does and which conversations it applies to; moved up and
 * down, added, edited and deleted (`/v1/admin/sla/policies`, docs/sla.md).
 *
 * @summary SLA policies: targets, conditions, order.
 * @tag chat-admin-sla
 */
export class ChatAdminSla extends AdminPage {
  static override styles = [pageStyles];

  static override properties = {
    ...AdminPage.properties,
    _teams: { state: true },
    _adding: { state: true },
    _attainment: { state: true },
  };

  readonly #policies = new ListController<SlaPolicy>(this);
  readonly #confirm = new Confirm<SlaPolicy>(this);
  declare private _teams: readonly Team[];
  /** The new policy's form is open. */
  declare private _adding: boolean;
  /** The attainment card's report (`undefined` while it loads, or for a member without `reports.view`). */
  declare private _attainment: SlaAttainment | undefined;

  constructor() {
    super();
    this._teams = [];
    this._adding = false;
  }

  get #t(): SlaStrings {
    return this.strings.slaPage ?? slaEn;
  }

  protected override async load(api: AdminApi): Promise<void> {
    const [list, routing] = await Promise.all([new SlaApi(api).list(), api.routing().catch(() => undefined)]);
    this.#policies.set(list.policies);
    this._teams = routing?.teams ?? [];
    await this.#loadAttainment(api, 'policy');
  }

  /** The attainment card's report, split as asked; a refusal (no `reports.view`) leaves the card out. */
  async #loadAttainment(api: AdminApi, split: SlaAttainment['split']): Promise<void> {
    this._attainment = await new SlaApi(api)
      .attainment(split)
      .catch(() => (this._attainment?.split === split ? this._attainment : undefined));
  }

  #attainmentCard(t: SlaStrings): TemplateResult | typeof nothing {
    const report = this._attainment;
    if (!report) return nothing;
    const percent = (share: number | null): string =>
      share === null ? '–' : new Intl.NumberFormat(inboxLocale(), { style: 'percent' }).format(share);
    return html`<section class="card" aria-labelledby="sla-attainment-title">
      <div class="card-head">
        <h2 id="sla-attainment-title">${t.attainmentTitle}</h2>
        <label class="inline"
          >${t.splitBy}
          <select
            name="split"
            @change=${(e: Event) => {
              if (this.api)
                void this.#loadAttainment(
                  this.api,
                  (e.currentTarget as HTMLSelectElement).value as SlaAttainment['split'],
                );
            }}
          >
            ${(['policy', 'team', 'agent'] as const).map(
              (split) => html`<option value=${split} ?selected=${report.split === split}>${t.splits[split]}</option>`,
            )}
          </select>
        </label>
      </div>
      <p class="intro">${t.attainmentIntro}</p>
      ${
        report.rows.length === 0
          ? html`<p class="muted">${t.noClocks}</p>`
          : html`<div class="table-wrap"><table data-attainment>
              <thead>
                <tr>
                  <th scope="col">${t.splits[report.split]}</th>
                  <th scope="col">${t.target}</th>
                  <th scope="col" class="num">${t.met}</th>
                  <th scope="col" class="num">${t.breached}</th>
                  <th scope="col" class="num">${t.share}</th>
                </tr>
              </thead>
              <tbody>
                ${report.rows.map(
                  (row) => html`<tr>
                    <th scope="row">${row.name ?? t.nobody}</th>
                    <td>${t.targets[row.target]}</td>
                    <td class="num">${row.met}</td>
                    <td class="num">${row.breached}</td>
                    <td class="num">${percent(row.attainment)}</td>
                  </tr>`,
                )}
              </tbody>
            </table></div>`
      }
    </section>`;
  }

  /** The form's policy, or `undefined` (said beside the form) when it keeps no target. */
  #read(form: HTMLFormElement): SlaPolicyInput | undefined {
    const data = new FormData(form);
    const minutes = (target: Target): number | null => {
      const raw = String(data.get(`${target}-value`) ?? '').trim();
      if (raw === '') return null;
      const n = Number(raw) * (data.get(`${target}-unit`) === 'hours' ? 60 : 1);
      return Number.isFinite(n) && n >= 1 ? Math.round(n) : null;
    };
    const labels = String(data.get('labels') ?? '')
      .split(',')
      .map((label) => label.trim())
      .filter(Boolean);
    const priorities = data.getAll('priority').map(String) as Priority[];
    const teamIds = data.getAll('team').map(String);
    const channels = data.getAll('channel').map(String) as SlaChannel[];
    const warn = String(data.get('warn') ?? '').trim();
    const raise = String(data.get('raise') ?? '');
    const body: SlaPolicyInput = {
      name: String(data.get('name') ?? '').trim(),
      firstResponseMinutes: minutes('firstResponse'),
      nextResponseMinutes: minutes('nextResponse'),
      resolutionMinutes: minutes('resolution'),
      businessHours: data.get('businessHours') === 'on',
      warnAtPercent: warn === '' ? null : Number(warn),
      raisePriorityTo: raise === '' ? null : (raise as Priority),
      notifyEmail: data.get('notifyEmail') === 'on',
      match: {
        ...(priorities.length ? { priorities } : {}),
        ...(teamIds.length ? { teamIds } : {}),
        ...(labels.length ? { labels } : {}),
        ...(channels.length ? { channels } : {}),
      },
    };
    if (body.firstResponseMinutes === null && body.nextResponseMinutes === null && body.resolutionMinutes === null)
      return undefined;
    return body;
  }

  #onSubmit = async (event: SubmitEvent, policy: SlaPolicy | undefined): Promise<void> => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const body = this.#read(form);
    if (!body) {
      this.say(this.#t.noTargetRefused, true);
      return;
    }
    if (!body.name) return;
    await this.run(async (api) => {
      if (policy) {
        this.#policies.replace(await new SlaApi(api).update(policy.id, body));
        this.#policies.edit(null);
      } else {
        await new SlaApi(api).create({ ...body, isDefault: new FormData(form).get('isDefault') === 'on' });
        // A new default moves the old one among the others: read the order again.
        this.#policies.set((await new SlaApi(api).list()).policies);
        this._adding = false;
      }
    }, this.#t.saved);
  };

  async #move(policy: SlaPolicy, by: -1 | 1): Promise<void> {
    const ordered = (this.#policies.items ?? []).filter((each) => !each.isDefault).map((each) => each.id);
    const from = ordered.indexOf(policy.id);
    const to = from + by;
    if (from < 0 || to < 0 || to >= ordered.length) return;
    [ordered[from], ordered[to]] = [ordered[to]!, ordered[from]!];
    await this.run(async (api) => this.#policies.set((await new SlaApi(api).order(ordered)).policies), this.#t.saved);
  }

  async #remove(policy: SlaPolicy): Promise<void> {
    await this.run(async (api) => {
      await new SlaApi(api).remove(policy.id);
      this.#policies.remove(policy.id);
    }, this.#t.saved);
  }

  /** What a policy keeps, in a line: its targets and how it counts. */
  #summary(policy: SlaPolicy): string {
    const t = this.#t;
    const parts = TARGETS.flatMap((target) => {
      const minutes = policy[FIELD[target]];
      if (minutes === null) return [];
      const { value, unit } = shown(minutes);
      return [`${t.targets[target]} ${unit === 'hours' ? t.inHours(Number(value)) : t.inMinutes(Number(value))}`];
    });
    return `${parts.join(' · ')} (${policy.businessHours ? t.summaryBusiness : t.summaryCalendar})`;
  }

  #conditions(policy: SlaPolicy): string {
    const t = this.#t;
    if (policy.isDefault) return t.everything;
    const { priorities, teamIds, labels, channels } = policy.match;
    const teams = (teamIds ?? []).map((id) => this._teams.find((team) => team.id === id)?.name ?? id);
    const parts = [
      priorities?.length ? `${t.priorities}: ${priorities.map((p) => this.strings.priorities[p]).join(', ')}` : '',
      teams.length ? `${t.teams}: ${teams.join(', ')}` : '',
      labels?.length ? `${t.labels}: ${labels.join(', ')}` : '',
      channels?.length ? `${t.channels}: ${channels.map((c) => t.channelNames[c]).join(', ')}` : '',
    ].filter(Boolean);
    return parts.length ? parts.join(' · ') : t.everything;
  }

  protected override render(): TemplateResult {
    const t = this.#t;
    const policies = this.#policies.items;
    const others = (policies ?? []).filter((policy) => !policy.isDefault);
    return html`<section class="card" aria-labelledby="sla-title">
        <div class="card-head">
          <h2 id="sla-title">${t.title}</h2>
          ${
            this._adding
              ? nothing
              : html`<button class="secondary" type="button" @click=${() => (this._adding = true)}>${t.add}</button>`
          }
        </div>
        <p class="intro">${t.intro}</p>
        ${this.saveState()}
        ${
          policies === undefined
            ? this.error
              ? nothing
              : html`<p class="muted">${this.strings.loading}</p>`
            : policies.length === 0
              ? html`<p class="muted">${t.none}</p>`
              : html`<ul class="items" aria-label=${t.title}>
                ${policies.map((policy) => {
                  const index = others.indexOf(policy);
                  return html`<li class="item" data-policy=${policy.id}>
                    ${
                      this.#policies.editing?.id === policy.id
                        ? this.#form(policy)
                        : html`<h3>
                            ${policy.name}
                            ${policy.isDefault ? html`<span class="badge">${t.defaultBadge}</span>` : nothing}
                          </h3>
                          <p>${this.#summary(policy)}</p>
                          <p class="muted">${this.#conditions(policy)}</p>
                          ${
                            this.#confirm.is(policy)
                              ? this.#confirm.render(
                                  {
                                    text: t.removeConfirm(policy.name),
                                    ok: t.remove,
                                    cancel: t.cancel,
                                    busy: this.busy,
                                  },
                                  (item) => this.#remove(item),
                                )
                              : html`<div class="actions">
                                ${
                                  policy.isDefault
                                    ? nothing
                                    : html`<button
                                        class="secondary up"
                                        type="button"
                                        aria-label=${t.up(policy.name)}
                                        ?disabled=${this.busy || index === 0}
                                        @click=${() => this.#move(policy, -1)}
                                      >
                                        ↑
                                      </button>
                                      <button
                                        class="secondary down"
                                        type="button"
                                        aria-label=${t.down(policy.name)}
                                        ?disabled=${this.busy || index === others.length - 1}
                                        @click=${() => this.#move(policy, 1)}
                                      >
                                        ↓
                                      </button>`
                                }
                                <button class="secondary edit" type="button" @click=${() => this.#policies.edit(policy)}>
                                  ${t.edit}
                                </button>
                                <button
                                  class="danger delete"
                                  type="button"
                                  @click=${() => this.#confirm.ask(policy, `[data-policy="${policy.id}"] .delete`)}
                                >
                                  ${t.remove}
                                </button>
                              </div>`
                          }`
                    }
                  </li>`;
                })}
              </ul>`
        }
      </section>
      ${
        this._adding
          ? html`<section class="card" aria-labelledby="sla-new-title">
            <h2 id="sla-new-title">${t.addTitle}</h2>
            ${this.#form(undefined)}
          </section>`
          : nothing
      }
      ${this.#attainmentCard(t)}`;
  }

  /** The editor of a policy (`undefined`: a new one). */
  #form(policy: SlaPolicy | undefined): TemplateResult {
    const t = this.#t;
    const key = policy ? `edit-${policy.id}` : 'new';
    const id = (name: string): string => `sla-${key}-${name}`;
    const match = policy?.match ?? {};
    return html`<form data-save=${key} aria-label=${policy ? t.editTitle(policy.name) : t.addTitle} @submit=${(e: SubmitEvent) => this.#onSubmit(e, policy)}>
      <label for=${id('name')}>${t.name}</label>
      <input id=${id('name')} name="name" required maxlength="100" .value=${policy?.name ?? ''} />
      <fieldset>
        <legend>${t.targetsLegend}</legend>
        ${TARGETS.map((target) => {
          const { value, unit } = shown(policy ? policy[FIELD[target]] : null);
          return html`<div class="inline">
            <label for=${id(target)}>${t.targets[target]}</label>
            <input
              id=${id(target)}
              name=${`${target}-value`}
              type="number"
              min="1"
              step="1"
              inputmode="numeric"
              placeholder=${t.noTarget}
              .value=${value}
            />
            <select name=${`${target}-unit`} aria-label=${`${t.targets[target]}: ${t.minutes} / ${t.hours}`}>
              <option value="minutes" ?selected=${unit === 'minutes'}>${t.minutes}</option>
              <option value="hours" ?selected=${unit === 'hours'}>${t.hours}</option>
            </select>
          </div>`;
        })}
      </fieldset>
      <label class="radio"
        ><input type="checkbox" name="businessHours" aria-describedby=${id('hours-help')} .checked=${policy?.businessHours ?? false} />
        ${t.businessHours}</label
      >
      <p class="help" id=${id('hours-help')}>${t.businessHoursHelp}</p>
      <label for=${id('warn')}>${t.warnAt}</label>
      <input
        id=${id('warn')}
        name="warn"
        type="number"
        min="1"
        max="99"
        aria-describedby=${id('warn-help')}
        .value=${policy ? (policy.warnAtPercent === null ? '' : String(policy.warnAtPercent)) : '80'}
      />
      <p class="help" id=${id('warn-help')}>${t.warnAtHelp}</p>
      <label for=${id('raise')}>${t.raiseTo}</label>
      <select id=${id('raise')} name="raise">
        <option value="" ?selected=${!policy?.raisePriorityTo}>${t.raiseNone}</option>
        ${PRIORITIES.filter((p) => p !== 'none').map(
          (p) =>
            html`<option value=${p} ?selected=${policy?.raisePriorityTo === p}>${this.strings.priorities[p]}</option>`,
        )}
      </select>
      <label class="radio"
        ><input type="checkbox" name="notifyEmail" .checked=${policy?.notifyEmail ?? false} /> ${t.notifyEmail}</label
      >
      ${
        policy?.isDefault
          ? nothing
          : html`<fieldset>
            <legend>${t.conditions}</legend>
            <p class="help">${t.conditionsHelp}</p>
            <fieldset class="choices">
              <legend>${t.priorities}</legend>
              ${PRIORITIES.map(
                (p) =>
                  html`<label class="radio"
                    ><input type="checkbox" name="priority" value=${p} .checked=${match.priorities?.includes(p) ?? false} />
                    ${this.strings.priorities[p]}</label
                  >`,
              )}
            </fieldset>
            ${
              this._teams.length
                ? html`<fieldset class="choices">
                  <legend>${t.teams}</legend>
                  ${this._teams.map(
                    (team) =>
                      html`<label class="radio"
                        ><input type="checkbox" name="team" value=${team.id} .checked=${match.teamIds?.includes(team.id) ?? false} />
                        ${team.name}</label
                      >`,
                  )}
                </fieldset>`
                : nothing
            }
            <label for=${id('labels')}>${t.labels}</label>
            <input id=${id('labels')} name="labels" aria-describedby=${id('labels-help')} .value=${(match.labels ?? []).join(', ')} />
            <p class="help" id=${id('labels-help')}>${t.labelsHelp}</p>
            <fieldset class="choices">
              <legend>${t.channels}</legend>
              ${CHANNELS.map(
                (c) =>
                  html`<label class="radio"
                    ><input type="checkbox" name="channel" value=${c} .checked=${match.channels?.includes(c) ?? false} />
                    ${t.channelNames[c]}</label
                  >`,
              )}
            </fieldset>
            ${policy ? nothing : html`<label class="radio"><input type="checkbox" name="isDefault" /> ${t.makeDefault}</label>`}
          </fieldset>`
      }
      <div class="actions">
        <button class="primary" type="submit" ?disabled=${this.busy}>${t.save}</button>
        <button
          class="secondary"
          type="button"
          @click=${() => (policy ? this.#policies.edit(null) : (this._adding = false))}
        >
          ${t.cancel}</button
        >${this.saveState(key)}
      </div>
    </form>`;
  }
}

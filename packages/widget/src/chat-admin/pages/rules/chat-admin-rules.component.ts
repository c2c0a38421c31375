import { css, html, nothing, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import type {
  Macro,
  MacroInput,
  MacroSender,
  Rule,
  RuleDryRunResult,
  RuleInput,
  RuleRun,
  RuleTrigger,
} from '@parley/protocol/admin';
import type { AdminApi } from '../../admin-api.js';
import type { CannedResponse } from '../../admin-types.js';
import { longTime } from '../../format.js';
import { AdminPage } from '../../kit/admin-page.js';
import { Confirm } from '../../kit/confirm.js';
import { pageStyles } from '../../kit/page.styles.js';
import {
  actionDraft,
  actionRows,
  conditionDraft,
  conditionRows,
  fieldError,
  fieldInput,
  newAction,
  refusalField,
  toAction,
  toCondition,
  type ActionDraft,
  type ConditionDraft,
  type RowContext,
} from '../../rules/rule-form.js';
import {
  actionWords,
  namesFrom,
  ruleSummary,
  TRIGGERS,
  type RuleAttribute,
  type RuleNames,
} from '../../rules/rule-words.js';
import { AttributesApi } from '../attributes/attributes-api.js';
import { CompaniesApi } from '../companies/companies-api.js';
import { RulesApi } from '../../rules/rules-api.js';
import { rulesEn, type RulesStrings } from '../../rules/rules-strings.js';
import { ruleRowStyles } from '../../rules/rules.styles.js';
import { senderChoice } from '../../rules/macro-sender.js';
import { holds } from '../../page-entry.js';
import { guide } from '../../kit/guide.js';

/** The rule being written: `id` when it edits a saved one. */
interface RuleDraft {
  id: string | undefined;
  name: string;
  enabled: boolean;
  trigger: RuleTrigger;
  idleMinutes: string;
  match: 'all' | 'any';
  conditions: ConditionDraft[];
  actions: ActionDraft[];
}

/** The macro being written. */
interface MacroDraft {
  id: string | undefined;
  name: string;
  shared: boolean;
  sender: MacroSender;
  actions: ActionDraft[];
}

/**
 * Settings → Rules (issue #40, docs/rules.md): the site's rules in the order they are tried, each with its switch,
 * what it does in one line and its run counts (the run log on demand); Move up / Move down, Duplicate, Delete; the
 * editor (trigger, conditions, actions, without JSON), whose Try it shows what the rule would have done to the latest
 * conversations. Then the macros (shared and the member's own), edited with the same action rows. Agents read the
 * rules and write their own macros; a refusal about a field is shown beside it.
 *
 * @summary Rules (trigger, conditions, actions) and macros.
 * @tag chat-admin-rules
 */
export class ChatAdminRules extends AdminPage {
  static override styles = [
    pageStyles,
    ruleRowStyles,
    css`
      .rule-actions {
        display: flex;
        flex-wrap: wrap;
        gap: 6px;
      }
      .dry-run {
        display: grid;
        gap: 8px;
        padding: 10px;
        border: 1px solid var(--_border);
        border-radius: 8px;
      }
      .dry-run p,
      .dry-run ul {
        margin: 0;
      }
      input#rule-idleMinutes {
        inline-size: var(--field-short);
      }
    `,
  ];

  static override properties = {
    ...AdminPage.properties,
    _rules: { state: true },
    _macros: { state: true },
    _draft: { state: true },
    _macroDraft: { state: true },
    _errors: { state: true },
    _dryRun: { state: true },
    _runs: { state: true },
  };

  declare private _rules: Rule[] | undefined;
  declare private _macros: Macro[] | undefined;
  declare private _draft: RuleDraft | undefined;
  declare private _macroDraft: MacroDraft | undefined;
  /** Refusals beside their fields, by form (`rule`, `macro`) then field. */
  declare private _errors: Record<string, Record<string, string>>;
  declare private _dryRun: RuleDryRunResult | undefined;
  /** The run log shown, and its firings once read. */
  declare private _runs: { id: string; items: RuleRun[] | undefined } | undefined;

  #members: Array<{ id: string; name: string }> = [];
  #teams: Array<{ id: string; name: string }> = [];
  #replies: CannedResponse[] = [];
  /** The site's custom attributes, for conditions on them. */
  #attributes: RuleAttribute[] = [];
  /** The site's latest companies, for conditions on them. */
  #companies: Array<{ id: string; name: string }> = [];
  /** The relay's messaging providers, channels of the `channel` condition. */
  #providers: ReadonlyArray<{ readonly id: string; readonly label: string }> = [];
  readonly #confirm = new Confirm<{ id: string; kind: 'rule' | 'macro'; name: string }>(this);
  /** Which form the last call was about, for its refusal. */
  #form: 'rule' | 'macro' | undefined;

  constructor() {
    super();
    this._errors = {};
  }

  get #t(): RulesStrings {
    return { ...rulesEn, ...this.strings.rulesPage };
  }

  /** Whether they change rules and shared macros (`automations.manage`); everyone keeps macros of their own. */
  get #admin(): boolean {
    return holds(this.inbox?.state.me, 'automations.manage');
  }

  get #me(): string | undefined {
    return this.inbox?.state.me?.id;
  }

  get #names(): RuleNames {
    return {
      ...namesFrom(this.#members, this.#teams, this.#replies),
      attribute: (name) => this.#attributes.find((each) => each.name === name),
      channel: (id) => this.#providers.find((each) => each.id === id)?.label,
      company: (id) => this.#companies.find((each) => each.id === id)?.name,
    };
  }

  protected override async load(api: AdminApi): Promise<void> {
    const rules = new RulesApi(api);
    // Names for the rows: the team, the teams and the saved replies (any member reads them); one missing is no reason
    // not to show the rules (an id is shown instead).
    const [list, macros, team, routing, replies, attributes, channels, companies] = await Promise.all([
      rules.list(),
      rules.macros(),
      api.team().catch(() => undefined),
      api.routing().catch(() => undefined),
      api.cannedResponses().catch(() => []),
      new AttributesApi(api).list().catch(() => []),
      rules.channels().catch(() => undefined),
      new CompaniesApi(api).list({ limit: 100 }).catch(() => undefined),
    ]);
    this.#companies = (companies?.items ?? []).map(({ id, name }) => ({ id, name }));
    this.#providers = (channels?.items ?? []).filter((channel) => channel.id !== channel.kind);
    this.#attributes = attributes
      .filter((each) => !each.archived)
      .map(({ scope, key, label, type, options }) => ({ name: `${scope}.${key}`, scope, label, type, options }));
    this.#members = (team?.items ?? []).filter((each) => each.active).map(({ id, name }) => ({ id, name }));
    this.#teams = (routing?.teams ?? []).map(({ id, name }) => ({ id, name }));
    this.#replies = replies;
    this._rules = list.items;
    this._macros = macros.items;
  }

  #rows(scope: 'rule' | 'macro'): RowContext {
    return {
      t: this.#t,
      strings: this.strings,
      scope,
      members: this.#members,
      teams: this.#teams,
      replies: this.#replies,
      attributes: this.#attributes,
      companies: this.#companies,
      providers: this.#providers,
      errors: this._errors[scope] ?? {},
      disabled: scope === 'rule' && !this.#admin,
      changed: () => this.requestUpdate(),
    };
  }

  protected override failed(error: unknown): void {
    const form = this.#form;
    const found = form && refusalField(error);
    if (!form || !found) return super.failed(error);
    this._errors = { [form]: { [found.field]: found.message } };
    void this.updateComplete.then(() =>
      this.renderRoot.querySelector<HTMLElement>(`#${CSS.escape(fieldInput(form, found.field))}`)?.focus(),
    );
  }

  /** Runs a call about a form (`rule`, `macro`): its refusals go beside their fields. */
  async #runForm(form: 'rule' | 'macro', action: (api: RulesApi) => Promise<unknown>, status?: string) {
    this.#form = form;
    this._errors = {};
    try {
      return await this.run((api) => action(new RulesApi(api)), status);
    } finally {
      this.#form = undefined;
    }
  }

  // The list.

  #edit(rule: Rule | undefined): void {
    this._dryRun = undefined;
    this._errors = {};
    this._draft = rule
      ? {
          id: rule.id,
          name: rule.name,
          enabled: rule.enabled,
          trigger: rule.trigger,
          idleMinutes: rule.idleMinutes === null ? '' : String(rule.idleMinutes),
          match: rule.match,
          conditions: rule.conditions.map(conditionDraft),
          actions: rule.actions.map(actionDraft),
        }
      : {
          id: undefined,
          name: '',
          enabled: true,
          trigger: 'message.visitor',
          idleMinutes: '',
          match: 'all',
          conditions: [],
          actions: [newAction(this.#rows('rule'))],
        };
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('#rule-name')?.focus());
  }

  #move(rule: Rule, by: -1 | 1): void {
    const rules = this._rules ?? [];
    const from = rules.indexOf(rule);
    const to = from + by;
    if (from < 0 || to < 0 || to >= rules.length) return;
    const ids = rules.map((each) => each.id);
    [ids[from], ids[to]] = [ids[to]!, ids[from]!];
    void this.run(async (api) => {
      this._rules = (await new RulesApi(api).order(ids)).items;
    }, this.#t.moved).then(async (moved) => {
      if (!moved) return;
      await this.updateComplete;
      // Focus stays on the button pressed, or on the other one when the rule reached an end.
      const button = (direction: string) =>
        this.renderRoot.querySelector<HTMLButtonElement>(`#${CSS.escape(`rule-${rule.id}-${direction}`)}`);
      const same = button(by < 0 ? 'up' : 'down');
      (same && !same.disabled ? same : button(by < 0 ? 'down' : 'up'))?.focus();
    });
  }

  #duplicate(rule: Rule): void {
    const t = this.#t;
    let name = t.copyName(rule.name);
    if (name.length > 100) name = t.copyName(rule.name.slice(0, 100 - (name.length - rule.name.length)).trimEnd());
    const copy: RuleInput = {
      name,
      enabled: rule.enabled,
      trigger: rule.trigger,
      ...(rule.idleMinutes !== null && { idleMinutes: rule.idleMinutes }),
      match: rule.match,
      conditions: rule.conditions,
      actions: rule.actions,
    };
    void this.run(async (api) => {
      const created = await new RulesApi(api).create(copy);
      this._rules = [...(this._rules ?? []), created];
    }, t.duplicated);
  }

  #toggle(rule: Rule, enabled: boolean): void {
    void this.run(
      async (api) => {
        const changed = await new RulesApi(api).update(rule.id, { enabled });
        this._rules = (this._rules ?? []).map((each) => (each.id === changed.id ? changed : each));
      },
      enabled ? this.#t.turnedOn : this.#t.turnedOff,
    );
  }

  #delete(item: { id: string; kind: 'rule' | 'macro' }): void {
    void this.run(async (api) => {
      const rules = new RulesApi(api);
      if (item.kind === 'rule') {
        await rules.delete(item.id);
        this._rules = (this._rules ?? []).filter((each) => each.id !== item.id);
        if (this._draft?.id === item.id) this._draft = undefined;
      } else {
        const macro = (this._macros ?? []).find((each) => each.id === item.id);
        if (macro) await rules.deleteMacro(macro);
        this._macros = (this._macros ?? []).filter((each) => each.id !== item.id);
        if (this._macroDraft?.id === item.id) this._macroDraft = undefined;
      }
    }, this.#t.deleted);
  }

  #toggleRuns(rule: Rule): void {
    if (this._runs?.id === rule.id) {
      this._runs = undefined;
      return;
    }
    this._runs = { id: rule.id, items: undefined };
    void this.run(async (api) => {
      const list = await new RulesApi(api).runs(rule.id);
      if (this._runs?.id === rule.id) this._runs = { id: rule.id, items: list.items };
    });
  }

  #runLog(rule: Rule): TemplateResult {
    const t = this.#t;
    const items = this._runs?.items;
    return html`<div class="run-log" id=${`rule-${rule.id}-runs`}>
      ${
        rule.runs.lastErrors.length > 0
          ? html`<p class="counts">${t.lastErrors}</p>
            <ul class="runs last-errors">
              ${rule.runs.lastErrors.map((each) => html`<li>${longTime(each.at)} — ${each.error}</li>`)}
            </ul>`
          : nothing
      }
      ${
        items === undefined
          ? html`<p class="muted">${t.loading}</p>`
          : items.length === 0
            ? html`<p class="muted">${t.noRuns}</p>`
            : html`<ul class="runs">
              ${items.map(
                (run) =>
                  html`<li>
                    ${longTime(run.at)} — ${t.runStatus[run.status]}${run.detail ? `: ${run.detail}` : ''}
                    ${
                      run.conversationId
                        ? html`<button
                          type="button"
                          class="link"
                          @click=${() => void this.inbox?.conversation.open(run.conversationId!)}
                        >
                          ${t.open}
                        </button>`
                        : nothing
                    }
                  </li>`,
              )}
            </ul>`
      }
    </div>`;
  }

  #rule(rule: Rule, index: number, count: number): TemplateResult {
    const t = this.#t;
    const admin = this.#admin;
    const headId = `rule-${rule.id}-name`;
    const { fired, failed, lastFiredAt } = rule.runs;
    const logOpen = this._runs?.id === rule.id;
    return html`<li class="item rule" data-id=${rule.id} aria-labelledby=${headId}>
      <div class="rule-head">
        <h3 id=${headId}>${rule.name}</h3>
        <label
          ><input
            type="checkbox"
            class="enabled"
            .checked=${rule.enabled}
            ?disabled=${!admin || this.busy}
            aria-describedby=${headId}
            @change=${(event: Event) => this.#toggle(rule, (event.target as HTMLInputElement).checked)}
          />${t.enabled}</label
        >
      </div>
      <p class="summary">${ruleSummary(rule, t, this.#names, this.strings)}</p>
      <p class="counts">
        ${t.runs(fired, failed)}${lastFiredAt === null ? '' : ` · ${t.lastFired(longTime(lastFiredAt))}`}
      </p>
      ${
        this.#confirm.is({ id: rule.id, kind: 'rule', name: rule.name })
          ? this.#confirm.render(
              { text: t.confirmDelete(rule.name), ok: t.delete, cancel: t.cancel, busy: this.busy },
              (item) => this.#delete(item),
            )
          : html`<div class="rule-actions">
            <button
              type="button"
              class="secondary run-log-button"
              aria-expanded=${logOpen ? 'true' : 'false'}
              aria-controls=${`rule-${rule.id}-runs`}
              @click=${() => this.#toggleRuns(rule)}
            >
              ${logOpen ? t.hideRunLog : t.runLog}
            </button>
            ${
              admin
                ? html`<button type="button" class="secondary edit" @click=${() => this.#edit(rule)}>${t.edit}</button>
                  <button
                    type="button"
                    class="secondary up"
                    id=${`rule-${rule.id}-up`}
                    aria-describedby=${headId}
                    ?disabled=${index === 0 || this.busy}
                    @click=${() => this.#move(rule, -1)}
                  >
                    ${t.moveUp}
                  </button>
                  <button
                    type="button"
                    class="secondary down"
                    id=${`rule-${rule.id}-down`}
                    aria-describedby=${headId}
                    ?disabled=${index === count - 1 || this.busy}
                    @click=${() => this.#move(rule, 1)}
                  >
                    ${t.moveDown}
                  </button>
                  <button type="button" class="secondary duplicate" ?disabled=${this.busy} @click=${() => this.#duplicate(rule)}>
                    ${t.duplicate}
                  </button>
                  <button
                    type="button"
                    class="danger delete"
                    @click=${() => this.#confirm.ask({ id: rule.id, kind: 'rule', name: rule.name })}
                  >
                    ${t.delete}
                  </button>`
                : nothing
            }
          </div>`
      }
      ${logOpen ? this.#runLog(rule) : nothing}
    </li>`;
  }

  // The rule editor.

  #ruleBody(draft: RuleDraft): RuleInput {
    return {
      name: draft.name.trim(),
      enabled: draft.enabled,
      trigger: draft.trigger,
      ...(draft.trigger === 'conversation.idle' && { idleMinutes: Number(draft.idleMinutes.trim()) }),
      match: draft.match,
      conditions: draft.conditions.map(toCondition),
      actions: draft.actions.map(toAction),
    };
  }

  #save = (event: SubmitEvent): void => {
    event.preventDefault();
    const draft = this._draft;
    if (!draft || this.busy || !this.#admin) return;
    const body = this.#ruleBody(draft);
    void this.#runForm(
      'rule',
      async (api) => {
        if (draft.id === undefined) {
          const created = await api.create(body);
          this._rules = [...(this._rules ?? []), created];
        } else {
          const changed = await api.update(draft.id, { ...body, idleMinutes: body.idleMinutes ?? null });
          this._rules = (this._rules ?? []).map((each) => (each.id === changed.id ? changed : each));
        }
        this._draft = undefined;
        this._dryRun = undefined;
        await this.updateComplete;
        this.renderRoot.querySelector<HTMLElement>('.new-rule')?.focus();
      },
      this.#t.saved,
    );
  };

  #tryIt(): void {
    const draft = this._draft;
    if (!draft || this.busy) return;
    const rule = this.#ruleBody(draft);
    this._dryRun = undefined;
    void this.#runForm('rule', async (api) => {
      this._dryRun = await api.dryRun({ rule, limit: 100 });
    });
  }

  #dryRunResult(result: RuleDryRunResult): TemplateResult {
    const t = this.#t;
    return html`<section class="dry-run" aria-labelledby="dry-run-title" id="dry-run">
      <p id="dry-run-title" role="status">${t.dryRun(result.matches.length, result.checked)}</p>
      ${
        result.matches.length > 0
          ? html`<ul class="matches">
            ${result.matches.map(
              (match) =>
                html`<li>
                  <span>${match.visitorName ?? t.noName}</span>
                  <span class="badge">${t.statuses[match.status as keyof RulesStrings['statuses']] ?? match.status}</span>
                  ${match.lastMessageAt === null ? nothing : html`<span class="muted">${longTime(match.lastMessageAt)}</span>`}
                  <button
                    type="button"
                    class="link"
                    @click=${() => void this.inbox?.conversation.open(match.conversationId)}
                  >
                    ${t.open}
                  </button>
                </li>`,
            )}
          </ul>`
          : nothing
      }
      ${
        result.actions.length > 0
          ? html`<p>${t.dryRunWould}</p>
            <ul class="would">
              ${result.actions.map((words) => html`<li>${words}</li>`)}
            </ul>`
          : nothing
      }
    </section>`;
  }

  #editor(draft: RuleDraft): TemplateResult {
    const t = this.#t;
    const rows = this.#rows('rule');
    const errors = this._errors['rule'] ?? {};
    const update = (change: Partial<RuleDraft>): void => {
      Object.assign(draft, change);
      this.requestUpdate();
    };
    return html`<section class="card" aria-labelledby="rule-editor-title">
      <h2 id="rule-editor-title">${draft.id === undefined ? t.newRuleTitle : t.editRuleTitle(draft.name)}</h2>
      <form data-save="rule" novalidate @submit=${this.#save}>
        <div class="field">
          <label for="rule-name">${t.name}</label>
          <input
            id="rule-name"
            maxlength="100"
            .value=${draft.name}
            aria-invalid=${errors['name'] ? 'true' : 'false'}
            aria-describedby=${errors['name'] ? 'rule-name-error' : nothing}
            @input=${(event: Event) => update({ name: (event.target as HTMLInputElement).value })}
          />
          ${fieldError(rows, 'name')}
        </div>
        <div class="field">
          <label for="rule-trigger">${t.trigger}</label>
          <select
            id="rule-trigger"
            @change=${(event: Event) => update({ trigger: (event.target as HTMLSelectElement).value as RuleTrigger })}
          >
            ${TRIGGERS.map(
              (trigger) =>
                html`<option value=${trigger} ?selected=${trigger === draft.trigger}>${t.triggers[trigger]}</option>`,
            )}
          </select>
          ${fieldError(rows, 'trigger')}
        </div>
        ${
          draft.trigger === 'conversation.idle'
            ? html`<div class="field">
              <label for="rule-idleMinutes">${t.idleMinutes}</label>
              <input
                id="rule-idleMinutes"
                type="number"
                min="1"
                max="43200"
                step="1"
                inputmode="numeric"
                .value=${draft.idleMinutes}
                aria-invalid=${errors['idleMinutes'] ? 'true' : 'false'}
                aria-describedby=${errors['idleMinutes'] ? 'rule-idle-help rule-idleMinutes-error' : 'rule-idle-help'}
                @input=${(event: Event) => update({ idleMinutes: (event.target as HTMLInputElement).value })}
              />
              <p class="help" id="rule-idle-help">${t.idleMinutesHelp}</p>
              ${fieldError(rows, 'idleMinutes')}
            </div>`
            : nothing
        }
        <fieldset class="conditions-set">
          <legend>${t.conditions}</legend>
          <div class="choices" role="radiogroup" aria-label=${t.match}>
            <label
              ><input
                type="radio"
                name="rule-match"
                value="all"
                .checked=${draft.match === 'all'}
                @change=${() => update({ match: 'all' })}
              />${t.matchAll}</label
            >
            <label
              ><input
                type="radio"
                name="rule-match"
                value="any"
                .checked=${draft.match === 'any'}
                @change=${() => update({ match: 'any' })}
              />${t.matchAny}</label
            >
          </div>
          ${draft.conditions.length === 0 ? html`<p class="help">${t.conditionsHelp}</p>` : nothing}
          ${conditionRows(draft.conditions, rows)}
        </fieldset>
        <fieldset class="actions-set">
          <legend>${t.actions}</legend>
          ${actionRows(draft.actions, rows)}
        </fieldset>
        <label
          ><input
            type="checkbox"
            id="rule-enabled"
            .checked=${draft.enabled}
            @change=${(event: Event) => update({ enabled: (event.target as HTMLInputElement).checked })}
          />${t.enabled}</label
        >
        <div class="actions">
          <button class="primary" type="submit" ?disabled=${this.busy}>${t.save}</button>
          <button type="button" class="secondary try" ?disabled=${this.busy} @click=${() => this.#tryIt()}>
            ${t.tryIt}
          </button>
          <button
            type="button"
            class="secondary cancel-edit"
            @click=${() => {
              this._draft = undefined;
              this._dryRun = undefined;
              this._errors = {};
            }}
          >
            ${t.cancel}
          </button>
          ${this.saveState('rule')}
        </div>
        ${this._dryRun ? this.#dryRunResult(this._dryRun) : nothing}
      </form>
    </section>`;
  }

  // Macros.

  #mayWrite(macro: Macro): boolean {
    return macro.shared ? this.#admin : macro.ownerId === this.#me;
  }

  #editMacro(macro: Macro | undefined): void {
    this._errors = {};
    this._macroDraft = macro
      ? {
          id: macro.id,
          name: macro.name,
          shared: macro.shared,
          sender: macro.sender,
          actions: macro.actions.map(actionDraft),
        }
      : { id: undefined, name: '', shared: this.#admin, sender: 'agent', actions: [newAction(this.#rows('macro'))] };
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('#macro-name')?.focus());
  }

  #saveMacro = (event: SubmitEvent): void => {
    event.preventDefault();
    const draft = this._macroDraft;
    if (!draft || this.busy) return;
    const body: MacroInput = { name: draft.name.trim(), sender: draft.sender, actions: draft.actions.map(toAction) };
    // Shared or one's own is chosen when it is made (each has its own routes); an admin's choice, an agent's own.
    const shared = this.#admin && draft.shared;
    void this.#runForm(
      'macro',
      async (api) => {
        const saved =
          draft.id === undefined
            ? await api.createMacro(body, shared)
            : await api.updateMacro({ id: draft.id, shared: draft.shared }, body);
        const others = (this._macros ?? []).filter((each) => each.id !== saved.id);
        this._macros =
          draft.id === undefined
            ? [...others, saved]
            : (this._macros ?? []).map((each) => (each.id === saved.id ? saved : each));
        this._macroDraft = undefined;
        await this.updateComplete;
        this.renderRoot.querySelector<HTMLElement>('.new-macro')?.focus();
      },
      this.#t.saved,
    );
  };

  #macroEditor(draft: MacroDraft): TemplateResult {
    const t = this.#t;
    const rows = this.#rows('macro');
    const errors = this._errors['macro'] ?? {};
    return html`<form data-save="macro" class="macro-form" novalidate @submit=${this.#saveMacro} aria-labelledby="macro-editor-title">
      <h3 id="macro-editor-title">${draft.id === undefined ? t.newMacroTitle : t.editMacroTitle(draft.name)}</h3>
      <div class="field">
        <label for="macro-name">${t.name}</label>
        <input
          id="macro-name"
          maxlength="100"
          .value=${draft.name}
          aria-invalid=${errors['name'] ? 'true' : 'false'}
          aria-describedby=${errors['name'] ? 'macro-name-error' : nothing}
          @input=${(event: Event) => {
            draft.name = (event.target as HTMLInputElement).value;
            this.requestUpdate();
          }}
        />
        ${fieldError(rows, 'name')}
      </div>
      <label
        ><input
          type="checkbox"
          id="macro-shared"
          .checked=${draft.shared}
          ?disabled=${!this.#admin || draft.id !== undefined}
          aria-describedby="macro-shared-help"
          @change=${(event: Event) => {
            draft.shared = (event.target as HTMLInputElement).checked;
            this.requestUpdate();
          }}
        />${t.shared}</label
      >
      <p class="help" id="macro-shared-help">${t.sharedHelp}</p>
      ${senderChoice(draft.sender, t, (sender) => {
        draft.sender = sender;
        this.requestUpdate();
      })}
      <fieldset>
        <legend>${t.actions}</legend>
        ${actionRows(draft.actions, rows)}
      </fieldset>
      <div class="actions">
        <button class="primary" type="submit" ?disabled=${this.busy}>${t.save}</button>
        <button
          type="button"
          class="secondary cancel-edit"
          @click=${() => {
            this._macroDraft = undefined;
            this._errors = {};
          }}
        >
          ${t.cancel}
        </button>
        ${this.saveState('macro')}
      </div>
    </form>`;
  }

  #macros(macros: Macro[]): TemplateResult {
    const t = this.#t;
    const names = this.#names;
    return html`<section class="card" aria-labelledby="macros-title" data-save="macros">
      <div class="card-head">
        <h2 id="macros-title">${t.macros}</h2>
        ${
          this._macroDraft
            ? nothing
            : html`<button type="button" class="primary new-macro" @click=${() => this.#editMacro(undefined)}>
              ${t.newMacro}
            </button>`
        }
      </div>
      <p class="intro">${t.macrosIntro}</p>
      ${this.saveState('macros')}
      ${this._macroDraft ? this.#macroEditor(this._macroDraft) : nothing}
      ${
        macros.length === 0
          ? html`<p class="muted">${t.noMacros}</p>`
          : html`<ul class="items macros">
            ${macros.map(
              (macro) => html`<li class="item macro" data-id=${macro.id}>
                <div class="rule-head">
                  <h3 id=${`macro-${macro.id}-name`}>${macro.name}</h3>
                  <span class="badge">${macro.shared ? t.shared : t.personal}</span>
                  ${macro.sender === 'bot' ? html`<span class="badge">${t.asBot}</span>` : nothing}
                </div>
                <p class="summary">${macro.actions.map((action) => actionWords(action, t, names, this.strings)).join('; ')}</p>
                ${
                  !this.#mayWrite(macro)
                    ? nothing
                    : this.#confirm.is({ id: macro.id, kind: 'macro', name: macro.name })
                      ? this.#confirm.render(
                          { text: t.confirmDeleteMacro(macro.name), ok: t.delete, cancel: t.cancel, busy: this.busy },
                          (item) => this.#delete(item),
                        )
                      : html`<div class="rule-actions">
                        <button type="button" class="secondary edit" @click=${() => this.#editMacro(macro)}>${t.edit}</button>
                        <button
                          type="button"
                          class="danger delete"
                          aria-describedby=${`macro-${macro.id}-name`}
                          @click=${() => this.#confirm.ask({ id: macro.id, kind: 'macro', name: macro.name })}
                        >
                          ${t.delete}
                        </button>
                      </div>`
                }
              </li>`,
            )}
          </ul>`
      }
    </section>`;
  }

  protected override render(): TemplateResult {
    const t = this.#t;
    const rules = this._rules;
    const admin = this.#admin;
    return html`<section class="card" aria-labelledby="rules-title" data-save="rules">
        <div class="card-head">
          <h2 id="rules-title">${t.title}</h2>
          ${
            admin && !this._draft
              ? html`<button type="button" class="primary new-rule" @click=${() => this.#edit(undefined)}>
                ${t.newRule}
              </button>`
              : nothing
          }
        </div>
        <p class="intro">${t.intro} ${guide(this.inbox, 'rules', t.guide)}</p>
        ${admin ? nothing : html`<p class="muted" id="rules-read-only">${t.readOnly}</p>`}
        ${this.saveState()} ${this.saveState('rules')}
        ${
          rules === undefined
            ? this.error
              ? nothing
              : html`<p class="muted">${t.loading}</p>`
            : rules.length === 0
              ? html`<p class="muted">${t.none}</p>`
              : html`<ol class="items rules">
                ${repeat(
                  rules,
                  (rule) => rule.id,
                  (rule, index) => this.#rule(rule, index, rules.length),
                )}
              </ol>`
        }
      </section>
      ${this._draft && admin ? this.#editor(this._draft) : nothing}
      ${this._macros ? this.#macros(this._macros) : nothing}`;
  }
}

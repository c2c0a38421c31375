import { css, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import type { Campaign, CampaignCounts, CampaignCreate, CampaignStats, TeamMember } from '@parley/protocol/admin';
import type { AdminApi } from '../../admin-api.js';
import { AdminPage } from '../../kit/admin-page.js';
import { Confirm } from '../../kit/confirm.js';
import { ListController } from '../../kit/list-controller.js';
import { pageStyles } from '../../kit/page.styles.js';
import { hostCss } from '../../../chat-widget/launcher.styles.js';
import { bubbleElement } from '../../../loader/campaign-bubble.js';
import { bubbleCss } from '../../../loader/campaign-bubble.styles.js';
import { campaignsEn, type CampaignsTexts } from './campaigns-strings.js';
import { CampaignsApi } from './campaigns-api.js';

/** The preview's bubble sits in the card, not by a launcher at the window's corner. */
const previewCss =
  '.bubble{position:relative;inset:auto;right:auto;left:auto;width:min(320px,100%);margin-inline-start:auto}' +
  '.dot{width:48px;height:48px;margin:12px 0 0 auto;border-radius:50%;background:var(--_accent)}';

/** `a\nb\n\nc` → `['a', 'b', 'c']`. */
function lines(value: FormDataEntryValue | null, separator: RegExp = /\n/): string[] {
  return String(value ?? '')
    .split(separator)
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

/** A time as `<input type="date">` shows it (the admin's local date), or ''. */
function dateInput(time: number | null): string {
  if (time === null) return '';
  const date = new Date(time);
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
}

/**
 * A `date` value as ms since the epoch, in the admin's time zone: the start of that day, or with `end` the start of
 * the next (a campaign ends after its last day); null when empty.
 */
function fromDateInput(value: FormDataEntryValue | null, end = false): number | null {
  const text = String(value ?? '');
  if (!text) return null;
  const [year, month, day] = text.split('-').map(Number) as [number, number, number];
  return new Date(year, month - 1, day + (end ? 1 : 0)).getTime();
}

/**
 * The Campaigns page of `<chat-admin>` (docs/campaigns.md): the site's proactive messages, each with its results
 * (shown, opened, conversations, replies, CSAT, per variant of its text); a form to add or edit one, with a live
 * preview of the bubble as visitors will see it; pause and resume; deletion after a confirmation.
 *
 * @summary Proactive messages by the launcher, and their results.
 * @tag chat-admin-campaigns
 */
export class ChatAdminCampaigns extends AdminPage {
  static override styles = [
    pageStyles,
    css`
      .campaign .text {
        white-space: pre-wrap;
      }
      .preview {
        padding: 16px;
        border-radius: 12px;
        background: var(--_surface);
      }
      .row {
        display: flex;
        flex-wrap: wrap;
        gap: 12px;
      }
      .row > label {
        display: grid;
        gap: 4px;
      }
    `,
  ];

  static override properties = {
    ...AdminPage.properties,
    _members: { state: true },
    _stats: { state: true },
    _draft: { state: true },
  };

  declare private _members: TeamMember[];
  declare private _stats: Record<string, CampaignStats>;
  /** What the form holds now, for the preview. */
  declare private _draft: { texts: string[]; buttons: string[]; from: string };
  /** The page's own texts (English; a host may replace them). */
  texts: CampaignsTexts = campaignsEn;
  readonly #campaigns = new ListController<Campaign>(this);
  readonly #confirm = new Confirm<Campaign>(this);
  #previewRoot: ShadowRoot | undefined;

  constructor() {
    super();
    this._members = [];
    this._stats = {};
    this._draft = { texts: [''], buttons: [], from: 'bot' };
  }

  protected override async load(api: AdminApi): Promise<void> {
    const campaigns = new CampaignsApi(api);
    const [items, team] = await Promise.all([campaigns.list(), api.team()]);
    this._members = team.items.filter((member) => member.active);
    this.#campaigns.set(items);
    const stats = await Promise.all(items.map((item) => campaigns.stats(item.id)));
    this._stats = Object.fromEntries(items.map((item, i) => [item.id, stats[i]!]));
  }

  #senderName(sender: string): string {
    if (sender === 'bot') return this.texts.bot;
    return this._members.find((member) => member.id === sender)?.name ?? this.texts.bot;
  }

  #onInput = (event: Event): void => {
    const form = (event.currentTarget as HTMLElement).closest('form')!;
    const data = new FormData(form);
    this._draft = {
      texts: ['text0', 'text1', 'text2'].map((name) => String(data.get(name) ?? '').trim()).filter(Boolean),
      buttons: lines(data.get('buttons')),
      from: String(data.get('sender') ?? 'bot'),
    };
  };

  #onSubmit = (event: SubmitEvent): void => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    const sender = String(data.get('sender') ?? 'bot');
    const every = Number(data.get('days') || 0);
    const body: CampaignCreate = {
      name: String(data.get('name') ?? '').trim(),
      variants: ['text0', 'text1', 'text2'].map((name) => String(data.get(name) ?? '').trim()).filter(Boolean),
      buttons: lines(data.get('buttons')),
      sender: sender === 'bot' ? { kind: 'bot' } : { kind: 'member', staffId: sender },
      urls: lines(data.get('urls')),
      delaySeconds: Number(data.get('delay') || 0),
      scrollPercent: Number(data.get('scroll') || 0),
      exitIntent: data.get('exit') === 'on',
      visitors: String(data.get('visitors')) as Campaign['visitors'],
      identified: String(data.get('identified')) as Campaign['identified'],
      languages: lines(data.get('languages'), /[\s,]+/).map((tag) => tag.toLowerCase()),
      startAt: fromDateInput(data.get('start')),
      endAt: fromDateInput(data.get('end'), true),
      businessHoursOnly: data.get('hours') === 'on',
      frequency: every > 0 ? { kind: 'days', days: every } : { kind: 'once' },
    };
    const editing = this.#campaigns.editing;
    void this.run(async (api) => {
      const campaigns = new CampaignsApi(api);
      if (editing) this.#campaigns.replace(await campaigns.update(editing.id, body));
      else {
        const created = await campaigns.create(body);
        this.#campaigns.add(created);
        this._stats = { ...this._stats, [created.id]: await campaigns.stats(created.id) };
      }
      form.reset();
      this._draft = { texts: [''], buttons: [], from: 'bot' };
    }, this.texts.saved);
  };

  #setStatus(campaign: Campaign, status: Campaign['status']): void {
    void this.run(
      async (api) => this.#campaigns.replace(await new CampaignsApi(api).update(campaign.id, { status })),
      status === 'paused' ? this.texts.pausedDone : this.texts.resumedDone,
    );
  }

  #delete(campaign: Campaign): Promise<boolean> {
    return this.run(async (api) => {
      await new CampaignsApi(api).delete(campaign.id);
      this.#campaigns.remove(campaign.id);
    }, this.texts.deleted);
  }

  #edit(campaign: Campaign): void {
    this.#campaigns.edit(campaign);
    this._draft = {
      texts: campaign.variants,
      buttons: campaign.buttons,
      from: campaign.sender.kind === 'bot' ? 'bot' : campaign.sender.staffId,
    };
    this.status = undefined;
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLInputElement>('#campaign-name')?.focus());
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    this.#drawPreview();
  }

  /** The bubble as the site's loader draws it (its own element and styles), with what the form holds. */
  #drawPreview(): void {
    const host = this.renderRoot.querySelector<HTMLElement>('.preview-host');
    if (!host) return;
    if (!this.#previewRoot || host.shadowRoot !== this.#previewRoot) {
      this.#previewRoot = host.shadowRoot ?? host.attachShadow({ mode: 'open' });
      const sheet = new CSSStyleSheet();
      sheet.replaceSync(hostCss + bubbleCss + previewCss);
      this.#previewRoot.adoptedStyleSheets = [sheet];
    }
    // The inbox's theme (light, dark, or the system's): the bubble's palette follows it as the widget's would.
    host.setAttribute('theme', this.theme || 'auto');
    const bubble = bubbleElement(
      {
        from: this.#senderName(this._draft.from),
        text: this._draft.texts[0] || this.texts.previewPlaceholder,
        buttons: this._draft.buttons,
        reply: () => undefined,
        dismiss: () => undefined,
      },
      this.texts.dismiss,
    );
    bubble.setAttribute('aria-hidden', 'true');
    bubble.inert = true;
    const dot = document.createElement('div');
    dot.className = 'dot';
    this.#previewRoot.replaceChildren(bubble, dot);
  }

  protected override render(): TemplateResult {
    const t = this.texts;
    const items = this.#campaigns.items;
    return html`<section class="card" aria-labelledby="campaigns-title">
        <h2 id="campaigns-title">${t.title}</h2>
        <p class="intro">${t.intro}</p>
        ${this.saveState()}
      </section>
      ${this.#form()}
      <section class="card" aria-labelledby="campaigns-list-title" data-save="campaigns">
        <h2 id="campaigns-list-title">${items ? t.count(items.length) : this.strings.loading}</h2>
        ${this.saveState('campaigns')}
        ${
          items && items.length === 0
            ? html`<p class="muted">${t.none}</p>`
            : html`<ul class="campaigns items">
                ${(items ?? []).map((campaign) => this.#item(campaign))}
              </ul>`
        }
      </section>`;
  }

  #figures(counts: CampaignCounts): TemplateResult {
    const t = this.texts;
    const figures: Array<[string, string]> = [
      [t.shown, String(counts.shown)],
      [t.opened, String(counts.opened)],
      [t.conversations, String(counts.conversations)],
      [t.replied, String(counts.replied)],
      [t.csat, counts.csat === null ? '–' : counts.csat.toFixed(1)],
    ];
    return html`<dl class="figures">
      ${figures.map(([label, value]) => html`<div><dt>${label}</dt><dd>${value}</dd></div>`)}
    </dl>`;
  }

  #item(campaign: Campaign): TemplateResult {
    const t = this.texts;
    const stats = this._stats[campaign.id];
    const live = campaign.status === 'live';
    return html`<li class="campaign item" data-id=${campaign.id}>
      <div class="card-head">
        <h3 dir="auto">${campaign.name}</h3>
        <span class="state">${live ? t.live : t.paused}</span>
      </div>
      <p class="text" dir="auto">${campaign.variants[0]}</p>
      <p class="muted">${t.summary(campaign)}</p>
      ${stats ? this.#figures(stats.total) : nothing}
      ${
        stats && campaign.variants.length > 1
          ? stats.variants.map(
              (variant) =>
                html`<p class="muted">${t.variant(variant.variant)}: “${variant.text ?? ''}”</p>
                  ${this.#figures(variant.counts)}`,
            )
          : nothing
      }
      <div class="actions">
        ${
          this.#confirm.is(campaign)
            ? this.#confirm.render(
                { text: t.confirmDelete(campaign.name), ok: t.delete, cancel: t.cancel, busy: this.busy },
                () => this.#delete(campaign),
              )
            : html`<button type="button" class="secondary" aria-label=${`${t.edit}: ${campaign.name}`} @click=${() => this.#edit(campaign)}>
                  ${t.edit}
                </button>
                <button
                  type="button"
                  class="secondary"
                  aria-label=${`${live ? t.pause : t.resume}: ${campaign.name}`}
                  ?disabled=${this.busy}
                  @click=${() => this.#setStatus(campaign, live ? 'paused' : 'live')}
                >
                  ${live ? t.pause : t.resume}
                </button>
                <button
                  type="button"
                  class="danger"
                  aria-label=${`${t.delete}: ${campaign.name}`}
                  @click=${() => this.#confirm.ask(campaign, `.campaign[data-id="${campaign.id}"] button`)}
                >
                  ${t.delete}
                </button>`
        }
      </div>
    </li>`;
  }

  #form(): TemplateResult {
    const t = this.texts;
    const c = this.#campaigns.editing;
    const sender = c ? (c.sender.kind === 'bot' ? 'bot' : c.sender.staffId) : 'bot';
    const days = c?.frequency.kind === 'days' ? c.frequency.days : 0;
    return html`<section class="card" aria-labelledby="campaign-form-title">
      <h2 id="campaign-form-title">${c ? t.editing(c.name) : t.add}</h2>
      <form @submit=${this.#onSubmit} @input=${this.#onInput} data-editing=${c?.id ?? ''} data-save="campaign">
        <label for="campaign-name">${t.name}</label>
        <input id="campaign-name" name="name" required maxlength="120" .value=${c?.name ?? ''} />
        <label for="campaign-text0">${t.message}</label>
        <textarea id="campaign-text0" name="text0" required maxlength="500" .value=${c?.variants[0] ?? ''}></textarea>
        <label for="campaign-text1">${t.variantB}</label>
        <textarea id="campaign-text1" name="text1" maxlength="500" aria-describedby="campaign-ab-help" .value=${c?.variants[1] ?? ''}></textarea>
        <label for="campaign-text2">${t.variantC}</label>
        <textarea id="campaign-text2" name="text2" maxlength="500" aria-describedby="campaign-ab-help" .value=${c?.variants[2] ?? ''}></textarea>
        <p class="help" id="campaign-ab-help">${t.abHelp}</p>
        <label for="campaign-buttons">${t.buttons}</label>
        <textarea id="campaign-buttons" name="buttons" rows="2" .value=${c?.buttons.join('\n') ?? ''}></textarea>
        <label for="campaign-sender">${t.sender}</label>
        <select id="campaign-sender" name="sender">
          <option value="bot" ?selected=${sender === 'bot'}>${t.bot}</option>
          ${this._members.map((member) => html`<option value=${member.id} ?selected=${sender === member.id}>${member.name}</option>`)}
        </select>
        <p class="help">${t.previewLabel}</p>
        <div class="preview"><div class="preview-host" data-widget-preview></div></div>
        <label for="campaign-urls">${t.urls}</label>
        <textarea id="campaign-urls" name="urls" rows="2" aria-describedby="campaign-urls-help" .value=${c?.urls.join('\n') ?? ''}></textarea>
        <p class="help" id="campaign-urls-help">${t.urlsHelp}</p>
        <div class="row">
          <label>${t.delay}<input name="delay" type="number" min="0" max="3600" .value=${String(c?.delaySeconds ?? 0)} /></label>
          <label>${t.scroll}<input name="scroll" type="number" min="0" max="100" .value=${String(c?.scrollPercent ?? 0)} /></label>
          <label>${t.days}<input name="days" type="number" min="0" max="365" aria-describedby="campaign-days-help" .value=${String(days)} /></label>
        </div>
        <p class="help" id="campaign-days-help">${t.daysHelp}</p>
        <fieldset class="choices">
          <legend>${t.when}</legend>
          <label><input type="checkbox" name="exit" .checked=${c?.exitIntent ?? false} /> ${t.exit}</label>
          <label><input type="checkbox" name="hours" .checked=${c?.businessHoursOnly ?? false} /> ${t.hours}</label>
        </fieldset>
        <label for="campaign-visitors">${t.visitors}</label>
        <select id="campaign-visitors" name="visitors">
          ${(['all', 'new', 'returning'] as const).map((v) => html`<option value=${v} ?selected=${(c?.visitors ?? 'all') === v}>${t.visitorKinds[v]}</option>`)}
        </select>
        <label for="campaign-identified">${t.identified}</label>
        <select id="campaign-identified" name="identified">
          ${(['all', 'identified', 'anonymous'] as const).map((v) => html`<option value=${v} ?selected=${(c?.identified ?? 'all') === v}>${t.identifiedKinds[v]}</option>`)}
        </select>
        <label for="campaign-languages">${t.languages}</label>
        <input id="campaign-languages" name="languages" aria-describedby="campaign-languages-help" .value=${c?.languages.join(', ') ?? ''} />
        <p class="help" id="campaign-languages-help">${t.languagesHelp}</p>
        <label for="campaign-start">${t.start}</label>
        <input id="campaign-start" name="start" type="date" .value=${dateInput(c?.startAt ?? null)} />
        <label for="campaign-end">${t.end}</label>
        <input id="campaign-end" name="end" type="date" .value=${dateInput(c?.endAt === null || c?.endAt === undefined ? null : c.endAt - 1)} />
        <div class="actions">
          <button class="primary" type="submit" ?disabled=${this.busy}>${c ? t.save : t.create}</button>
          ${c ? html`<button type="button" class="secondary" @click=${() => this.#campaigns.edit(null)}>${t.cancel}</button>` : nothing}
          ${this.saveState('campaign')}
        </div>
      </form>
    </section>`;
  }
}

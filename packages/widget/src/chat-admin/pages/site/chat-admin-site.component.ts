import { css, html, nothing, type TemplateResult } from 'lit';
import type { AdminApi } from '../../admin-api.js';
import { SiteApi } from './site-api.js';
import { SiteSettingsApi } from './site-settings-api.js';
import type { AutomationsAnswer, SiteProfile, SiteSettings } from '../../admin-types.js';
import { fieldOf } from '../../field-errors.js';
import { AdminPage } from '../../kit/admin-page.js';
import { Confirm } from '../../kit/confirm.js';
import { siteEn, type SiteStrings } from './site-strings.js';
import { AutomationsApi } from '../automations/automations-api.js';
import { pageStyles } from '../../kit/page.styles.js';

type Prechat = 'off' | 'optional' | 'required';
type Field = 'name' | 'allowedOrigins' | 'brandColor' | 'logoUrl' | 'welcome';

/** `a\n\n b ` → `['a', 'b']`. */
function lines(value: FormDataEntryValue | null): string[] {
  return String(value ?? '')
    .split(/[\n,]/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

/**
 * The Site settings page of `<chat-admin>` (admins): the site's name and allowed origins, the colour and logo of its
 * emails, its welcome message, the widget's code with the pre-chat form and colour (attributes of the code, not
 * settings of the relay), and the rotation of its identity secret, shown once. A field the relay's configuration
 * sets is read-only here; the relay's refusals are shown beside the field they are about.
 *
 * @summary Site settings: name, origins, colour, logo, welcome, pre-chat, identity secret.
 * @tag chat-admin-site
 */
export class ChatAdminSite extends AdminPage {
  static override styles = [
    pageStyles,
    css`
      textarea.code {
        font-family: ui-monospace, monospace;
        font-size: 12px;
        min-block-size: 8em;
      }
      .color {
        display: flex;
        flex-wrap: wrap;
        gap: 8px;
        align-items: center;
      }
      input[type='color'] {
        inline-size: 56px;
        block-size: 34px;
        padding: 2px;
      }
      /* The new secret and its Copy button share a row, the field taking what the button leaves. */
      input.secret {
        font-family: ui-monospace, monospace;
        flex: 1 1 16em;
        min-inline-size: 0;
      }
    `,
  ];

  static override properties = {
    ...AdminPage.properties,
    _site: { state: true },
    _settings: { state: true },
    _automations: { state: true },
    _prechat: { state: true },
    _accent: { state: true },
    _secret: { state: true },
    _errors: { state: true },
  };

  declare private _site: SiteProfile | undefined;
  declare private _settings: SiteSettings | undefined;
  declare private _automations: AutomationsAnswer | undefined;
  declare private _prechat: Prechat;
  /** The widget's code carries the site's colour. */
  declare private _accent: boolean;
  /** The rotation's confirmation. */
  readonly #confirm = new Confirm(this);
  /** The new identity secret, shown once. */
  declare private _secret: string | undefined;
  declare private _errors: Partial<Record<Field, string>>;
  /** The fields of the form being saved: a refusal about one of them is said beside it. */
  #fields: readonly Field[] = [];
  /** The page's own texts (English; a host may replace them). */
  texts: SiteStrings = siteEn;

  constructor() {
    super();
    this._prechat = 'off';
    this._accent = false;
    this._errors = {};
  }

  /** Reads the site, its settings and its automations (the welcome message). */
  protected override async load(api: AdminApi): Promise<void> {
    [this._site, this._settings, this._automations] = await Promise.all([
      new SiteApi(api).get(),
      new SiteSettingsApi(api).get(),
      new AutomationsApi(api).get(),
    ]);
  }

  /** Runs a save; a refusal about one of `fields` is shown beside it (and focused), any other above the page. */
  async #save(fields: readonly Field[], work: (api: AdminApi) => Promise<void>): Promise<boolean> {
    if (this.busy) return false;
    this.#fields = fields;
    this._errors = {};
    return this.run(work, this.texts.saved);
  }

  protected override failed(error: unknown): void {
    const field = fieldOf(error, this.#fields) as Field | undefined;
    if (!field) return super.failed(error);
    this._errors = { [field]: this.errorText(error) };
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(`#site-${field}`)?.focus());
  }

  #onSite = (event: SubmitEvent): void => {
    event.preventDefault();
    const site = this._site;
    if (!site) return;
    const data = new FormData(event.currentTarget as HTMLFormElement);
    const patch = {
      ...(site.configured.name ? {} : { name: String(data.get('name') ?? '') }),
      ...(site.configured.allowedOrigins ? {} : { allowedOrigins: lines(data.get('allowedOrigins')) }),
    };
    void this.#save(['name', 'allowedOrigins'], async (api) => {
      this._site = await new SiteApi(api).update(patch);
    });
  };

  #onBrand = (event: SubmitEvent): void => {
    event.preventDefault();
    const data = new FormData(event.currentTarget as HTMLFormElement);
    const logo = String(data.get('logoUrl') ?? '').trim();
    const patch = {
      brandColor: data.get('useColor') ? String(data.get('brandColor')) : null,
      logoUrl: logo === '' ? null : logo,
    };
    void this.#save(['brandColor', 'logoUrl'], async (api) => {
      this._settings = await new SiteSettingsApi(api).update(patch);
    });
  };

  #onWelcome = (event: SubmitEvent): void => {
    event.preventDefault();
    const current = this._automations;
    if (!current) return;
    const data = new FormData(event.currentTarget as HTMLFormElement);
    const text = String(data.get('welcome') ?? '').trim();
    const texts = { ...current.settings.welcome.texts };
    if (text === '') delete texts.en;
    else texts.en = text;
    const settings = { ...current.settings, welcome: { enabled: data.get('welcomeOn') !== null, texts } };
    void this.#save(['welcome'], async (api) => {
      this._automations = await new AutomationsApi(api).save(settings);
    });
  };

  async #rotate(): Promise<void> {
    await this.#save([], async (api) => {
      this._secret = await new SiteApi(api).rotateIdentitySecret();
    });
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('#site-secret')?.focus();
  }

  async #copy(value: string): Promise<void> {
    try {
      await navigator.clipboard.writeText(value);
      this.say(this.texts.copied);
    } catch {
      // Without clipboard access the field is selected: the user copies it themselves.
      this.renderRoot.querySelector<HTMLInputElement>('#site-secret')?.select();
    }
  }

  protected override render(): TemplateResult {
    const t = this.texts;
    const site = this._site;
    return html`<section class="card" aria-labelledby="site-title">
        <h2 id="site-title">${t.title}</h2>
        <p class="intro">${t.intro}</p>
        ${this.saveState()} ${site ? this.#siteForm(site) : html`<p class="muted">${this.strings.loading}</p>`}
      </section>
      ${this._settings ? this.#brandForm(this._settings) : nothing}
      ${this._automations ? this.#welcomeForm(this._automations) : nothing} ${site ? this.#embed(site) : nothing}
      ${site ? this.#secret(site) : nothing}`;
  }

  /** A field's refusal, and the ids its input is described by. */
  #error(field: Field): TemplateResult | typeof nothing {
    const message = this._errors[field];
    return message ? html`<p class="field-error" id=${`site-${field}-error`}>${message}</p>` : nothing;
  }

  #described(field: Field, help: string): string {
    return this._errors[field] ? `site-${field}-error ${help}` : help;
  }

  #siteForm(site: SiteProfile): TemplateResult {
    const t = this.texts;
    return html`<form class="site" data-save="site" @submit=${this.#onSite} novalidate>
      <label for="site-name">${t.name}</label>
      <input
        id="site-name"
        name="name"
        maxlength="120"
        .value=${site.name}
        ?readonly=${site.configured.name}
        aria-invalid=${this._errors.name ? 'true' : 'false'}
        aria-describedby=${this.#described('name', 'site-name-help')}
      />
      <p class="help" id="site-name-help">${site.configured.name ? t.configured('PARLEY_SITE_NAME') : t.nameHelp}</p>
      ${this.#error('name')}
      <label for="site-allowedOrigins">${t.origins}</label>
      <textarea
        id="site-allowedOrigins"
        name="allowedOrigins"
        spellcheck="false"
        .value=${site.allowedOrigins.join('\n')}
        ?readonly=${site.configured.allowedOrigins}
        aria-invalid=${this._errors.allowedOrigins ? 'true' : 'false'}
        aria-describedby=${this.#described('allowedOrigins', 'site-origins-help')}
      ></textarea>
      <p class="help" id="site-origins-help">
        ${site.configured.allowedOrigins ? t.configured('PARLEY_ALLOWED_ORIGINS') : t.originsHelp}
      </p>
      ${this.#error('allowedOrigins')}
      <div class="actions">
        <button
          class="primary"
          type="submit"
          ?disabled=${this.busy || (site.configured.name && site.configured.allowedOrigins)}
        >
          ${t.save}
        </button>
        ${this.saveState('site')}
      </div>
    </form>`;
  }

  #brandForm(settings: SiteSettings): TemplateResult {
    const t = this.texts;
    return html`<section class="card" aria-labelledby="site-brand-title">
      <h2 id="site-brand-title">${t.brandTitle}</h2>
      <p class="intro">${t.brandIntro}</p>
      <form class="brand" data-save="brand" @submit=${this.#onBrand} novalidate>
        <div class="color">
          <label class="radio"
            ><input type="checkbox" name="useColor" ?checked=${Boolean(settings.brandColor)} /> ${t.color}</label
          >
          <input
            id="site-brandColor"
            type="color"
            name="brandColor"
            aria-label=${t.color}
            .value=${settings.brandColor ?? '#2563eb'}
            aria-invalid=${this._errors.brandColor ? 'true' : 'false'}
          />
          ${settings.brandColor ? nothing : html`<span class="muted">${t.noColor}</span>`}
        </div>
        ${this.#error('brandColor')}
        <label for="site-logoUrl">${t.logo}</label>
        <input
          id="site-logoUrl"
          name="logoUrl"
          type="url"
          inputmode="url"
          placeholder="https://"
          .value=${settings.logoUrl ?? ''}
          aria-invalid=${this._errors.logoUrl ? 'true' : 'false'}
          aria-describedby=${this.#described('logoUrl', 'site-logo-help')}
        />
        <p class="help" id="site-logo-help">${t.logoHelp}</p>
        ${this.#error('logoUrl')}
        <div class="actions">
          <button class="primary" type="submit" ?disabled=${this.busy}>${t.save}</button>${this.saveState('brand')}
        </div>
      </form>
    </section>`;
  }

  #welcomeForm(automations: AutomationsAnswer): TemplateResult {
    const t = this.texts;
    const welcome = automations.settings.welcome;
    return html`<section class="card" aria-labelledby="site-welcome-title">
      <h2 id="site-welcome-title">${t.welcomeTitle}</h2>
      <p class="intro">${t.welcomeIntro}</p>
      <form class="welcome" data-save="welcome" @submit=${this.#onWelcome} novalidate>
        <label class="radio"><input type="checkbox" name="welcomeOn" ?checked=${welcome.enabled} /> ${t.welcomeOn}</label>
        <label for="site-welcome">${t.welcomeText}</label>
        <textarea
          id="site-welcome"
          name="welcome"
          maxlength="2000"
          placeholder=${automations.defaults.welcome.en ?? ''}
          .value=${welcome.texts.en ?? ''}
          aria-invalid=${this._errors.welcome ? 'true' : 'false'}
        ></textarea>
        ${this.#error('welcome')}
        <div class="actions">
          <button class="primary" type="submit" ?disabled=${this.busy}>${t.save}</button>${this.saveState('welcome')}
        </div>
      </form>
    </section>`;
  }

  #embed(site: SiteProfile): TemplateResult {
    const t = this.texts;
    const color = this._accent ? this._settings?.brandColor : undefined;
    const attributes = [
      `data-site-key="${site.siteKey}"`,
      ...(this._prechat !== 'off' ? [`data-prechat="${this._prechat}"`] : []),
      ...(color ? [`data-accent="${color}"`] : []),
    ];
    const code = `<script src="${location.origin}/widget.js" ${attributes.join(' ')} async></script>`;
    return html`<section class="card" aria-labelledby="site-embed-title">
      <h2 id="site-embed-title">${t.embedTitle}</h2>
      <p class="intro">${t.embedIntro}</p>
      <label for="site-prechat">${t.prechat}</label>
      <select
        id="site-prechat"
        @change=${(event: Event) => (this._prechat = (event.target as HTMLSelectElement).value as Prechat)}
      >
        ${(['off', 'optional', 'required'] as const).map(
          (mode) => html`<option value=${mode} ?selected=${mode === this._prechat}>${t.prechatModes[mode]}</option>`,
        )}
      </select>
      ${
        this._settings?.brandColor
          ? html`<label class="radio"
              ><input
                type="checkbox"
                .checked=${this._accent}
                @change=${(event: Event) => (this._accent = (event.target as HTMLInputElement).checked)}
              />
              ${t.useColor}</label
            >`
          : nothing
      }
      <label for="site-code">${t.embedCode}</label>
      <textarea id="site-code" class="code" readonly .value=${code}></textarea>
    </section>`;
  }

  #secret(site: SiteProfile): TemplateResult {
    const t = this.texts;
    const fixed = site.configured.identitySecret;
    return html`<section class="card" aria-labelledby="site-secret-title" data-save="secret">
      <h2 id="site-secret-title">${t.secretTitle}</h2>
      <p class="intro">${fixed ? t.configured('PARLEY_IDENTITY_SECRET') : t.secretIntro}</p>
      ${
        this._secret
          ? html`<label for="site-secret">${t.newSecret}</label>
              <div class="actions">
                <input
                  id="site-secret"
                  class="secret"
                  readonly
                  size="48"
                  .value=${this._secret}
                  aria-describedby="site-secret-help"
                />
                <button type="button" class="secondary" @click=${() => void this.#copy(this._secret!)}>${t.copy}</button>
              </div>
              <p class="help" id="site-secret-help">${t.newSecretHelp}</p>`
          : nothing
      }
      ${
        this.#confirm.pending
          ? this.#confirm.render(
              { text: t.rotateConfirm, ok: t.rotateNow, cancel: t.cancel, id: 'site-rotate-text', busy: this.busy },
              () => this.#rotate(),
            )
          : html`<div class="actions">
              <button type="button" class="secondary open-rotate" ?disabled=${fixed} @click=${() => this.#confirm.ask(true, '.open-rotate')}>
                ${t.rotate}
              </button>
              ${this.saveState('secret')}
            </div>`
      }
    </section>`;
  }
}

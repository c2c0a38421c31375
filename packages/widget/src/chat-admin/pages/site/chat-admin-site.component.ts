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
import { WidgetLookApi, type WidgetLook } from './widget-look-api.js';
import { lookForm, lookFromForm } from './site-look-form.js';

type Field = 'name' | 'allowedOrigins' | 'brandColor' | 'logoUrl' | 'welcome' | 'look';

/** The embed code's attributes that override what this page sets, on their page only (the widget's README). */
const OVERRIDES = ['data-accent', 'data-theme', 'data-position', 'data-prechat'] as const;

/** The relay's command that installs the SDK from it (`GET /packages/`), or undefined when it serves none. */
async function sdkInstall(): Promise<string | undefined> {
  try {
    const answer = await fetch('/packages/', { credentials: 'omit' });
    if (!answer.ok) return undefined;
    const { install } = (await answer.json()) as { install?: { sdk?: unknown } };
    return typeof install?.sdk === 'string' ? install.sdk : undefined;
  } catch {
    return undefined;
  }
}

/** `a\n\n b ` → `['a', 'b']`. */
function lines(value: FormDataEntryValue | null): string[] {
  return String(value ?? '')
    .split(/[\n,]/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

/**
 * The Site settings page of `<chat-admin>` (admins): the site's name and allowed origins, its colour (the widget's
 * and the emails') and the emails' logo, its welcome message, the widget's look (theme, side, pre-chat form), the
 * code for its pages — the site key alone: the site's loader sets the rest — with the attributes that override it,
 * and the rotation of its identity secret, shown once. A field the relay's configuration sets is read-only here;
 * the relay's refusals are shown beside the field they are about.
 *
 * @summary Site settings: name, origins, colour, logo, welcome, widget look, code, identity secret.
 * @tag chat-admin-site
 */
export class ChatAdminSite extends AdminPage {
  static override styles = [
    pageStyles,
    css`
      textarea.code {
        font-family: ui-monospace, monospace;
        font-size: 12px;
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
    _look: { state: true },
    _secret: { state: true },
    _errors: { state: true },
    _sdkInstall: { state: true },
  };

  declare private _site: SiteProfile | undefined;
  declare private _settings: SiteSettings | undefined;
  declare private _automations: AutomationsAnswer | undefined;
  declare private _look: Required<WidgetLook> | undefined;
  /** `npm install` of the SDK's tarballs the relay serves (`GET /packages/`), when it serves them. */
  declare private _sdkInstall: string | undefined;
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
    this._errors = {};
  }

  /** Reads the site, its settings, its automations (the welcome message) and the widget's look. */
  protected override async load(api: AdminApi): Promise<void> {
    [this._site, this._settings, this._automations, this._look] = await Promise.all([
      new SiteApi(api).get(),
      new SiteSettingsApi(api).get(),
      new AutomationsApi(api).get(),
      new WidgetLookApi(api).get(),
    ]);
    void sdkInstall().then((command) => (this._sdkInstall = command));
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

  #onLook = (event: SubmitEvent): void => {
    event.preventDefault();
    const look = lookFromForm(event.currentTarget as HTMLFormElement);
    void this.#save(['look'], async (api) => {
      this._look = await new WidgetLookApi(api).save(look);
    });
  };

  async #rotate(): Promise<void> {
    await this.#save([], async (api) => {
      this._secret = await new SiteApi(api).rotateIdentitySecret();
    });
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('#site-secret')?.focus();
  }

  async #copy(value: string, field = '#site-secret'): Promise<void> {
    try {
      await navigator.clipboard.writeText(value);
      this.say(this.texts.copied);
    } catch {
      // Without clipboard access the field is selected: the user copies it themselves.
      this.renderRoot.querySelector<HTMLInputElement | HTMLTextAreaElement>(field)?.select();
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
      ${this._automations ? this.#welcomeForm(this._automations) : nothing}
      ${this._look ? this.#lookForm(this._look) : nothing} ${site ? this.#embed(site) : nothing}
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

  #lookForm(look: Required<WidgetLook>): TemplateResult {
    return lookForm(this.texts, look, {
      onSubmit: this.#onLook,
      busy: this.busy,
      error: this.#error('look'),
      saveState: this.saveState('look'),
    });
  }

  #embed(site: SiteProfile): TemplateResult {
    const t = this.texts;
    const code = `<script src="${location.origin}/widget.js?site=${encodeURIComponent(site.siteKey)}" async></script>`;
    return html`<section class="card" aria-labelledby="site-embed-title" data-save="embed">
      <h2 id="site-embed-title">${t.embedTitle}</h2>
      <p class="intro">${t.embedIntro}</p>
      <label for="site-code">${t.embedCode}</label>
      <textarea id="site-code" class="code" readonly .value=${code}></textarea>
      <div class="actions">
        <button type="button" class="secondary copy-code" @click=${() => void this.#copy(code, '#site-code')}>${t.copy}</button>
        ${this.saveState('embed')}
      </div>
      ${
        this._sdkInstall
          ? html`<label for="site-sdk">${t.sdkCode}</label>
              <textarea id="site-sdk" class="code" readonly .value=${this._sdkInstall}></textarea>
              <div class="actions">
                <button type="button" class="secondary" @click=${() => void this.#copy(this._sdkInstall!, '#site-sdk')}>
                  ${t.copy}
                </button>
              </div>`
          : nothing
      }
      <h3>${t.overridesTitle}</h3>
      <p class="help">${t.overridesIntro}</p>
      <ul class="overrides">
        ${OVERRIDES.map((name) => html`<li><code>${name}</code> ${t.overrides[name]}</li>`)}
      </ul>
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

import { html, nothing, type TemplateResult } from 'lit';
import {
  SSO_DEFAULT_ROLES,
  type SsoDefaultRole,
  type SsoDomain,
  type SsoKind,
  type SsoProvider,
} from '@parley/protocol/admin';
import type { AdminApi } from '../../admin-api.js';
import { AdminPage } from '../../kit/admin-page.js';
import { Confirm } from '../../kit/confirm.js';
import { pageStyles } from '../../kit/page.styles.js';
import { SsoApi } from './sso-api.js';
import { ssoPageEn, type SsoPageStrings } from './sso-page-strings.js';

const words = (text: string): string[] =>
  text
    .split(/[\s,]+/)
    .map((word) => word.trim())
    .filter(Boolean);

/**
 * The Single sign-on page of `<chat-admin>` (admins): the site's OpenID Connect and SAML 2.0 providers — added,
 * checked, enabled or disabled, deleted — with what to register at each (the redirect URI; for SAML the entity id,
 * ACS URL and metadata URL), and whether the site requires single sign-on (`/v1/admin/sso/*`, docs/accounts.md,
 * "Single sign-on"). A client secret is sent once and never shown.
 *
 * @summary The site's identity providers.
 * @tag chat-admin-sso
 */
export class ChatAdminSsoSettings extends AdminPage {
  static override styles = [pageStyles];

  static override properties = {
    ...AdminPage.properties,
    _providers: { state: true },
    _requireSso: { state: true },
    _checked: { state: true },
    _kind: { state: true },
    _domains: { state: true },
  };

  declare private _providers: SsoProvider[] | undefined;
  declare private _requireSso: boolean;
  /** What the last check of a provider found, by its id. */
  declare private _checked: Record<string, string>;
  /** The kind of provider the add form is for. */
  declare private _kind: SsoKind;
  /** The email domains of the site's providers, and what the last verification of each said. */
  declare private _domains: { items: SsoDomain[]; said: Record<string, string> };
  readonly #removing = new Confirm<SsoProvider>(this);

  constructor() {
    super();
    this._requireSso = false;
    this._checked = {};
    this._kind = 'oidc';
    this._domains = { items: [], said: {} };
  }

  get #t(): SsoPageStrings {
    return this.strings.ssoSettingsPage ?? ssoPageEn;
  }

  protected override async load(api: AdminApi): Promise<void> {
    const sso = new SsoApi(api);
    const [providers, settings, domains] = await Promise.all([sso.providers(), sso.settings(), sso.domains()]);
    this._providers = providers;
    this._requireSso = settings.requireSso;
    this._domains = { items: domains, said: {} };
  }

  /** Saving a provider claims its domains: the list is read again. */
  async #reloadDomains(api: AdminApi): Promise<void> {
    this._domains = { ...this._domains, items: await new SsoApi(api).domains() };
  }

  #verify(domain: string): Promise<boolean> {
    return this.run(async (api) => {
      const found = await new SsoApi(api).verifyDomain(domain);
      this._domains = {
        items: this._domains.items.map((d) => (d.domain === found.domain ? found : d)),
        said: {
          ...this._domains.said,
          [domain]: found.verified ? this.#t.verifiedNow(domain) : this.#t.notFoundYet(domain),
        },
      };
    });
  }

  /** Puts the domain as the relay answered it in the list. */
  #took(found: SsoDomain): void {
    this._domains = {
      items: this._domains.items.map((d) => (d.domain === found.domain ? found : d)),
      said: { ...this._domains.said, [found.domain]: found.verified ? this.#t.verifiedNow(found.domain) : '' },
    };
  }

  #onSendCode = async (event: SubmitEvent): Promise<void> => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const address = String(new FormData(form).get('address') ?? '').trim();
    await this.run(
      async (api) => this.#took(await new SsoApi(api).mailDomainCode(form.dataset.domain!, address)),
      this.#t.codeSent(address.toLowerCase()),
    );
  };

  #onConfirmCode = async (event: SubmitEvent): Promise<void> => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const code = String(new FormData(form).get('code') ?? '').trim();
    await this.run(async (api) => this.#took(await new SsoApi(api).confirmDomainCode(form.dataset.domain!, code)));
  };

  /** Beside the TXT record: a code mailed to an address at the domain, and where to enter it once sent. */
  #renderMail(t: SsoPageStrings, d: SsoDomain): TemplateResult {
    const key = `mail-${d.domain}`;
    return html`<form class="domain-mail" data-save=${key} data-domain=${d.domain} @submit=${this.#onSendCode}>
        <p class="help">${t.byMail(d.domain)}</p>
        <label>${t.mailAddress(d.domain)}<input name="address" type="email" maxlength="254" required autocomplete="off" placeholder=${`postmaster@${d.domain}`} /></label>
        <div class="actions">
          <button class="secondary send-code" type="submit" ?disabled=${this.busy}>${t.sendCode}</button>${d.mail ? nothing : this.saveState(key)}
        </div>
      </form>
      ${
        d.mail
          ? html`<form class="domain-code" data-save=${key} data-domain=${d.domain} @submit=${this.#onConfirmCode}>
              <p class="notice" role="note">${t.codeSent(d.mail.address)}</p>
              <label>${t.code}<input name="code" autocomplete="one-time-code" spellcheck="false" maxlength="32" required /></label>
              <div class="actions">
                <button class="primary confirm-code" type="submit" ?disabled=${this.busy}>${t.confirmCode}</button>${this.saveState(key)}
              </div>
            </form>`
          : nothing
      }`;
  }

  #renderDomains(t: SsoPageStrings): TemplateResult | typeof nothing {
    if (this._domains.items.length === 0) return nothing;
    return html`<section class="card" aria-labelledby="sso-domains-title">
      <h2 id="sso-domains-title">${t.domainsTitle}</h2>
      <p class="intro">${t.domainsIntro}</p>
      <ul class="items">
        ${this._domains.items.map(
          (d) => html`<li class="item domain" data-domain=${d.domain}>
            <h3>${d.domain}</h3>
            <p class="row"><span class="state ${d.verified ? 'enabled' : 'disabled'}">${d.verified ? t.domainVerified : t.domainUnverified}</span></p>
            ${d.verified ? nothing : html`<p><code>${t.domainRecord(d.record.name, d.record.value)}</code></p>`}
            ${this._domains.said[d.domain] ? html`<p class="muted" role="status">${this._domains.said[d.domain]}</p>` : nothing}
            ${
              d.verified
                ? nothing
                : html`<div class="row"><button type="button" class="secondary verify" ?disabled=${this.busy} @click=${() => void this.#verify(d.domain)}>${t.verify}</button></div>
                    ${this.#renderMail(t, d)}`
            }
          </li>`,
        )}
      </ul>
    </section>`;
  }

  #onRequire = async (event: SubmitEvent): Promise<void> => {
    event.preventDefault();
    const requireSso = new FormData(event.currentTarget as HTMLFormElement).get('requireSso') === 'on';
    await this.run(async (api) => {
      this._requireSso = (await new SsoApi(api).saveSettings({ requireSso })).requireSso;
    }, this.#t.saved);
  };

  #onAdd = async (event: SubmitEvent): Promise<void> => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const data = Object.fromEntries([...new FormData(form)].map(([key, value]) => [key, String(value).trim()]));
    await this.run(async (api) => {
      const scopes = words(data.scopes ?? '');
      const common = {
        name: data.name!,
        allowedDomains: words(data.allowedDomains ?? '').map((d) => d.toLowerCase()),
        defaultRole: (data.defaultRole ?? 'agent') as SsoDefaultRole,
      };
      const made = await new SsoApi(api).create(
        this._kind === 'saml'
          ? {
              kind: 'saml',
              ...common,
              idpEntityId: data.idpEntityId!,
              ssoUrl: data.ssoUrl!,
              idpCertificate: data.idpCertificate!,
              ...(data.emailAttribute ? { emailAttribute: data.emailAttribute } : {}),
            }
          : {
              ...common,
              issuer: data.issuer!,
              clientId: data.clientId!,
              clientSecret: data.clientSecret!,
              ...(scopes.length > 0 ? { scopes } : {}),
            },
      );
      this._providers = [...(this._providers ?? []), made];
      form.reset();
      await this.#reloadDomains(api);
    }, this.#t.added);
  };

  #toggle(provider: SsoProvider): Promise<boolean> {
    return this.run(async (api) => {
      const changed = await new SsoApi(api).update(provider.id, { enabled: !provider.enabled });
      this._providers = this._providers?.map((p) => (p.id === changed.id ? changed : p));
    }, this.#t.saved);
  }

  #check(provider: SsoProvider): Promise<boolean> {
    return this.run(async (api) => {
      const found = await new SsoApi(api).check(provider.id);
      this._checked = {
        ...this._checked,
        [provider.id]:
          provider.kind === 'saml'
            ? found.ok
              ? this.#t.samlCheckOk(found.authorizationEndpoint ?? '')
              : this.#t.samlCheckFailed(found.problem ?? '')
            : found.ok
              ? this.#t.checkOk(found.authorizationEndpoint ?? '', found.backChannelLogoutSupported)
              : this.#t.checkFailed(found.problem ?? ''),
      };
    });
  }

  #remove(provider: SsoProvider): Promise<boolean> {
    return this.run(async (api) => {
      await new SsoApi(api).remove(provider.id);
      this._providers = this._providers?.filter((p) => p.id !== provider.id);
    }, this.#t.removed);
  }

  #renderProvider(t: SsoPageStrings, p: SsoProvider): TemplateResult {
    return html`<li class="item" data-id=${p.id}>
      <h3>${p.name}</h3>
      <p class="row">
        <span class="state ${p.enabled ? 'enabled' : 'disabled'}">${p.enabled ? t.enabled : t.disabled}</span>
        <span>${t.kinds[p.kind]} · ${p.kind === 'saml' ? p.idpEntityId : p.issuer}</span>
      </p>
      <p class="muted">${t.domainsRole(p.allowedDomains.join(', '), t.roles[p.defaultRole])}</p>
      ${
        p.kind === 'saml'
          ? html`<p>${t.spEntityId}: <code>${p.spEntityId}</code></p>
              <p>${t.acsUrl}: <code>${p.acsUrl}</code></p>
              <p>${t.metadataUrl}: <code>${p.metadataUrl}</code></p>`
          : html`<p>${t.redirectUri}: <code>${p.redirectUri}</code></p>
              <p>${t.backChannelUri}: <code>${p.backChannelLogoutUri}</code></p>`
      }
      ${this._checked[p.id] ? html`<p class="muted" role="status">${this._checked[p.id]}</p>` : nothing}
      ${
        this.#removing.is(p)
          ? nothing
          : html`<div class="row">
              <button type="button" class="secondary discover" ?disabled=${this.busy} @click=${() => void this.#check(p)}>${t.check}</button>
              <button type="button" class="secondary toggle" ?disabled=${this.busy} @click=${() => void this.#toggle(p)}>
                ${p.enabled ? t.disable : t.enable}
              </button>
              <button type="button" class="danger delete" @click=${() => this.#removing.ask(p, `[data-id="${p.id}"] .delete`)}>${t.remove}</button>
            </div>`
      }
      ${this.#removing.is(p) ? this.#removing.render({ text: t.confirmRemove(p.name), ok: t.remove, cancel: t.cancel }, (x) => this.#remove(x)) : nothing}
    </li>`;
  }

  protected override render(): TemplateResult {
    const t = this.#t;
    const providers = this._providers;
    if (!providers)
      return html`<section class="card" aria-labelledby="sso-title">
        <h2 id="sso-title">${t.title}</h2>
        ${this.saveState()} ${this.error ? nothing : html`<p class="muted">${this.strings.loading}</p>`}
      </section>`;
    return html`<section class="card" aria-labelledby="sso-title">
        <h2 id="sso-title">${t.title}</h2>
        <p class="intro">${t.intro}</p>
        ${this.saveState()}
        <form data-save="require" @submit=${this.#onRequire}>
          <label><input type="checkbox" name="requireSso" aria-describedby="sso-require-help" .checked=${this._requireSso} /> ${t.require}</label>
          <p id="sso-require-help" class="help">${t.requireHelp}</p>
          <div class="actions">
            <button class="primary" type="submit" ?disabled=${this.busy}>${t.save}</button>${this.saveState('require')}
          </div>
        </form>
      </section>
      <section class="card" aria-labelledby="sso-providers-title">
        <h2 id="sso-providers-title">${t.providers}</h2>
        ${
          providers.length === 0
            ? html`<p class="muted">${t.none}</p>`
            : html`<ul class="items">${providers.map((p) => this.#renderProvider(t, p))}</ul>`
        }
      </section>
      ${this.#renderDomains(t)}
      <section class="card" aria-labelledby="sso-add-title">
        <h2 id="sso-add-title">${t.add}</h2>
        <form data-save="add" @submit=${this.#onAdd}>
          <label>${t.name}<input name="name" maxlength="60" required aria-describedby="sso-name-help" /></label>
          <p id="sso-name-help" class="help">${t.nameHelp}</p>
          <label>${t.kind}<select name="kind" @change=${(event: Event) => (this._kind = (event.target as HTMLSelectElement).value as SsoKind)}>
            ${(['oidc', 'saml'] as const).map((kind) => html`<option value=${kind} ?selected=${this._kind === kind}>${t.kinds[kind]}</option>`)}
          </select></label>
          ${
            this._kind === 'saml'
              ? html`<label>${t.idpEntityId}<input name="idpEntityId" maxlength="512" required /></label>
                  <label>${t.ssoUrl}<input name="ssoUrl" type="url" maxlength="512" required /></label>
                  <label>${t.idpCertificate}<textarea name="idpCertificate" rows="6" required aria-describedby="sso-certificate-help"></textarea></label>
                  <p id="sso-certificate-help" class="help">${t.idpCertificateHelp}</p>
                  <label>${t.emailAttribute}<input name="emailAttribute" maxlength="256" aria-describedby="sso-email-attribute-help" /></label>
                  <p id="sso-email-attribute-help" class="help">${t.emailAttributeHelp}</p>`
              : html`<label>${t.issuer}<input name="issuer" type="url" maxlength="512" required aria-describedby="sso-issuer-help" /></label>
                  <p id="sso-issuer-help" class="help">${t.issuerHelp}</p>
                  <label>${t.clientId}<input name="clientId" maxlength="256" required autocomplete="off" /></label>
                  <label>${t.clientSecret}<input name="clientSecret" type="password" maxlength="1024" required autocomplete="new-password" /></label>`
          }
          <label>${t.domains}<input name="allowedDomains" required aria-describedby="sso-domains-help" /></label>
          <p id="sso-domains-help" class="help">${t.domainsHelp}</p>
          ${
            this._kind === 'saml'
              ? nothing
              : html`<label>${t.scopes}<input name="scopes" placeholder="email profile" aria-describedby="sso-scopes-help" /></label>
                  <p id="sso-scopes-help" class="help">${t.scopesHelp}</p>`
          }
          <label>${t.defaultRole}<select name="defaultRole">
            ${SSO_DEFAULT_ROLES.map((role) => html`<option value=${role}>${t.roles[role]}</option>`)}
          </select></label>
          <div class="actions">
            <button class="primary" type="submit" ?disabled=${this.busy}>${t.add}</button>${this.saveState('add')}
          </div>
        </form>
      </section>`;
  }
}

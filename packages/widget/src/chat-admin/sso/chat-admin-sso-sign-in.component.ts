import { LitElement, css, html, nothing, type TemplateResult } from 'lit';
import type { Session, SsoLinkInfo, SsoPublicProviders } from '@parley/protocol/admin';
import type { AdminStrings } from '../admin-strings.js';
import { chatAdminSignInStyles } from '../chat-admin-sign-in.styles.js';
import type { InboxController } from '../inbox-controller.js';
import { ssoEn, type SsoStrings } from './sso-strings.js';

/** What a refusal of `/v1/sso/*` says: the relay's message (the catalog's), or the English one. */
async function refusal(response: Response, fallback: string): Promise<string> {
  const body = (await response.json().catch(() => undefined)) as { error?: { message?: string } } | undefined;
  return body?.error?.message ?? fallback;
}

/**
 * Single sign-on on the inbox's sign-in page, in a chunk of its own (fetched only when the relay has providers): a
 * "Sign in with <provider>" button per provider, "(<site>)" after it on a relay of several sites; the refusal a provider's sign-in came back with
 * (`#sso-error=<code>`); and the form that links a provider's identity to the existing account of its email with
 * that account's password (`#sso-link=<token>`, `POST /v1/sso/link`). The
 * buttons are plain links to the relay (`/v1/sso/start/<id>`): the browser goes to the provider and back.
 *
 * @summary Sign in through the company's identity provider.
 * @tag chat-admin-sso-sign-in
 */
export class ChatAdminSsoSignIn extends LitElement {
  static override styles = [
    chatAdminSignInStyles,
    css`
      /* Inside the sign-in card: the card's colours, not the page's surface behind it. */
      :host {
        display: block;
        height: auto;
        overflow: visible;
        background: none;
      }
      .sso {
        display: grid;
        gap: 8px;
      }
      .sso a {
        display: block;
        padding: 9px 14px;
        border: 1px solid color-mix(in srgb, var(--_fg) 45%, var(--_raised));
        border-radius: 8px;
        background: var(--_raised);
        color: inherit;
        font-weight: 600;
        text-align: center;
        text-decoration: none;
      }
      .sso a:hover {
        border-color: var(--_fg);
      }
      .error:empty {
        display: none;
      }
    `,
  ];

  static override properties = {
    /** The inbox's theme (`light`, `dark`; none: the system's), as the sign-in page has it. */
    theme: { type: String, reflect: true },
    inbox: { attribute: false },
    strings: { attribute: false },
    providers: { attribute: false },
    _link: { state: true },
    _error: { state: true },
    _busy: { state: true },
  };

  declare theme: string | undefined;
  declare inbox: InboxController;
  declare strings: AdminStrings | undefined;
  /** The relay's providers (`GET /v1/sso/providers`), read by the sign-in page. */
  declare providers: SsoPublicProviders['items'];
  declare private _link: SsoLinkInfo | undefined;
  declare private _error: string | undefined;
  declare private _busy: boolean;
  #token = '';

  constructor() {
    super();
    this.providers = [];
    this._busy = false;
  }

  get #s(): SsoStrings {
    return this.strings?.ssoPage ?? ssoEn;
  }

  /** The relay's `/v1/sso` beside the admin API the inbox uses. */
  get #base(): string {
    return (this.inbox.host.apiBase ?? `${location.origin}/v1/admin`).replace(/\/admin\/*$/, '/sso');
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // What a provider's sign-in came back with, taken out of the address and the history at once (a link token
    // works once); the inbox's shell does not know these, so its first load carries none of this.
    const back = /^#sso-(link|error)=([\w-]{1,200})$/.exec(location.hash);
    if (back) {
      history.replaceState(history.state, '', location.href.split('#')[0]);
      if (back[1] === 'error') this._error = this.#s.errors[back[2]!] ?? this.#s.error;
      else this.inbox.set({ link: { kind: 'sso-link', token: back[2]! } });
    }
    const link = this.inbox.state.link;
    if (link?.kind === 'sso-link') {
      this.#token = link.token;
      void this.#post<SsoLinkInfo>('/link/inspect', { token: link.token }).then((info) => (this._link = info));
    }
  }

  async #post<T>(path: string, body: unknown): Promise<T | undefined> {
    this._busy = true;
    this._error = undefined;
    try {
      const response = await fetch(`${this.#base}${path}`, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify(body),
      });
      if (!response.ok) {
        this._error = await refusal(response, this.#s.error);
        return undefined;
      }
      return (await response.json()) as T;
    } catch {
      this._error = this.#s.error;
      return undefined;
    } finally {
      this._busy = false;
    }
  }

  #onLink = async (event: SubmitEvent): Promise<void> => {
    event.preventDefault();
    const data = new FormData(event.currentTarget as HTMLFormElement);
    const code = String(data.get('code') ?? '').replace(/\s/g, '');
    const session = await this.#post<Session>('/link', {
      token: this.#token,
      password: String(data.get('password') ?? ''),
      ...(code ? { code } : {}),
    });
    if (!session) return;
    this.inbox.set({ link: undefined });
    await this.inbox.signInSession(session);
  };

  /** Back to the sign-in form (the sign-in page follows the inbox's state). */
  #back = (): void => this.inbox.set({ link: undefined });

  protected override render(): TemplateResult {
    const s = this.#s;
    const error = html`<p class="error" role="alert">${this._error ?? ''}</p>`;
    const link = this.inbox.state.link;
    if (link?.kind === 'sso-link') {
      const info = this._link;
      return html`<form @submit=${this.#onLink} aria-labelledby="sso-link-title">
        <h1 id="sso-link-title">${s.linkTitle}</h1>
        ${
          info
            ? html`<p class="muted">${s.linkIntro(info.provider, info.email, info.site)}</p>
                <input type="hidden" name="email" autocomplete="username" .value=${info.email} />
                <label for="sso-password">${s.password}</label>
                <input id="sso-password" name="password" type="password" autocomplete="current-password" maxlength="1024" required />
                ${
                  info.totpRequired
                    ? html`<label for="sso-code">${s.code}</label>
                        <input id="sso-code" name="code" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9 ]{6,7}" maxlength="7" required />`
                    : nothing
                }
                <button class="primary" type="submit" ?disabled=${this._busy}>${this._busy ? s.linking : s.link}</button>`
            : nothing
        }
        ${error}
        <button type="button" class="link" @click=${this.#back}>${s.back}</button>
      </form>`;
    }
    return html`${error}
      <div class="sso">
        ${this.providers.map(
          (p) => html`<a href=${`${this.#base}/start/${encodeURIComponent(p.id)}`}>${s.signInWith(p.name, p.site)}</a>`,
        )}
      </div>
      ${this.providers.length > 0 ? html`<p class="muted">${s.or}</p>` : nothing}`;
  }
}

/** Registers `<chat-admin-sso-sign-in>` (once). */
export function defineSso(): void {
  if (!customElements.get('chat-admin-sso-sign-in'))
    customElements.define('chat-admin-sso-sign-in', ChatAdminSsoSignIn);
}

import { LitElement, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import type { AdminStrings } from './admin-strings.js';
import type { AuthApi, AuthSession, InvitationInfo, SetupInfo } from './auth-api.js';
import { AdminApiError } from './admin-api.js';
import type { AuthStrings } from './auth-strings.js';
import { chatAdminSignInStyles } from './chat-admin-sign-in.styles.js';
import { authError, signInEn, type SignInStrings } from './sign-in-strings.js';
import type { InboxController } from './inbox-controller.js';

type Mode =
  | 'password'
  | 'totp'
  | 'recovery'
  | 'token'
  | 'forgot'
  | 'setup'
  | 'setup-gone'
  | 'invite'
  | 'reset'
  | 'twofa'
  | 'twofa-code'
  | 'sso-link';

/**
 * The sign-in page of `<chat-admin>`, fetched only while signed out: email and password, then a code from an
 * authenticator app (or a recovery code) when the account has two-factor sign-in; a staff token instead (the
 * path of relays before accounts); "Forgot password?". Opened with a one-time link, it is that link's form: the
 * first owner (`#setup=`, inspected first: a wrong or used link is said at once, with the ways on), an invitation
 * (`#invite=`, inspected first), a new password (`#reset=`). A site that
 * requires two-factor sign-in from an account that has none gets its setup here; from a session opened without the
 * account's code (an invitation accepted with the password alone), a sign-in again with it. The relay's refusals are
 * said in a live region, a rate limit or a lock with the wait.
 *
 * @summary Sign in with an account (and 2FA), a token, or a one-time link.
 * @tag chat-admin-sign-in
 */
export class ChatAdminSignIn extends LitElement {
  static override styles = chatAdminSignInStyles;

  static override properties = {
    inbox: { attribute: false },
    strings: { attribute: false },
    theme: { type: String, reflect: true },
    _mode: { state: true },
    _error: { state: true },
    _status: { state: true },
    _busy: { state: true },
    _invitation: { state: true },
    _setup: { state: true },
    _auth: { state: true },
    _totpStrings: { state: true },
    _sso: { state: true },
  };

  declare inbox: InboxController;
  declare strings: AdminStrings;
  declare theme: string;
  declare private _mode: Mode;
  declare private _error: string | undefined;
  declare private _status: string | undefined;
  declare private _busy: boolean;
  declare private _invitation: InvitationInfo | undefined;
  declare private _setup: SetupInfo | undefined;
  /** The account routes, once their client is in (the two-factor setup takes it). */
  declare private _auth: AuthApi | undefined;
  /** The two-factor setup's strings (the Account page's), fetched with it. */
  declare private _totpStrings: AuthStrings | undefined;
  /** The relay's identity providers, once single sign-on's chunk is in (only when it has some). */
  declare private _sso: unknown[] | undefined;
  #challenge = '';
  /**
   * The relay asked for the code it emailed to the invited address (a handed-over invitation, issue #80): set with
   * the refusal that says so (`_error`), which renders it.
   */
  #mailCode = false;
  /** The email of a session signed out to sign in again with its code: the form starts with it. */
  #email = '';
  #unwatch: (() => void) | undefined;

  constructor() {
    super();
    this._mode = 'password';
    this._busy = false;
  }

  get #s(): SignInStrings {
    return this.strings?.authPage ?? signInEn;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.#unwatch ??= this.inbox.watch(this);
    const { link } = this.inbox.state;
    // Single sign-on: its buttons and forms are a chunk of their own, fetched only when the relay has a provider.
    // The buttons of the site being signed in to (`/admin?site=<id>`; the default site's without it), never another's.
    const site = new URLSearchParams(location.search).get('site');
    const query = site ? `?site=${encodeURIComponent(site)}` : '';
    fetch(`${(this.inbox.host.apiBase ?? '/v1/admin').replace(/\/admin\/*$/, '')}/sso/providers${query}`)
      .then((r) => r.json())
      .then(async ({ items }) => {
        if (items[0]) (await import('./sso/chat-admin-sso-sign-in.component.js')).defineSso();
        this._sso = items[0] && items;
      })
      .catch(() => undefined);
    if (link) {
      this._mode = link.kind;
      if (link.kind === 'invite')
        void this.#run(async (auth) => {
          this._invitation = await auth.inspectInvitation(link.token);
        });
      // The owner form only for a link that works: a wrong or used one was said only once the form was filled.
      if (link.kind === 'setup')
        void this.#run(async (auth) => {
          try {
            this._setup = await auth.inspectSetup(link.token);
          } catch (error) {
            if (!(error instanceof AdminApiError) || (error.status !== 404 && error.status !== 410)) throw error;
            this._mode = 'setup-gone';
            this._error = error.status === 404 ? this.#s.setupNoSuchLink : this.#s.linkGone;
          }
        });
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#unwatch?.();
    this.#unwatch = undefined;
  }

  protected override willUpdate(): void {
    // A session opened without the code on a site that requires it: the relay takes the code only at sign-in.
    if (this.inbox.state.session?.require2faCode && this._mode !== 'twofa-code') this._mode = 'twofa-code';
    // A session that may only set up two-factor sign-in (the site requires it), however it came.
    else if (this.inbox.state.session?.require2faSetup && this._mode !== 'twofa') {
      // Its own chunks: only a session that must set up two-factor sign-in fetches them.
      void Promise.all([
        import('./pages/account/chat-admin-totp.component.js'),
        import('./auth-strings.js'),
        this.inbox.auth(),
      ]).then(([{ defineTotp }, { authEn }, auth]) => {
        defineTotp();
        this._totpStrings = this.strings?.authPage ?? authEn;
        this._auth = auth;
      });
      this._mode = 'twofa';
    }
  }

  protected override updated(changed: PropertyValues): void {
    // A new step: focus its first field (the page opens on it too), and the code the relay asks for (it comes first).
    if (
      changed.has('_mode') ||
      changed.has('_invitation') ||
      changed.has('_setup') ||
      (this.#mailCode && changed.has('_error'))
    )
      this.renderRoot.querySelector<HTMLElement>('input:not([type=hidden]), button.primary')?.focus();
  }

  #go(mode: Mode): void {
    this._mode = mode;
    this._error = undefined;
    this._status = undefined;
  }

  /** Runs a call of the account routes with the form busy and the refusal said. */
  async #run(action: (auth: AuthApi) => Promise<void>): Promise<void> {
    this._busy = true;
    this._error = undefined;
    try {
      await action(await this.inbox.auth());
    } catch (error) {
      this.#mailCode ||= (error as AdminApiError).code === 'mailbox_code_required';
      this._error = authError(error, this.#s);
    } finally {
      this._busy = false;
    }
  }

  /** Signed in: the inbox starts (or the required two-factor setup is shown). */
  async #signedIn(session: AuthSession): Promise<void> {
    this.inbox.focusTarget = '.views button[aria-pressed=true]';
    await this.inbox.signInSession(session);
  }

  #form(event: SubmitEvent): Record<string, string> {
    event.preventDefault();
    return Object.fromEntries(
      [...new FormData(event.currentTarget as HTMLFormElement)].map(([key, value]) => [key, String(value).trim()]),
    );
  }

  #onPassword = (event: SubmitEvent): Promise<void> => {
    const { email, password } = this.#form(event);
    return this.#run(async (auth) => {
      const answer = await auth.login(email!, password!);
      if ('challenge' in answer) {
        this.#challenge = answer.challengeToken;
        this.#go('totp');
      } else await this.#signedIn(answer);
    });
  };

  #onCode = (event: SubmitEvent): Promise<void> => {
    const { code, recoveryCode } = this.#form(event);
    const challengeToken = this.#challenge;
    return this.#run(async (auth) =>
      this.#signedIn(
        await auth.loginTotp(
          code !== undefined
            ? { challengeToken, code: code.replace(/\s/g, '') }
            : { challengeToken, recoveryCode: recoveryCode! },
        ),
      ),
    );
  };

  #onToken = (event: SubmitEvent): void => {
    const { token } = this.#form(event);
    if (token) void this.inbox.submitSignIn(token);
  };

  #onForgot = (event: SubmitEvent): Promise<void> => {
    const { email } = this.#form(event);
    return this.#run(async (auth) => {
      await auth.requestPasswordReset(email!);
      this._status = this.#s.linkSent;
    });
  };

  #onLink = (event: SubmitEvent): Promise<void> => {
    const { email, name, password, code } = this.#form(event);
    const { token } = this.inbox.state.link!;
    return this.#run(async (auth) => {
      if (this._mode === 'setup')
        await this.#signedIn(await auth.setup({ token, email: email!, name: name!, password: password! }));
      else if (this._mode === 'invite')
        await this.#signedIn(
          // Without a code (the field empty), the relay emails a new one.
          await auth.acceptInvitation({ token, ...(name && { name }), password: password!, ...(code && { code }) }),
        );
      else {
        await auth.resetPassword(token, password!);
        this.inbox.set({ link: undefined });
        this.#go('password');
        this._status = this.#s.passwordChanged;
      }
    });
  };

  /** From a link that does not work to the sign-in form, the link forgotten. */
  #leaveLink = (): void => {
    this.inbox.set({ link: undefined });
    this.#go('password');
  };

  /** Ends the session held back for its code and opens the sign-in form, its email filled in. */
  #signInAgain = (): void => {
    this.#email = this.inbox.state.session?.account.email ?? '';
    this.inbox.signOut('user');
    this.#go('password');
  };

  #onTotpDone = (): Promise<void> => this.#run(async (auth) => this.#signedIn(await auth.session()));

  protected override render(): TemplateResult {
    const s = this.#s;
    const mode = this._mode;
    const { signInError, signingIn } = this.inbox.state;
    const busy = this._busy || signingIn;
    const live = html`<p id="sign-in-status" class="muted" role="status">${this._status}</p>
      <p id="sign-in-error" class="error" aria-live="assertive">${mode === 'token' ? signInError : this._error}</p>`;
    const link = (label: string, to: Mode) =>
      html`<button type="button" class="link" @click=${() => this.#go(to)}>${label}</button>`;
    const submit = (label: string) =>
      html`<button class="primary" type="submit" ?disabled=${busy}>${busy ? s.signingIn : label}</button>`;
    const email = (value = '') =>
      html`<label for="email">${s.email}</label>
        <input id="email" name="email" type="email" autocomplete="username" maxlength="254" required .value=${value} />`;
    const newPassword = html`<label for="password">${s.newPassword}</label>
      <input id="password" name="password" type="password" autocomplete="new-password" minlength="10" maxlength="256" required aria-describedby="password-help" />
      <p id="password-help" class="muted">${s.passwordHelp}</p>`;
    const password = html`<label for="password">${s.password}</label>
      <input id="password" name="password" type="password" autocomplete="current-password" maxlength="256" required />`;
    const name = html`<label for="name">${s.name}</label>
      <input id="name" name="name" autocomplete="name" maxlength="120" required />`;
    const sso = this._sso
      ? html`<chat-admin-sso-sign-in theme=${this.theme} .inbox=${this.inbox} .strings=${this.strings} .providers=${this._sso}></chat-admin-sso-sign-in>`
      : nothing;
    let body: TemplateResult;
    if (mode === 'twofa-code')
      body = html`<h1 id="sign-in-title">${s.twofaTitle}</h1>
        <p class="muted">${s.twofaCodeRequired(this.inbox.state.session?.site.name ?? '')}</p>
        <button type="button" class="primary" @click=${this.#signInAgain}>${s.signInAgain}</button>
        ${live}`;
    else if (mode === 'twofa')
      body = html`<h1 id="sign-in-title">${s.twofaTitle}</h1>
        <p class="muted">${s.twofaRequired}</p>
        ${this._auth && this._totpStrings ? html`<chat-admin-totp theme=${this.theme} .auth=${this._auth} .strings=${this._totpStrings} @chat-admin-totp-done=${this.#onTotpDone}></chat-admin-totp>` : nothing}
        ${live}`;
    else if (mode === 'totp' || mode === 'recovery')
      body = html`<form @submit=${this.#onCode} aria-labelledby="sign-in-title">
        <h1 id="sign-in-title">${s.totpTitle}</h1>
        ${
          mode === 'totp'
            ? html`<p class="muted">${s.totpIntro}</p>
              <label for="code">${s.code}</label>
              <input id="code" name="code" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9 ]{6,7}" maxlength="7" required />`
            : html`<label for="recovery-code">${s.recoveryCode}</label>
              <input id="recovery-code" name="recoveryCode" autocomplete="off" spellcheck="false" maxlength="64" required />`
        }
        ${submit(s.verify)} ${live} ${mode === 'totp' ? link(s.useRecovery, 'recovery') : link(s.useCode, 'totp')}
        ${link(s.back, 'password')}
      </form>`;
    else if (mode === 'token')
      body = html`<form @submit=${this.#onToken} aria-labelledby="sign-in-title">
        <h1 id="sign-in-title">${s.title}</h1>
        <p class="muted">${s.tokenIntro}</p>
        <label for="token">${s.token}</label>
        <input id="token" name="token" type="password" autocomplete="off" spellcheck="false" required aria-invalid=${!!signInError} aria-describedby="sign-in-error" />
        ${submit(s.signIn)} ${live} ${link(s.usePassword, 'password')}
      </form>`;
    else if (mode === 'forgot')
      body = html`<form @submit=${this.#onForgot} aria-labelledby="sign-in-title">
        <h1 id="sign-in-title">${s.forgotTitle}</h1>
        <p class="muted">${s.forgotIntro}</p>
        ${email()} ${submit(s.sendLink)} ${live} ${link(s.back, 'password')}
      </form>`;
    else if (mode === 'setup-gone')
      body = html`<h1 id="sign-in-title">${s.setupGoneTitle}</h1>
        <p id="sign-in-error" class="error" role="alert">${this._error}</p>
        <p>${s.setupSignIn}</p>
        <button type="button" class="primary" @click=${this.#leaveLink}>${s.signInInstead}</button>
        <p class="muted">${s.setupNewLink}</p>
        <pre class="command"><code>parley-relay account setup-link</code></pre>`;
    else if (mode === 'setup' || mode === 'invite' || mode === 'reset') {
      const invitation = this._invitation;
      const [title, intro, action] =
        mode === 'setup'
          ? [s.setupTitle, this._setup ? s.setupIntro : '', s.createOwner]
          : mode === 'reset'
            ? [s.resetTitle, s.resetIntro, s.setPassword]
            : [
                s.inviteTitle,
                invitation
                  ? s.inviteIntro(invitation.siteName, invitation.customRole?.name ?? s.roles[invitation.role])
                  : '',
                s.accept,
              ];
      body = html`<form @submit=${this.#onLink} aria-labelledby="sign-in-title">
        <h1 id="sign-in-title">${title}</h1>
        <p class="muted">${intro}</p>
        ${
          mode === 'setup'
            ? this._setup
              ? html`${email()} ${name} ${newPassword}`
              : nothing
            : mode === 'reset'
              ? newPassword
              : !invitation
                ? nothing
                : invitation.accountExists
                  ? html`<p>${s.inviteExisting(invitation.email)}</p>
                    ${this.#mailCode ? html`<label for="code">${s.code}</label><input id="code" name="code" autocomplete="one-time-code" />` : nothing}
                    ${password}`
                  : html`<input type="hidden" name="email" autocomplete="username" .value=${invitation.email} />
                    <p>${invitation.email}</p>
                    ${name} ${newPassword}`
        }
        ${(mode !== 'invite' || invitation) && (mode !== 'setup' || this._setup) ? submit(action) : nothing} ${live}
      </form>`;
    } else if (this.inbox.state.link?.kind === 'sso-link') body = html`${sso}`;
    else
      body = html`${sso}<form @submit=${this.#onPassword} aria-labelledby="sign-in-title">
        <h1 id="sign-in-title">${s.title}</h1>
        <p class="muted">${s.intro}</p>
        ${email(this.#email)} ${password} ${submit(s.signIn)} ${live} ${link(s.forgot, 'forgot')} ${link(s.useToken, 'token')}
      </form>`;
    return html`<main class="sign-in"><div class="card">${body}</div></main>`;
  }
}

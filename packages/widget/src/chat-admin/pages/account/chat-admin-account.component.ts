import { html, nothing, type TemplateResult } from 'lit';
import { AccountPage } from './account-page.js';
import type { AuthApi, SessionInfo } from '../../auth-api.js';
import { browserName } from '../../format.js';
import { defineTotp, renderRecoveryCodes } from './chat-admin-totp.component.js';

/**
 * The Account page of the settings area: the signed-in account's password, two-factor sign-in (set up with a QR
 * code and recovery codes shown once, turned off, new recovery codes), and where it is signed in (sessions, this
 * browser's marked, the others revocable). Signed in with an API token, there is no account to show.
 *
 * @summary The signed-in account: password, two-factor sign-in, sessions.
 * @tag chat-admin-account
 */
export class ChatAdminAccount extends AccountPage {
  static override properties = {
    ...AccountPage.properties,
    _auth: { state: true },
    _sessions: { state: true },
    _codes: { state: true },
    _enabled: { state: true },
  };

  declare private _auth: AuthApi | undefined;
  declare private _sessions: SessionInfo[] | undefined;
  /** Recovery codes just made, shown once. */
  declare private _codes: string[] | undefined;
  /** Two-factor sign-in was just turned on; the session says so once its recovery codes are put away. */
  declare private _enabled: boolean;

  protected override async load(): Promise<void> {
    defineTotp();
    if (!this.inbox.state.session) return;
    this._auth = await this.inbox.auth();
    this._sessions = await this._auth.sessions();
  }

  /** The session again (two-factor sign-in changed). */
  async #refresh(): Promise<void> {
    this.inbox.set({ session: await this._auth!.session() });
    this._enabled = false;
    this.requestUpdate();
  }

  #onPassword = async (event: SubmitEvent): Promise<void> => {
    const form = event.currentTarget as HTMLFormElement;
    const { currentPassword, newPassword } = this.fields(event);
    if (await this.run(() => this._auth!.changePassword(currentPassword!, newPassword!), this.a.saved)) form.reset();
  };

  #onDisable = (event: SubmitEvent): Promise<boolean> => {
    const { password, code } = this.fields(event);
    return this.run(async () => {
      await this._auth!.totpDisable(password!, code!);
      await this.#refresh();
    }, this.a.saved);
  };

  #onRegenerate = (event: SubmitEvent): Promise<boolean> => {
    const { password, code } = this.fields(event);
    return this.run(async () => {
      this._codes = (await this._auth!.regenerateRecoveryCodes(password!, code!)).recoveryCodes;
    });
  };

  #revoke(id: string): Promise<boolean> {
    return this.run(async () => {
      await this._auth!.revokeSession(id);
      this._sessions = this._sessions?.filter((each) => each.id !== id);
    });
  }

  protected override render(): TemplateResult {
    const s = this.a;
    const session = this.inbox.state.session;
    if (!session)
      return html`<section class="card"><h2>${s.accountTitle}</h2><p class="muted">${s.tokenAccount}</p></section>`;
    const code = html`<label for="twofa-code">${s.twofaAnyCode}</label>
      <input id="twofa-code" name="code" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9 ]{6,7}" maxlength="7" required />`;
    return html`<section class="card" aria-labelledby="account-title">
        <h2 id="account-title">${s.accountTitle}</h2>
        <p><strong>${session.account.name}</strong> · ${session.account.email}</p>
        ${this.renderLive()}
      </section>
      <form class="card" aria-labelledby="password-title" @submit=${this.#onPassword} data-save="password">
        <h2 id="password-title">${s.changePassword}</h2>
        <input type="hidden" name="username" autocomplete="username" .value=${session.account.email} />
        <label for="current-password">${s.currentPassword}</label>
        <input id="current-password" name="currentPassword" type="password" autocomplete="current-password" maxlength="256" required />
        <label for="new-password">${s.newPassword}</label>
        <input id="new-password" name="newPassword" type="password" autocomplete="new-password" minlength="10" maxlength="256" required aria-describedby="new-password-help" />
        <p id="new-password-help" class="help">${s.passwordHelp}</p>
        <div class="actions"><button class="primary" type="submit" ?disabled=${this.busy}>${s.save}</button>${this.saveState('password')}</div>
      </form>
      <section class="card" aria-labelledby="twofa-title">
        <h2 id="twofa-title">${s.twofaTitle}</h2>
        ${
          this._codes
            ? renderRecoveryCodes(
                this._codes,
                s,
                false,
                () => this.copy(this._codes!.join('\n')),
                () => (this._codes = undefined),
              )
            : session.account.totpEnabled
              ? html`<p id="twofa-state">${s.twofaOn}</p>
                <form aria-labelledby="regenerate-title" @submit=${this.#onRegenerate} data-save="regenerate">
                  <h3 id="regenerate-title">${s.regenerate}</h3>
                  <p class="help">${s.regenerateHelp}</p>
                  <label for="regenerate-password">${s.password}</label>
                  <input id="regenerate-password" name="password" type="password" autocomplete="current-password" maxlength="256" required />
                  ${code}
                  <div class="actions"><button class="secondary" type="submit" ?disabled=${this.busy}>${s.regenerate}</button>${this.saveState('regenerate')}</div>
                </form>
                <form aria-labelledby="disable-title" @submit=${this.#onDisable} data-save="disable">
                  <h3 id="disable-title">${s.twofaDisableTitle}</h3>
                  <p class="help">${s.twofaDisableHelp}</p>
                  <label for="disable-password">${s.password}</label>
                  <input id="disable-password" name="password" type="password" autocomplete="current-password" maxlength="256" required />
                  <label for="disable-code">${s.twofaAnyCode}</label>
                  <input id="disable-code" name="code" inputmode="numeric" autocomplete="one-time-code" maxlength="7" required />
                  <div class="actions"><button class="danger" type="submit" ?disabled=${this.busy}>${s.twofaDisable}</button>${this.saveState('disable')}</div>
                </form>`
              : html`<p id="twofa-state">${this._enabled ? s.twofaOn : s.twofaOff}</p>
                ${this._auth ? html`<chat-admin-totp theme=${this.theme} .auth=${this._auth} .strings=${s} @chat-admin-totp-enabled=${() => (this._enabled = true)} @chat-admin-totp-done=${() => void this.run(() => this.#refresh())}></chat-admin-totp>` : nothing}`
        }
      </section>
      <section class="card" aria-labelledby="sessions-title">
        <h2 id="sessions-title">${s.sessionsTitle}</h2>
        <ul class="sessions">
          ${(this._sessions ?? []).map(
            (each) => html`<li class="row">
              <span title=${each.userAgent ?? nothing}
                >${browserName(each.userAgent ?? undefined) ?? s.unknownDevice}${each.ip ? ` · ${each.ip}` : ''}</span
              >
              <span class="muted">${s.lastSeen(this.when(each.lastSeenAt))}</span>
              ${
                each.current
                  ? html`<span class="badge">${s.thisSession}</span>`
                  : html`<button type="button" class="secondary" @click=${() => void this.#revoke(each.id)}>${s.revoke}</button>`
              }
            </li>`,
          )}
        </ul>
      </section>`;
  }
}

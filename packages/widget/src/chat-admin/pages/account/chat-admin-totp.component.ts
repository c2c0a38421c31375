import { LitElement, html, type TemplateResult } from 'lit';
import type { AuthApi, TotpSetup } from '../../auth-api.js';
import { authEn, authError, type AuthStrings } from '../../auth-strings.js';
import { chatAdminTotpStyles } from './chat-admin-account.styles.js';

/**
 * The recovery codes, shown once: a list, Copy (to the clipboard) and Download (a text file), and Done.
 */
export function renderRecoveryCodes(
  codes: readonly string[],
  s: AuthStrings,
  copied: boolean,
  onCopy: () => void,
  onDone: () => void,
): TemplateResult {
  const file = `data:text/plain;charset=utf-8,${encodeURIComponent(`${codes.join('\n')}\n`)}`;
  return html`<section class="card once" aria-labelledby="codes-title">
    <h2 id="codes-title">${s.recoveryTitle}</h2>
    <p class="muted">${s.recoveryIntro}</p>
    <ul class="codes" aria-label=${s.recoveryTitle}>
      ${codes.map((code) => html`<li>${code}</li>`)}
    </ul>
    <div class="row">
      <button type="button" class="secondary" @click=${onCopy}>${s.copy}</button>
      <a class="secondary" href=${file} download="parley-recovery-codes.txt">${s.download}</a>
      <button type="button" class="primary" @click=${onDone}>${s.done}</button>
      <span role="status">${copied ? s.copied : ''}</span>
    </div>
  </section>`;
}

/**
 * Two-factor sign-in's setup: a button starts it, the QR code (and the key, for entry by hand) is shown, a code
 * from the app turns it on, and the 10 recovery codes are shown once. Emits `chat-admin-totp-done` when they are
 * put away (Done). Used by the Account page and, when a site requires it, by the sign-in page.
 *
 * @summary Two-factor sign-in setup with recovery codes.
 * @tag chat-admin-totp
 * @event chat-admin-totp-enabled - Turned on; its recovery codes are being shown.
 * @event chat-admin-totp-done - Set up; the recovery codes were shown.
 */
export class ChatAdminTotp extends LitElement {
  static override styles = chatAdminTotpStyles;

  static override properties = {
    auth: { attribute: false },
    strings: { attribute: false },
    _setup: { state: true },
    _codes: { state: true },
    _error: { state: true },
    _busy: { state: true },
    _copied: { state: true },
  };

  declare auth: AuthApi;
  declare strings: AuthStrings;
  declare private _setup: TotpSetup | undefined;
  declare private _codes: string[] | undefined;
  declare private _error: string | undefined;
  declare private _busy: boolean;
  declare private _copied: boolean;

  constructor() {
    super();
    this.strings = authEn;
    this._busy = false;
    this._copied = false;
  }

  async #run(action: () => Promise<void>): Promise<void> {
    this._busy = true;
    this._error = undefined;
    try {
      await action();
    } catch (error) {
      this._error = authError(error, this.strings);
    } finally {
      this._busy = false;
    }
  }

  #start = (): Promise<void> =>
    this.#run(async () => {
      this._setup = await this.auth.totpSetup();
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLInputElement>('#totp-code')?.focus();
    });

  #confirm = (event: SubmitEvent): Promise<void> => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const code = String(form.get('code') ?? '').replace(/\s/g, '');
    // The password again: a session alone does not change how the account signs in.
    const password = String(form.get('password') ?? '');
    return this.#run(async () => {
      this._codes = (await this.auth.totpEnable(password, code)).recoveryCodes;
      // On from now on, while its recovery codes are still shown: a page that says "Off" can say "On" at once.
      this.dispatchEvent(new CustomEvent('chat-admin-totp-enabled', { bubbles: true, composed: true }));
    });
  };

  protected override render(): TemplateResult {
    const s = this.strings;
    const error = html`<span class="save-state error" aria-live="assertive">${this._error ?? ''}</span>`;
    if (this._codes)
      return renderRecoveryCodes(
        this._codes,
        s,
        this._copied,
        () => void navigator.clipboard?.writeText(this._codes!.join('\n')).then(() => (this._copied = true)),
        () => this.dispatchEvent(new CustomEvent('chat-admin-totp-done', { bubbles: true, composed: true })),
      );
    const setup = this._setup;
    if (!setup)
      return html`<div class="actions">
        <button type="button" class="primary" ?disabled=${this._busy} @click=${this.#start}>${s.twofaStart}</button>${error}
      </div>`;
    return html`<form @submit=${this.#confirm} aria-label=${s.twofaStart}>
      <p>${s.twofaScan}</p>
      <img class="qr" alt=${s.twofaScan} src=${`data:image/svg+xml,${encodeURIComponent(setup.qrSvg)}`} />
      <p class="help">${s.twofaSecret}: <code id="totp-secret">${setup.secret}</code></p>
      <label for="totp-code">${s.twofaAppCode}</label>
      <input id="totp-code" name="code" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9 ]{6,7}" maxlength="7" required />
      <label for="totp-password">${s.password}</label>
      <input id="totp-password" name="password" type="password" autocomplete="current-password" maxlength="256" required />
      <div class="actions"><button class="primary" type="submit" ?disabled=${this._busy}>${s.twofaConfirm}</button>${error}</div>
    </form>`;
  }
}

/** Registers `<chat-admin-totp>` unless it is. */
export function defineTotp(): void {
  if (!customElements.get('chat-admin-totp')) customElements.define('chat-admin-totp', ChatAdminTotp);
}

declare global {
  interface HTMLElementEventMap {
    'chat-admin-totp-done': CustomEvent<undefined>;
    'chat-admin-totp-enabled': CustomEvent<undefined>;
  }
}

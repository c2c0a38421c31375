import { html, nothing, type TemplateResult } from 'lit';
import { AccountPage } from '../account/account-page.js';
import type { StaffToken, TokenScope } from '../../admin-types.js';
import { Confirm } from '../../kit/confirm.js';
import { TokensApi } from './tokens-api.js';

const SCOPES: readonly TokenScope[] = ['read', 'write', 'admin'];
const DAY_MS = 86_400_000;

/**
 * The API tokens page of the settings area (admins): the site's tokens for bots and integrations with their
 * scopes and expiry, a form that makes one (its secret shown once, to copy), and revocation after a confirmation.
 *
 * @summary API tokens: scopes, expiry, shown once, revoked.
 * @tag chat-admin-tokens
 */
export class ChatAdminTokens extends AccountPage {
  static override properties = {
    ...AccountPage.properties,
    _tokens: { state: true },
    _secret: { state: true },
  };

  declare private _tokens: StaffToken[] | undefined;
  /** A token just made: its secret, shown once. */
  declare private _secret: { name: string; token: string } | undefined;
  /** The token whose revocation waits for a confirmation. */
  readonly #revoking = new Confirm<StaffToken>(this);

  protected override async load(): Promise<void> {
    this._tokens = await new TokensApi(this.api!).list();
  }

  #onCreate = async (event: SubmitEvent): Promise<void> => {
    const form = event.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    event.preventDefault();
    const name = String(data.get('name') ?? '').trim();
    const scopes = data.getAll('scopes').map(String) as TokenScope[];
    const days = Number(data.get('expiry'));
    this._secret = undefined;
    if (scopes.length === 0) {
      this.say(this.t.needScope, true);
      return;
    }
    const done = await this.run(async () => {
      const made = await new TokensApi(this.api!).create({
        name,
        scopes,
        expiresAt: days > 0 ? Date.now() + days * DAY_MS : null,
      });
      this._secret = { name: made.name, token: made.token };
      await this.load();
    });
    if (done) form.reset();
  };

  protected override render(): TemplateResult {
    const t = this.t;
    const revoking = this.#revoking.pending;
    return html`<section class="card" aria-labelledby="tokens-title">
        <h2 id="tokens-title">${t.tokensTitle}</h2>
        <p class="muted">${t.tokensIntro}</p>
        ${this.renderLive()}
        ${
          this._secret
            ? html`<div class="card once" id="new-token">
                <p><strong>${this._secret.name}</strong>: ${t.tokenOnce}</p>
                <code>${this._secret.token}</code>
                <div class="row">
                  <button type="button" class="secondary" @click=${() => this.copy(this._secret!.token)}>${t.copy}</button>
                  <button type="button" class="secondary" @click=${() => (this._secret = undefined)}>${this.a.done}</button>
                </div>
              </div>`
            : nothing
        }
        ${
          this._tokens?.length
            ? html`<div class="table-wrap"><table>
                <thead>
                  <tr>
                    <th scope="col">${t.name}</th>
                    <th scope="col">${t.scopes}</th>
                    <th scope="col">${t.expiry}</th>
                    <th scope="col"><span class="sr-only">${t.actions}</span></th>
                  </tr>
                </thead>
                <tbody>
                  ${this._tokens.map(
                    (token) => html`<tr data-id=${token.id}>
                      <td>${token.name}</td>
                      <td>${(token.scopes ?? []).map((scope) => t.scopeNames[scope]).join(', ') || (token.role ?? '')}</td>
                      <td>${token.expiresAt ? this.when(token.expiresAt) : t.never}</td>
                      <td><button type="button" class="secondary" @click=${() => this.#revoking.ask(token)}>${t.revoke}</button></td>
                    </tr>`,
                  )}
                </tbody>
              </table></div>`
            : html`<p class="muted">${t.noTokens}</p>`
        }
      </section>
      <form class="card" aria-labelledby="new-token-title" @submit=${this.#onCreate} data-save="token">
        <h2 id="new-token-title">${t.newToken}</h2>
        <label for="token-name">${t.name}</label>
        <input id="token-name" name="name" maxlength="120" required />
        <fieldset class="choices">
          <legend>${t.scopes}</legend>
          ${SCOPES.map(
            (scope) =>
              html`<label class="radio"><input type="checkbox" name="scopes" value=${scope} ?checked=${scope === 'read'} /> ${t.scopeNames[scope]}</label>`,
          )}
        </fieldset>
        <label for="token-expiry">${t.expiry}</label>
        <select id="token-expiry" name="expiry">
          <option value="0">${t.expiryNever}</option>
          ${[30, 90, 365].map((days) => html`<option value=${days}>${t.expiryDays(days)}</option>`)}
        </select>
        <div class="actions"><button class="primary" type="submit" ?disabled=${this.busy}>${t.create}</button>${this.saveState('token')}</div>
      </form>
      ${this.#revoking.render(
        { text: revoking ? t.confirmRevoke(revoking.name) : '', ok: t.revoke, cancel: t.cancel, id: 'revoke-text' },
        (token) =>
          this.run(async () => {
            await new TokensApi(this.api!).revoke(token.id);
            await this.load();
          }),
        { modal: true },
      )}`;
  }
}

import { LitElement, html, nothing, type TemplateResult } from 'lit';
import type { AdminApi } from './admin-api.js';
import { adminEn, type AdminStrings } from './admin-strings.js';
import type { NotificationSettings } from './admin-types.js';
import { chatAdminPanelStyles } from './chat-admin-panel.styles.js';

/**
 * The "Email notifications" page of `<chat-admin>`: the signed-in staff member's own address and whether they want
 * an email when a visitor starts a conversation or writes while no one is online (`/v1/admin/me/notifications`).
 *
 * @summary A staff member's email notifications.
 * @tag chat-admin-notifications
 */
export class ChatAdminNotifications extends LitElement {
  static override styles = chatAdminPanelStyles;

  static override properties = {
    api: { attribute: false },
    strings: { attribute: false },
    _settings: { state: true },
    _error: { state: true },
    _status: { state: true },
    _saving: { state: true },
  };

  /** The admin API (set by `<chat-admin>`). */
  declare api: AdminApi | undefined;
  declare strings: AdminStrings;
  declare private _settings: NotificationSettings | undefined;
  declare private _error: string | undefined;
  declare private _status: string | undefined;
  declare private _saving: boolean;

  constructor() {
    super();
    this.strings = adminEn;
    this._saving = false;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  /** Reads the settings from the relay. */
  async load(): Promise<void> {
    if (!this.api) return;
    try {
      this._settings = await this.api.notifications();
      this._error = undefined;
    } catch (error) {
      this._error = error instanceof Error ? error.message : String(error);
    }
  }

  #onSubmit = async (event: SubmitEvent): Promise<void> => {
    event.preventDefault();
    if (!this.api) return;
    const data = new FormData(event.currentTarget as HTMLFormElement);
    const email = String(data.get('email') ?? '').trim();
    const notify = data.get('notify') !== null;
    this._status = undefined;
    if (notify && email === '') {
      this._error = this.strings.notificationsNeedEmail;
      return;
    }
    this._saving = true;
    try {
      this._settings = await this.api.updateNotifications({ email: email === '' ? null : email, notify });
      this._error = undefined;
      this._status = this.strings.saved;
    } catch (error) {
      this._error = error instanceof Error ? error.message : String(error);
    } finally {
      this._saving = false;
    }
  };

  protected override render(): TemplateResult {
    const s = this.strings;
    const settings = this._settings;
    return html`<form class="card" aria-labelledby="notifications-title" @submit=${this.#onSubmit}>
      <h2 id="notifications-title">${s.notificationsTitle}</h2>
      <p class="muted">${s.notificationsIntro}</p>
      ${
        settings
          ? html`<label for="notifications-email">${s.notificationsEmail}</label>
            <input id="notifications-email" name="email" type="email" autocomplete="email" maxlength="254" .value=${settings.email ?? ''} />
            <label class="radio"
              ><input type="checkbox" name="notify" .checked=${settings.notify} /> ${s.notificationsToggle}</label
            >
            <button class="primary" type="submit" ?disabled=${this._saving}>${s.save}</button>`
          : html`<p class="muted">${s.loading}</p>`
      }
      ${this._error ? html`<p class="error" role="alert">${s.error(this._error)}</p>` : nothing}
      ${this._status ? html`<p class="muted" role="status">${this._status}</p>` : nothing}
    </form>`;
  }
}

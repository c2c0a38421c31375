import { html, type TemplateResult } from 'lit';
import type { AdminApi } from '../../admin-api.js';
import type { AdminStrings } from '../../admin-strings.js';
import { notificationsEn, type NotificationsStrings } from './notifications-strings.js';
import type { NotificationSettings } from '../../admin-types.js';
import { BrowserPush, browserPushEnvironment, type PushEnvironment, type PushState } from './browser-push.js';
import { pushStrings } from './push-strings.js';
import { NotificationsApi } from './notifications-api.js';
import { AdminPage } from '../../kit/admin-page.js';
import { pageStyles } from '../../kit/page.styles.js';

/** The shell's strings and this page's own. */
type PageStrings = AdminStrings & NotificationsStrings;

/**
 * The "Email notifications" page of `<chat-admin>`: the signed-in staff member's own address and whether they want
 * an email when a visitor starts a conversation or writes while no one is online (`/v1/admin/me/notifications`),
 * and browser push on this device (`/v1/admin/me/push`, through the inbox's service worker).
 *
 * @summary A staff member's email notifications.
 * @tag chat-admin-notifications
 */
export class ChatAdminNotifications extends AdminPage {
  static override styles = pageStyles;

  static override properties = {
    ...AdminPage.properties,
    _settings: { state: true },
    _push: { state: true },
    _pushBusy: { state: true },
    _pushError: { state: true },
  };

  /** The browser's push (tests set a fake before the element connects); the inbox's service worker by default. */
  pushEnvironment: PushEnvironment = browserPushEnvironment();

  /** The shell's strings with this page's own (its chunk brings the English ones). */
  get #strings(): PageStrings {
    return { ...this.strings, ...notificationsEn, ...this.strings.notificationsPage };
  }
  declare private _settings: NotificationSettings | undefined;
  declare private _push: PushState | undefined;
  declare private _pushBusy: boolean;
  declare private _pushError: string | undefined;

  constructor() {
    super();
    this.busy = false;
    this._pushBusy = false;
  }

  /** Reads the settings from the relay, and whether this browser gets pushes (public: tests read them again). */
  override async load(api: AdminApi | undefined = this.api): Promise<void> {
    if (!api) return;
    void this.#pushDo((push) => push.state());
    this._settings = await new NotificationsApi(api).get();
  }

  #onSubmit = async (event: SubmitEvent): Promise<void> => {
    event.preventDefault();
    if (!this.api) return;
    const data = new FormData(event.currentTarget as HTMLFormElement);
    const email = String(data.get('email') ?? '').trim();
    const notify = data.get('notify') !== null;
    this.status = undefined;
    if (notify && email === '') {
      this.say(this.#strings.notificationsNeedEmail, true);
      return;
    }
    await this.run(async (api) => {
      this._settings = await new NotificationsApi(api).update({ email: email === '' ? null : email, notify });
    }, this.#strings.saved);
  };

  async #pushDo(step: (push: BrowserPush) => Promise<PushState>): Promise<void> {
    if (!this.api) return;
    this._pushBusy = true;
    try {
      this._push = await step(new BrowserPush(new NotificationsApi(this.api!), this.pushEnvironment));
      this._pushError = undefined;
    } catch (error) {
      this._pushError = this.errorText(error);
    } finally {
      this._pushBusy = false;
    }
  }

  #renderPush(): TemplateResult {
    const p = pushStrings;
    const state = this._push;
    return html`<section class="card" aria-labelledby="push-title">
      <h2 id="push-title">${p.title}</h2>
      <p class="intro">${p.intro}</p>
      <p id="push-state" aria-live="polite">${state ? p.state[state] : this.strings.loading}</p>
      ${
        state === 'off' || state === 'on'
          ? html`<div class="actions"><button
              type="button"
              id="push-toggle"
              class=${state === 'off' ? 'primary' : 'secondary'}
              aria-describedby="push-state"
              ?disabled=${this._pushBusy}
              @click=${() => this.#pushDo((push) => (state === 'off' ? push.enable() : push.disable()))}
            >
              ${state === 'off' ? p.turnOn : p.turnOff}
            </button>
            <span class="save-state error" role="alert">${this._pushError ? this.strings.error(this._pushError) : ''}</span></div>`
          : html`<span class="save-state error" role="alert">${this._pushError ? this.strings.error(this._pushError) : ''}</span>`
      }
    </section>`;
  }

  protected override render(): TemplateResult {
    const s = this.#strings;
    const settings = this._settings;
    return html`<form class="card" aria-labelledby="notifications-title" data-save="email" @submit=${this.#onSubmit}>
      <h2 id="notifications-title">${s.notificationsTitle}</h2>
      <p class="intro">${s.notificationsIntro}</p>
      ${this.saveState()}
      ${
        settings
          ? html`<label for="notifications-email">${s.notificationsEmail}</label>
            <input id="notifications-email" name="email" type="email" autocomplete="email" maxlength="254" .value=${settings.email ?? ''} />
            <label class="radio"
              ><input type="checkbox" name="notify" .checked=${settings.notify} /> ${s.notificationsToggle}</label
            >
            <div class="actions">
              <button class="primary" type="submit" ?disabled=${this.busy}>${s.save}</button>${this.saveState('email')}
            </div>`
          : html`<p class="muted">${s.loading}</p>`
      }
    </form>
    ${this.#renderPush()}`;
  }
}

import { html, nothing, type TemplateResult } from 'lit';
import { AdminRegion } from './admin-region.js';
import { AiLanguagePref } from './ai/ai-language-pref.js';
import type { SiteSettings } from './admin-types.js';
import { NOTIFY_KINDS, type Notifier, type NotifyKind } from './notifier.js';
import { offlineEn } from './offline/offline-strings.js';
import { offlineStyles } from './offline/offline.styles.js';
import { keepRecent, keepsRecent, offlineSupported } from './offline/recent-offline.js';
import { SiteSettingsApi } from './pages/site/site-settings-api.js';
import { holds } from './page-entry.js';
import { INBOX_LOCALES, pickInboxLocale, storedInboxLocale } from './inbox-locale.js';

/**
 * The top bar's Notifications dialog (a chunk of its own, fetched when it is first opened, so the inbox's first load
 * stays within its budget): sound and desktop switches per kind of event, persisted by the shell's `Notifier`; on
 * this device, whether to keep the last conversations for offline (docs/agent-app.md; off unless turned on), and
 * the agent's language for Translate (while the AI tools are on; ai/ai-language-pref.ts); and
 * for admins the site's retention period. Renders into `<chat-admin>`'s shadow root (see `AdminRegion`), whose
 * dialog styles it uses; it opens itself as a modal once rendered.
 *
 * @summary Sound and desktop notification switches, and the site's retention period.
 * @tag chat-admin-prefs
 */
export class ChatAdminPrefs extends AdminRegion {
  static override properties = {
    ...AdminRegion.properties,
    notifier: { attribute: false },
  };

  /** The shell's notifier (its switches). */
  declare notifier: Notifier;

  #settings: SiteSettings | undefined;
  readonly #aiLanguage = new AiLanguagePref(this);
  #settingsLoading = false;

  override connectedCallback(): void {
    super.connectedCallback();
    // Its rules go into the shadow root it renders in (`<chat-admin>`'s), once.
    const root = this.getRootNode();
    const sheet = offlineStyles.styleSheet;
    if (root instanceof ShadowRoot && sheet && !root.adoptedStyleSheets.includes(sheet))
      root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
  }

  protected override updated(): void {
    super.updated();
    const dialog = this.querySelector('dialog');
    // Not once closed: the update its closing asked for may come after the shell has removed it.
    if (dialog && !dialog.open && this.isConnected) dialog.showModal();
  }

  #close = (): void => this.inbox.closeDialog();

  protected override render(): TemplateResult {
    const s = this.inbox.strings;
    const prefs = this.notifier.prefs;
    const labels: Record<NotifyKind, string> = {
      conversation: s.notifyConversation,
      message: s.notifyMessage,
      visitor: s.notifyVisitor,
    };
    const blocked = this.notifier.permission === 'denied';
    return html`<dialog aria-labelledby="settings-title" @close=${this.#close} @cancel=${this.#close}>
      <h2 id="settings-title">${s.notifications}</h2>
      <table class="prefs">
        <thead>
          <tr>
            <th scope="col"><span class="sr-only">${s.notifications}</span></th>
            <th scope="col">${s.sound}</th>
            <th scope="col">${s.desktop}</th>
          </tr>
        </thead>
        <tbody>
          ${NOTIFY_KINDS.map(
            (kind) => html`<tr>
              <th scope="row">${labels[kind]}</th>
              ${(['sound', 'desktop'] as const).map(
                (channel) => html`<td>
                  <input
                    type="checkbox"
                    role="switch"
                    id=${`notify-${kind}-${channel}`}
                    aria-label=${`${labels[kind]}: ${channel === 'sound' ? s.sound : s.desktop}`}
                    .checked=${prefs[kind][channel]}
                    ?disabled=${channel === 'desktop' && (blocked || this.notifier.permission === 'unsupported')}
                    @change=${async (event: Event) => {
                      const box = event.currentTarget as HTMLInputElement;
                      await this.notifier.set(kind, channel, box.checked);
                      box.checked = this.notifier.prefs[kind][channel];
                      this.requestUpdate();
                    }}
                  />
                </td>`,
              )}
            </tr>`,
          )}
        </tbody>
      </table>
      ${blocked ? html`<p class="muted">${s.desktopBlocked}</p>` : nothing}
      ${this.#renderLanguage()} ${this.#renderOffline()} ${this.#aiLanguage.render()}
      ${holds(this.inbox.state.me, 'settings.manage') ? this.#renderRetention() : nothing}
      <form method="dialog"><button class="primary" autofocus>${s.close}</button></form>
    </dialog>`;
  }

  /**
   * The agent's language for the inbox (its words, dates and numbers), kept in this browser: each of the inbox's
   * languages by its own name (`Deutsch`), and the browser's first one it speaks until the agent chooses.
   */
  #renderLanguage(): TemplateResult | typeof nothing {
    const host = this.inbox.host;
    if (!host.setLocale) return nothing;
    const s = this.inbox.strings;
    const chosen = storedInboxLocale();
    const own = (tag: string): string => new Intl.DisplayNames([tag], { type: 'language' }).of(tag) ?? tag;
    return html`<p class="field">
      <label for="inbox-locale">${s.inboxLanguage}</label>
      <select
        id="inbox-locale"
        name="locale"
        @change=${(event: Event) => {
          const value = (event.currentTarget as HTMLSelectElement).value;
          void host.setLocale?.(value || undefined);
        }}
      >
        <option value="" ?selected=${!chosen}>${s.browserLanguage(own(pickInboxLocale([...navigator.languages])))}</option>
        ${INBOX_LOCALES.map(
          (tag) => html`<option value=${tag} lang=${tag} ?selected=${chosen === tag}>${own(tag)}</option>`,
        )}
      </select>
    </p>`;
  }

  /** Whether this device keeps the member's last conversations for offline: their own choice, in this browser. */
  #renderOffline(): TemplateResult | typeof nothing {
    const me = this.inbox.state.me;
    if (!me || !offlineSupported()) return nothing;
    const t = { ...offlineEn, ...this.inbox.strings.offlineRecent };
    return html`<fieldset class="offline-recent">
      <legend>${t.heading}</legend>
      <label>
        <input
          type="checkbox"
          role="switch"
          id="offline-recent"
          aria-describedby="offline-recent-hint"
          .checked=${keepsRecent(me)}
          @change=${async (event: Event) => {
            const box = event.currentTarget as HTMLInputElement;
            // Held while the cache is made or deleted and the worker told: one change at a time.
            box.disabled = true;
            await keepRecent(me, box.checked).catch(() => undefined);
            box.checked = keepsRecent(me);
            box.disabled = false;
          }}
        />
        ${t.keep}
      </label>
      <p class="muted" id="offline-recent-hint">${t.explain}</p>
    </fieldset>`;
  }

  /** The site's retention period (admins): loaded when the dialog first shows it, saved on submit. */
  #renderRetention(): TemplateResult {
    const s = this.inbox.strings;
    const api = this.inbox.api;
    if (this.#settings === undefined && api && !this.#settingsLoading) {
      this.#settingsLoading = true;
      void new SiteSettingsApi(api).get().then(
        (settings) => {
          this.#settings = settings;
          this.requestUpdate();
        },
        () => undefined,
      );
    }
    const settings = this.#settings;
    if (!settings) return html``;
    return html`<form class="retention" @submit=${this.#onRetention}>
      <label
        >${s.retention}
        <input
          id="retention-days"
          name="retentionDays"
          type="number"
          min="0"
          max="36500"
          step="1"
          inputmode="numeric"
          .value=${settings.retentionDays === null ? '' : String(settings.retentionDays)}
      /></label>
      <button type="submit" class="secondary">${s.save}</button>
      <p class="muted" id="retention-hint">${s.retentionHint(settings.effectiveRetentionDays, settings.defaultRetentionDays)}</p>
    </form>`;
  }

  #onRetention = async (event: SubmitEvent): Promise<void> => {
    event.preventDefault();
    const api = this.inbox.api;
    const raw = String(new FormData(event.currentTarget as HTMLFormElement).get('retentionDays') ?? '').trim();
    const days = raw === '' ? null : Number(raw);
    if (!api || (days !== null && (!Number.isInteger(days) || days < 0 || days > 36_500))) return;
    try {
      this.#settings = await new SiteSettingsApi(api).update({ retentionDays: days });
    } catch {
      // Refused (or offline): the field keeps what the relay has.
    }
    this.requestUpdate();
  };
}

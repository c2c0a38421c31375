import { LitElement, html, type TemplateResult } from 'lit';
import type { AdminApi } from './admin-api.js';
import type { AdminStrings } from './admin-strings.js';
import { authEn, authError, type AuthStrings } from './auth-strings.js';
import { chatAdminAccountStyles } from './chat-admin-account.styles.js';
import type { InboxController } from './inbox-controller.js';
import { teamEn, type TeamStrings } from './team-strings.js';

/**
 * The base of the settings area's account pages (Account, Team, API tokens, Sites): the page properties every
 * page gets, the strings of its chunk, and {@link AccountPage.run}, which keeps the page busy during a call and
 * says its outcome in live regions ({@link AccountPage.renderLive}).
 */
export class AccountPage extends LitElement {
  static override styles = chatAdminAccountStyles;

  static override properties = {
    api: { attribute: false },
    strings: { attribute: false },
    inbox: { attribute: false },
    theme: { type: String, reflect: true },
    error: { state: true },
    status: { state: true },
    busy: { state: true },
  };

  declare api: AdminApi | undefined;
  declare strings: AdminStrings;
  declare inbox: InboxController;
  declare theme: string;
  /** The last refusal, said in the page's alert region. */
  declare error: string | undefined;
  /** The last outcome, said in the page's status region. */
  declare status: string | undefined;
  declare busy: boolean;

  constructor() {
    super();
    this.busy = false;
  }

  get a(): AuthStrings {
    return this.strings?.authPage ?? authEn;
  }

  get t(): TeamStrings {
    return this.strings?.teamPage ?? teamEn;
  }

  /** The signed-in member's role on this site (an owner's, from the account's session). */
  get memberRole(): 'owner' | 'admin' | 'agent' {
    const { session, me } = this.inbox.state;
    return session?.role ?? me?.role ?? 'agent';
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.run(() => this.load());
  }

  /** Reads what the page shows (when connected). */
  protected async load(): Promise<void> {}

  /** Runs `action` with the page busy; a refusal is said, and `status` (when given) on success. */
  async run(action: () => Promise<unknown>, status?: string): Promise<boolean> {
    this.busy = true;
    this.error = undefined;
    this.status = undefined;
    try {
      await action();
      if (status) this.status = status;
      return true;
    } catch (error) {
      this.error = authError(error, this.a);
      return false;
    } finally {
      this.busy = false;
    }
  }

  protected renderLive(): TemplateResult {
    return html`<p class="muted" role="status">${this.status ?? ''}</p>
      <p class="error" role="alert">${this.error ?? ''}</p>`;
  }

  /** A form's fields, trimmed, as strings. */
  protected fields(event: SubmitEvent): Record<string, string> {
    event.preventDefault();
    return Object.fromEntries(
      [...new FormData(event.currentTarget as HTMLFormElement)].map(([key, value]) => [key, String(value).trim()]),
    );
  }

  /** A date for lists. */
  protected when(ms: number | null | undefined): string {
    return ms ? new Date(ms).toLocaleString() : '—';
  }

  /** Copies `text`, and says so. */
  protected copy(text: string): void {
    void navigator.clipboard?.writeText(text).then(
      () => (this.status = this.t.copied),
      () => undefined,
    );
  }
}

import type { TemplateResult } from 'lit';
import { authEn, authError, type AuthStrings } from '../../auth-strings.js';
import { chatAdminAccountStyles } from './chat-admin-account.styles.js';
import { AdminPage } from '../../kit/admin-page.js';
import { teamEn, type TeamStrings } from '../../team-strings.js';
import { inboxLocale } from '../../intl-locale.js';

/**
 * The base of the settings area's account pages (Account, Team, API tokens, Sites): an {@link AdminPage} with the
 * strings of their chunk, refusals read as the account routes word them, and their live regions
 * ({@link AccountPage.renderLive}).
 */
export class AccountPage extends AdminPage {
  static override styles = chatAdminAccountStyles;

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

  protected override errorText(error: unknown): string {
    return authError(error, this.a);
  }

  protected renderLive(): TemplateResult {
    return this.saveState();
  }

  protected override sayError(error: string): string {
    return error;
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
    return ms ? new Date(ms).toLocaleString(inboxLocale()) : '—';
  }

  /** Copies `text`, and says so. */
  protected copy(text: string): void {
    void navigator.clipboard?.writeText(text).then(
      () => this.say(this.t.copied),
      () => undefined,
    );
  }
}

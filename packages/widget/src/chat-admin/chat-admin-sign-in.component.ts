import { html, nothing, type TemplateResult } from 'lit';
import { AdminRegion } from './admin-region.js';
import { chatAdminSignInStyles } from './chat-admin-sign-in.styles.js';

/**
 * The sign-in form of `<chat-admin>`: a staff token (a password field, never autocompleted), the refusal as an
 * alert, the button busy while the token is checked. Renders into `<chat-admin>`'s shadow root (see
 * `AdminRegion`).
 *
 * @summary Staff sign-in with a token.
 * @tag chat-admin-sign-in
 */
export class ChatAdminSignIn extends AdminRegion {
  static override styles = chatAdminSignInStyles;

  #onSubmit = (event: SubmitEvent): void => {
    event.preventDefault();
    const input = (event.currentTarget as HTMLFormElement).elements.namedItem('token') as HTMLInputElement;
    const token = input.value.trim();
    if (token) void this.inbox.submitSignIn(token);
  };

  protected override render(): TemplateResult {
    const s = this.inbox.strings;
    const { signInError, signingIn } = this.inbox.state;
    return html`<main class="sign-in">
      <form class="card" @submit=${this.#onSubmit} aria-labelledby="sign-in-title">
        <h1 id="sign-in-title">${s.signInTitle}</h1>
        <p class="muted">${s.signInIntro}</p>
        <label for="token">${s.token}</label>
        <input
          id="token"
          name="token"
          type="password"
          autocomplete="off"
          spellcheck="false"
          required
          aria-invalid=${signInError ? 'true' : 'false'}
          aria-describedby=${signInError ? 'sign-in-error' : nothing}
        />
        ${signInError ? html`<p id="sign-in-error" class="error" role="alert">${signInError}</p>` : nothing}
        <button class="primary" type="submit" ?disabled=${signingIn}>${signingIn ? s.signingIn : s.signIn}</button>
      </form>
    </main>`;
  }
}

import type { TemplateResult, html as litHtml, nothing as litNothing } from 'lit';
import type { Strings } from '../i18n/en.js';
import { textVersion, type Profile } from './visitor-session.js';

/*
 * The forms the panel shows instead of the composer: the pre-chat form (name, email, consent) and, when nobody is
 * online, the leave-a-message form (an email to reply to, and the message). Each keeps what it collected in the
 * visitor's profile; the element stores it and reconnects with it. A part fetched when first needed (lazy-parts.ts):
 * only a site with a pre-chat form, or a visitor who finds nobody online, sees one. Like the other parts it imports
 * nothing at run time but the profile's helper: the element hands it lit.
 */

/** What the element passes in: its own lit. */
export interface FormsLit {
  readonly html: typeof litHtml;
  readonly nothing: typeof litNothing;
}

/** The forms, as templates of the element's lit, and what reads them. */
export interface FormsPart {
  prechat: typeof prechatForm;
  away: typeof awayForm;
  profile: typeof formProfile;
}

let html: typeof litHtml;
let nothing: typeof litNothing;

/** Builds the forms on the element's lit. */
export function formsPart(lit: FormsLit): FormsPart {
  ({ html, nothing } = lit);
  return { prechat: prechatForm, away: awayForm, profile: formProfile };
}

/** The pre-chat form; `required` asks for the email and the consent, and offers no skipping. */
function prechatForm(
  s: Strings,
  profile: Profile,
  required: boolean,
  onSubmit: (event: SubmitEvent) => void,
  onSkip: () => void,
): TemplateResult {
  return html`<form class="form" part="form" @submit=${onSubmit}>
    <p>${s.prechatIntro}</p>
    <label>${s.name}<input type="text" name="name" autocomplete="name" maxlength="256" .value=${profile.name ?? ''} /></label>
    <label
      >${s.email}<input type="email" name="email" autocomplete="email" maxlength="256" ?required=${required} .value=${profile.email ?? ''}
    /></label>
    <label class="check"><input type="checkbox" name="consent" ?required=${required} /><span>${s.consent}</span></label>
    <div class="actions">
      <button class="primary" type="submit">${s.start}</button>
      ${required ? nothing : html`<button class="secondary" type="button" @click=${onSkip}>${s.skip}</button>`}
    </div>
  </form>`;
}

/** The leave-a-message form, for when nobody is online: the visitor's email and their message. */
function awayForm(s: Strings, onSubmit: (event: SubmitEvent) => void): TemplateResult {
  return html`<form class="form" part="form" @submit=${onSubmit}>
    <p>${s.awayIntro}</p>
    <label>${s.email}<input type="email" name="email" autocomplete="email" maxlength="256" required /></label>
    <label>${s.message}<textarea name="text" required maxlength="4000" rows="3"></textarea></label>
    <div class="actions"><button class="primary" type="submit">${s.leaveMessage}</button></div>
  </form>`;
}

/**
 * What a submitted form collected: the visitor's `profile` completed with it (and marked done), and the message
 * written in it, if any. A consent ticked is recorded with `consentVersion`, or a hash of the consent text shown
 * (`consentText`, asked only then).
 */
function formProfile(
  form: HTMLFormElement,
  profile: Profile,
  consentVersion: string | undefined,
  consentText: () => string,
): [Profile, string] {
  const data = new FormData(form);
  const text = String(data.get('text') ?? '').trim();
  const next: Profile = { ...profile, done: true };
  const name = String(data.get('name') ?? '').trim();
  const email = String(data.get('email') ?? '').trim();
  if (name) next.name = name.slice(0, 256);
  if (email) next.email = email.slice(0, 256);
  if (data.get('consent')) {
    next.consent = true;
    next.consentVersion = consentVersion?.trim().slice(0, 64) || textVersion(consentText());
  }
  return [next, text];
}

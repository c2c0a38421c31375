import type { TemplateResult, css as litCss, html as litHtml, nothing as litNothing } from 'lit';
import type { Strings } from '../i18n/en.js';
import { formControls } from './form-controls.styles.js';
import { textVersion, type Profile } from './visitor-session.js';

/*
 * The forms the panel shows instead of the composer: the pre-chat form (name, email, consent) and, when nobody is
 * online, the leave-a-message form (an email to reply to, and the message). Each keeps what it collected in the
 * visitor's profile; the element stores it and reconnects with it. A part fetched when first needed (lazy-parts.ts):
 * only a site with a pre-chat form, or a visitor who finds nobody online, sees one, so its English words and its own
 * rules come with it. Like the other parts it imports nothing at run time but the profile's helper and the form
 * controls' rules: the element hands it lit.
 */

/** What the element passes in: its own lit. */
export interface FormsLit {
  readonly html: typeof litHtml;
  readonly css: typeof litCss;
  readonly nothing: typeof litNothing;
}

/** The forms, as templates of the element's lit, what reads them, and their rules (added to the element's). */
export interface FormsPart {
  prechat: typeof prechatForm;
  away: typeof awayForm;
  profile: typeof formProfile;
  styles: ReturnType<typeof litCss>;
}

/** What this part says, in English: a locale's own strings replace it (the element's first load carries none). */
export const formsEn: Required<
  Pick<Strings, 'prechatIntro' | 'name' | 'email' | 'consent' | 'start' | 'skip' | 'awayIntro' | 'leaveMessage'>
> = {
  prechatIntro: 'Tell us who you are so we can get back to you.',
  name: 'Name',
  email: 'Email',
  consent: 'I agree that my messages and details are stored to answer me.',
  start: 'Start chat',
  skip: 'Skip',
  awayIntro: 'No one is here right now. Leave a message and we’ll reply by email.',
  leaveMessage: 'Leave a message',
};

/** `s` over this part's English. */
const withEnglish = (s: Strings): Strings & typeof formsEn => ({ ...formsEn, ...s }) as Strings & typeof formsEn;

let html: typeof litHtml;
let nothing: typeof litNothing;

/** Builds the forms on the element's lit. */
export function formsPart(lit: FormsLit): FormsPart {
  ({ html, nothing } = lit);
  return {
    prechat: prechatForm,
    away: awayForm,
    profile: formProfile,
    // The fields and buttons share their rules with the email card and the rating form.
    styles: lit.css`
      ${formControls(lit.css)}
      .form {
        display: flex;
        flex-direction: column;
        gap: 10px;
        padding: 14px 16px 16px;
        border-top: 1px solid var(--_border);
      }
      .form p {
        margin: 0;
        color: var(--_muted);
        font-size: 14px;
      }
      label.check {
        flex-direction: row;
        align-items: flex-start;
        gap: 8px;
        font-weight: 400;
      }
      label.check input {
        margin: 2px 0 0;
        width: 18px;
        height: 18px;
        accent-color: var(--_accent);
      }
    `,
  };
}

/** The pre-chat form; `required` asks for the email and the consent, and offers no skipping. */
function prechatForm(
  s: Strings,
  profile: Profile,
  required: boolean,
  onSubmit: (event: SubmitEvent) => void,
  onSkip: () => void,
): TemplateResult {
  const t = withEnglish(s);
  return html`<form class="form" part="form" @submit=${onSubmit}>
    <p>${t.prechatIntro}</p>
    <label>${t.name}<input type="text" name="name" autocomplete="name" maxlength="256" .value=${profile.name ?? ''} /></label>
    <label
      >${t.email}<input type="email" name="email" autocomplete="email" maxlength="256" ?required=${required} .value=${profile.email ?? ''}
    /></label>
    <label class="check"><input type="checkbox" name="consent" ?required=${required} /><span>${t.consent}</span></label>
    <div class="actions">
      <button class="primary" type="submit">${t.start}</button>
      ${required ? nothing : html`<button class="secondary" type="button" @click=${onSkip}>${t.skip}</button>`}
    </div>
  </form>`;
}

/** The leave-a-message form, for when nobody is online: the visitor's email and their message. */
function awayForm(s: Strings, onSubmit: (event: SubmitEvent) => void): TemplateResult {
  const t = withEnglish(s);
  return html`<form class="form" part="form" @submit=${onSubmit}>
    <p>${t.awayIntro}</p>
    <label>${t.email}<input type="email" name="email" autocomplete="email" maxlength="256" required /></label>
    <label>${t.message}<textarea name="text" required maxlength="4000" rows="3"></textarea></label>
    <div class="actions"><button class="primary" type="submit">${t.leaveMessage}</button></div>
  </form>`;
}

/**
 * What a submitted form collected: the visitor's `profile` completed with it (and marked done), and the message
 * written in it, if any. A consent ticked is recorded with `consentVersion`, or a hash of the consent text shown (from
 * the locale's `strings`, asked only then).
 */
function formProfile(
  form: HTMLFormElement,
  profile: Profile,
  consentVersion: string | undefined,
  strings: () => Strings,
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
    next.consentVersion = consentVersion?.trim().slice(0, 64) || textVersion(withEnglish(strings()).consent);
  }
  return [next, text];
}

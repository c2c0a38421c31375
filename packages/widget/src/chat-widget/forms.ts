import type { TemplateResult, css as litCss, html as litHtml, nothing as litNothing } from 'lit';
import { prechatProblem, readPrechatForm, type PrechatFormFieldText, type PrechatProblem } from '@parley/protocol';
import type { Strings } from '../i18n/en.js';
import type { VisitorClient } from '@parley/sdk/visitor';
import type { ChatClient } from './client-registry.js';
import { formControls } from './form-controls.styles.js';
import { textVersion, type Profile } from './visitor-session.js';

/*
 * The forms the panel shows instead of the composer: the pre-chat form — the site's own (issue #86, `welcome.prechat`:
 * its fields, checked here as the relay checks them, the values sent in a `prechat` frame) or, for a site without
 * one, the embed's (`prechat`: name, email, consent) — and, when nobody is online, the leave-a-message form (an email
 * to reply to, and the message). Each keeps what it collected in the
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
  Pick<
    Strings,
    | 'prechatIntro'
    | 'name'
    | 'email'
    | 'consent'
    | 'start'
    | 'skip'
    | 'awayIntro'
    | 'leaveMessage'
    | 'phone'
    | 'choose'
    | 'fieldRequired'
    | 'fieldEmail'
    | 'fieldPhone'
    | 'fieldChoice'
    | 'fieldLong'
    | 'requiredNote'
  >
> = {
  prechatIntro: 'Tell us who you are so we can get back to you.',
  name: 'Name',
  email: 'Email',
  consent: 'I agree that my messages and details are stored to answer me.',
  start: 'Start chat',
  skip: 'Skip',
  awayIntro: 'No one is here right now. Leave a message and we’ll reply by email.',
  leaveMessage: 'Leave a message',
  phone: 'Phone',
  choose: 'Choose…',
  fieldRequired: 'This field is required.',
  fieldEmail: 'Enter an email address, like name@example.com.',
  fieldPhone: 'Enter a phone number.',
  fieldChoice: 'Choose one of the options.',
  fieldLong: 'This text is too long.',
  requiredNote: 'Fields marked * are required.',
};

/** `s` over this part's English. */
const withEnglish = (s: Strings): Strings & typeof formsEn => ({ ...formsEn, ...s }) as Strings & typeof formsEn;

/** The fields of the site's form being submitted (its check passed), for {@link formProfile}. */
let submitted: readonly PrechatFormFieldText[] | undefined;

/** The element's client, for the welcome's form and to send its values. */
let client: () => ChatClient | undefined;
/** The welcome's form as last read, and its text. */
let read: [string, PrechatFormFieldText[] | undefined] | undefined;

/** The site's form the client's welcome carries (`welcome.prechat`, JSON text), read once per text. */
function siteFields(): PrechatFormFieldText[] | undefined {
  const text = client()?.welcome?.prechat;
  if (!text) return undefined;
  if (read?.[0] !== text) read = [text, readPrechatForm(text)?.fields];
  return read[1];
}

let html: typeof litHtml;
let nothing: typeof litNothing;

/** Builds the forms on the element's lit, for its client (`of`: the site's form, and where its values go). */
export function formsPart(lit: FormsLit, of: () => ChatClient | undefined): FormsPart {
  ({ html, nothing } = lit);
  client = of;
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
        flex: none;
        accent-color: var(--_accent);
      }
      input[type='tel'],
      select {
        width: 100%;
        font-size: max(16px, 1em);
        border: 1px solid var(--_border);
        border-radius: 10px;
        background: var(--_bg);
        color: inherit;
        padding: 9px 11px;
      }
      .field {
        display: flex;
        flex-direction: column;
        gap: 4px;
      }
      /* A site's form may be longer than the panel: it scrolls, the conversation above keeps some room. */
      .form.site {
        max-block-size: 70%;
        overflow-y: auto;
      }
      [aria-invalid='true'] {
        border-color: var(--_error, #c62828);
        outline-color: var(--_error, #c62828);
      }
      .form .error {
        color: var(--_error, #c62828);
        font-size: 13px;
      }
      .mark {
        color: var(--_error, #c62828);
        margin-inline-start: 2px;
      }
    `,
  };
}

/**
 * The pre-chat form: the site's (from the client's welcome), whose fields it checks before `onSubmit` runs, offering
 * skipping when none is required; else the embed's. The embed's `prechat` attribute (`host`'s) `required` asks for
 * the email (its form) and the consent (both), and offers no skipping.
 */
function prechatForm(
  s: Strings,
  profile: Profile,
  host: { readonly prechat: string },
  onSubmit: (event: SubmitEvent) => void,
  onSkip: () => void,
): TemplateResult {
  const t = withEnglish(s);
  const required = host.prechat === 'required';
  const fields = siteFields();
  if (fields) return siteForm(t, profile, required, fields, onSubmit, onSkip);
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

/** A field's label: the site's, else the widget's word for name, email and phone, else the attribute's key. */
const labelOf = (t: Strings & typeof formsEn, field: PrechatFormFieldText): string =>
  field.label ??
  (field.key === 'name'
    ? t.name
    : field.key === 'email'
      ? t.email
      : field.key === 'phone'
        ? t.phone
        : field.key.slice(10));

/** The words of a value's problem. */
const problemText = (t: Strings & typeof formsEn, problem: PrechatProblem): string =>
  ({
    required: t.fieldRequired,
    type: t.fieldRequired,
    length: t.fieldLong,
    choice: t.fieldChoice,
    email: t.fieldEmail,
    phone: t.fieldPhone,
  })[problem];

/** What a field's control holds: a ticked box, or its text (a choice's option). */
function valueOf(data: FormData, field: PrechatFormFieldText): string | boolean {
  return field.type === 'checkbox' ? data.has(field.key) : String(data.get(field.key) ?? '').trim();
}

/** The values the site's form holds, by key (an empty text or an unticked box left out). */
function siteValues(form: HTMLFormElement, fields: readonly PrechatFormFieldText[]): Record<string, string | boolean> {
  const data = new FormData(form);
  const values: Record<string, string | boolean> = {};
  for (const field of fields) {
    const value = valueOf(data, field);
    if (value !== '' && value !== false) values[field.key] = value;
  }
  return values;
}

/**
 * The site's form: each field labelled (a mark after a required one's, said once under the intro), its error below it
 * tied by `aria-describedby`. Submitting checks every field as the relay will: the errors show, the first wrong field
 * takes the focus, and `onSubmit` runs only once none is left. `consent`: the embed asks for the consent too.
 */
function siteForm(
  t: Strings & typeof formsEn,
  profile: Profile,
  consent: boolean,
  fields: readonly PrechatFormFieldText[],
  onSubmit: (event: SubmitEvent) => void,
  onSkip: () => void,
): TemplateResult {
  const given = profile.values ?? {};
  const anyRequired = consent || fields.some((field) => field.required);
  const check = (event: SubmitEvent): void => {
    const form = event.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    let first: HTMLElement | undefined;
    fields.forEach((field, index) => {
      const control = form.querySelector<HTMLElement>(`#pf-${index}`);
      const error = form.querySelector<HTMLElement>(`#pf-${index}-error`);
      const problem = prechatProblem(field, valueOf(data, field));
      control?.setAttribute('aria-invalid', String(!!problem));
      if (error) error.textContent = problem ? problemText(t, problem) : '';
      if (problem) first ??= control ?? undefined;
    });
    const box = form.querySelector<HTMLInputElement>('input[name=consent]');
    if (box && !box.checked) first ??= box;
    if (first) {
      event.preventDefault();
      first.focus();
      return;
    }
    submitted = fields;
    onSubmit(event);
  };
  return html`<form class="form site" part="form" novalidate @submit=${check}>
    <p>${t.prechatIntro}</p>
    ${anyRequired ? html`<p>${t.requiredNote}</p>` : nothing}
    ${fields.map((field, index) => {
      const id = `pf-${index}`;
      // One box: the mark stays on the label's line (a label is a column of its children).
      const label = html`<span>${labelOf(t, field)}${field.required ? html`<span class="mark" aria-hidden="true">*</span>` : nothing}</span>`;
      const error = html`<span class="error" id="${id}-error" aria-live="polite"></span>`;
      const value =
        given[field.key] ?? (field.key === 'name' ? profile.name : field.key === 'email' ? profile.email : undefined);
      if (field.type === 'checkbox')
        return html`<div class="field">
          <label class="check"
            ><input type="checkbox" id=${id} name=${field.key} ?required=${!!field.required} .checked=${value === true}
              aria-describedby="${id}-error" />${label}</label
          >${error}
        </div>`;
      if (field.type === 'choice')
        return html`<div class="field">
          <label for=${id}>${label}</label>
          <select id=${id} name=${field.key} ?required=${!!field.required} aria-describedby="${id}-error">
            <option value="">${t.choose}</option>
            ${(field.options ?? []).map((option) => html`<option .selected=${value === option}>${option}</option>`)}
          </select>
          ${error}
        </div>`;
      const kind = field.key === 'email' ? 'email' : field.key === 'phone' ? 'tel' : 'text';
      const autocomplete =
        field.key === 'name' || field.key === 'email' ? field.key : field.key === 'phone' ? 'tel' : 'off';
      return html`<div class="field">
        <label for=${id}>${label}</label>
        <input type=${kind} id=${id} name=${field.key} autocomplete=${autocomplete} maxlength="256"
          ?required=${!!field.required} aria-describedby="${id}-error" .value=${typeof value === 'string' ? value : ''} />
        ${error}
      </div>`;
    })}
    ${
      consent
        ? html`<label class="check"><input type="checkbox" name="consent" required /><span>${t.consent}</span></label>`
        : nothing
    }
    <div class="actions">
      <button class="primary" type="submit">${t.start}</button>
      ${anyRequired ? nothing : html`<button class="secondary" type="button" @click=${onSkip}>${t.skip}</button>`}
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
 * the locale's `strings`, asked only then). The site's form (its fields: those just checked) keeps its values in the profile too, and sends
 * them to the relay through the element's client once it has bound to it (the client of the new name and email: the
 * request waits for its welcome); a refusal (the site changed its form meanwhile) keeps nothing there.
 */
function formProfile(
  form: HTMLFormElement,
  profile: Profile,
  consentVersion: string | undefined,
  strings: () => Strings,
): [Profile, string] {
  const fields = submitted;
  submitted = undefined;
  const data = new FormData(form);
  const text = String(data.get('text') ?? '').trim();
  const next: Profile = { ...profile, done: true };
  if (fields) {
    const values = siteValues(form, fields);
    next.values = values;
    // A client the page made itself may not ask requests (`ChatClient` does not require it): it is not sent then.
    queueMicrotask(
      () =>
        void (client() as Partial<Pick<VisitorClient, 'request'>> | undefined)
          ?.request?.({ type: 'prechat', ref: `prechat-${Date.now().toString(36)}`, values })
          .catch(() => undefined),
    );
  }
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

/**
 * The words of the widget's email part (issue #36): the header's menu ("Email me this conversation") and the
 * "Get notified by email" card. English's travel with the part's chunk (`email-part.ts`), so the element's first
 * load does not carry them; another locale sets `emailStrings` in its strings (a locale without them shows English).
 */
export interface EmailStrings {
  /** The header's menu button. */
  menu: string;
  /** The menu's entry. */
  transcript: string;
  /** The transcript was queued: `email` is the address, masked (`a***@ex***.com`). */
  transcriptSent: (email: string) => string;
  transcriptFailed: string;
  /** The card's heading. */
  title: string;
  /** Under it, when a live answer is unlikely (nobody available, out of hours, no reply for a while). */
  intro: string;
  /** Under it, when the visitor asked for the transcript and no email is known. */
  transcriptIntro: string;
  /** The email field's label. */
  label: string;
  submit: string;
  /** The button that puts the card away. */
  dismiss: string;
  /** Said once the email is kept: `email` is the address, masked. */
  saved: (email: string) => string;
  /** The relay could not keep it (offline, or refused for another reason than the address). */
  failed: string;
}

/** The card's refusal of an address, in English: a locale's `invalidEmail` replaces it. */
export const invalidEmailEn = 'Enter a valid email address';

/** English, the default. */
export const emailStringsEn: EmailStrings = {
  menu: 'More',
  transcript: 'Email me this conversation',
  transcriptSent: (email) => `Sent to ${email}.`,
  transcriptFailed: 'It could not be emailed. Try again later.',
  title: 'Get notified by email',
  intro: 'If you leave, we’ll send our reply to your email.',
  transcriptIntro: 'Enter your email and we’ll send you this conversation.',
  label: 'Email',
  submit: 'Notify me',
  dismiss: 'Not now',
  saved: (email) => `We’ll reply to ${email} if you’re not here.`,
  failed: 'Your email could not be saved. Try again.',
};

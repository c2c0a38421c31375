import { AdminApiError } from './admin-api.js';

/**
 * The strings of the sign-in page (and its one-time links), kept apart from the Account page's so that a
 * signed-out first load fetches only these; `AuthStrings` (auth-strings.ts) extends them.
 */
export interface SignInStrings {
  title: string;
  intro: string;
  email: string;
  password: string;
  signIn: string;
  signingIn: string;
  forgot: string;
  useToken: string;
  usePassword: string;
  tokenIntro: string;
  token: string;
  badToken: string;
  totpTitle: string;
  totpIntro: string;
  code: string;
  useRecovery: string;
  useCode: string;
  recoveryCode: string;
  verify: string;
  back: string;
  forgotTitle: string;
  forgotIntro: string;
  sendLink: string;
  linkSent: string;
  setupTitle: string;
  setupIntro: string;
  /** A setup link that does not work, said before any form: why, then how to sign in or make a new one. */
  setupGoneTitle: string;
  setupNoSuchLink: string;
  setupSignIn: string;
  setupNewLink: string;
  signInInstead: string;
  name: string;
  newPassword: string;
  passwordHelp: string;
  createOwner: string;
  inviteTitle: string;
  inviteIntro: (siteName: string, role: string) => string;
  inviteExisting: (email: string) => string;
  accept: string;
  resetTitle: string;
  resetIntro: string;
  setPassword: string;
  passwordChanged: string;
  roles: Record<'owner' | 'admin' | 'agent', string>;
  wait: (minutes: number) => string;
  locked: (minutes: number) => string;
  linkGone: string;
  error: (message: string) => string;
  twofaTitle: string;
  twofaRequired: string;
  /** A session opened without the account's code (an invitation accepted with the password) on a site requiring it. */
  twofaCodeRequired: (site: string) => string;
  signInAgain: string;
}

/** English strings of the sign-in page. */
export const signInEn: SignInStrings = {
  title: 'Sign in to the inbox',
  intro: 'Sign in with your email address and password.',
  email: 'Email',
  password: 'Password',
  signIn: 'Sign in',
  signingIn: 'Signing in…',
  forgot: 'Forgot password?',
  useToken: 'Sign in with an API token instead',
  usePassword: 'Sign in with email and password instead',
  tokenIntro: 'Paste your staff token: only this tab keeps it, until you sign out or close it.',
  token: 'Staff token',
  badToken: 'This token was refused.',
  totpTitle: 'Two-factor sign-in',
  totpIntro: 'Enter the 6-digit code from your authenticator app.',
  code: 'Code',
  useRecovery: 'Use a recovery code',
  useCode: 'Use a code from the app',
  recoveryCode: 'Recovery code',
  verify: 'Verify',
  back: 'Back to sign-in',
  forgotTitle: 'Reset your password',
  forgotIntro: 'If your email address has an account, we email it a link to set a new password.',
  sendLink: 'Send the link',
  linkSent: 'If that address has an account, a link is on its way. It works once, for an hour.',
  setupTitle: 'Create the owner account',
  setupIntro: 'This relay has no account yet. The first one owns it.',
  setupGoneTitle: 'This setup link does not work',
  setupNoSuchLink: 'No such link: it is mistyped, cut short, or replaced by a newer one.',
  setupSignIn: 'Made the owner account already? Sign in with it.',
  setupNewLink: 'For a new link (it works once, for 2 hours), run this where the relay runs:',
  signInInstead: 'Sign in',
  name: 'Your name',
  newPassword: 'New password',
  passwordHelp: '10 to 256 characters, not your email address.',
  createOwner: 'Create the account',
  inviteTitle: 'Join the team',
  inviteIntro: (siteName, role) => `You are invited to ${siteName} as ${role}.`,
  inviteExisting: (email) => `${email} has an account: enter its password to accept.`,
  accept: 'Accept the invitation',
  resetTitle: 'Set a new password',
  resetIntro: 'Every session of the account is signed out.',
  setPassword: 'Set the password',
  passwordChanged: 'Your password is changed. Sign in with it.',
  roles: { owner: 'owner', admin: 'admin', agent: 'agent' },
  wait: (minutes) => `Too many attempts. Try again in ${minutes} min.`,
  locked: (minutes) => `Too many failed sign-ins: this account is locked. Try again in ${minutes} min.`,
  linkGone: 'This link was used or has expired. Ask for a new one.',
  error: (message) => `Something went wrong: ${message}`,
  twofaTitle: 'Two-factor sign-in',
  twofaRequired: 'This site requires two-factor sign-in. Set it up to continue.',
  twofaCodeRequired: (site) => `${site} requires two-factor sign-in: sign in again with your app's code too.`,
  signInAgain: 'Sign in again',
};

/**
 * What to say about a refusal of the account routes: the wait when rate-limited (429) or locked (423), a used or
 * expired link, otherwise the relay's own (generic) message.
 */
export function authError(error: unknown, s: SignInStrings): string {
  if (!(error instanceof AdminApiError)) return s.error(String(error));
  const retry = (error as AdminApiError & { retryAfter?: number }).retryAfter;
  const minutes = Math.max(1, Math.ceil((retry ?? 900) / 60));
  if (error.status === 429) return s.wait(minutes);
  if (error.status === 423) return s.locked(minutes);
  if (error.status === 410) return s.linkGone;
  return error.status === 0 ? s.error(error.message) : error.message;
}

import { signInEn, type SignInStrings } from './sign-in-strings.js';

export { authError } from './sign-in-strings.js';

/**
 * The strings of signing in with an account, its one-time links (first owner, invitation, password reset), and
 * the Account page (password, two-factor sign-in, sessions). Kept out of the shell: the sign-in page's and the
 * Account page's chunks bring the English ones; a translation goes in `AdminStrings.authPage`.
 */
export interface AuthStrings extends SignInStrings {
  /** Account page. */
  accountTitle: string;
  /** The Account page when signed in with an API token. */
  tokenAccount: string;
  changePassword: string;
  currentPassword: string;
  save: string;
  saved: string;
  twofaOn: string;
  twofaOff: string;
  twofaStart: string;
  twofaScan: string;
  twofaSecret: string;
  twofaConfirm: string;
  recoveryTitle: string;
  recoveryIntro: string;
  copy: string;
  copied: string;
  download: string;
  done: string;
  twofaDisable: string;
  regenerate: string;
  sessionsTitle: string;
  thisSession: string;
  lastSeen: (when: string) => string;
  revoke: string;
  unknownDevice: string;
  cancel: string;
}

/** English strings of signing in and the Account page. */
export const authEn: AuthStrings = {
  ...signInEn,
  accountTitle: 'Your account',
  tokenAccount: 'You are signed in with an API token: it has no account, password or two-factor sign-in to manage.',
  changePassword: 'Change password',
  currentPassword: 'Current password',
  save: 'Save',
  saved: 'Saved.',
  twofaOn: 'On: signing in asks for a code from your authenticator app.',
  twofaOff: 'Off.',
  twofaStart: 'Set up two-factor sign-in',
  twofaScan: 'Scan this code with an authenticator app, then enter the 6-digit code it shows.',
  twofaSecret: 'Or enter this key by hand',
  twofaConfirm: 'Turn on',
  recoveryTitle: 'Recovery codes',
  recoveryIntro:
    'Each code signs you in once if you lose your authenticator. Keep them somewhere safe: they are shown only now.',
  copy: 'Copy',
  copied: 'Copied.',
  download: 'Download',
  done: 'Done',
  twofaDisable: 'Turn off',
  regenerate: 'New recovery codes',
  sessionsTitle: 'Where you are signed in',
  thisSession: 'This browser',
  lastSeen: (when) => `Last active ${when}`,
  revoke: 'Sign out',
  unknownDevice: 'Unknown browser',
  cancel: 'Cancel',
};

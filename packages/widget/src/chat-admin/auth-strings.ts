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
  /** The heading of turning it off, which the button's `twofaDisable` does. */
  twofaDisableTitle: string;
  twofaDisableHelp: string;
  regenerate: string;
  regenerateHelp: string;
  /** A field that takes only the authenticator's code (turning it on). */
  twofaAppCode: string;
  /** A field that takes the authenticator's code or a recovery code. */
  twofaAnyCode: string;
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
  twofaOff: 'Off: signing in asks for your password only.',
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
  twofaDisableTitle: 'Turn off two-factor sign-in',
  twofaDisableHelp: 'Signing in will ask for your password only.',
  regenerate: 'New recovery codes',
  regenerateHelp: 'Makes 10 new recovery codes; the ones you have stop working.',
  twofaAppCode: 'Code from your authenticator app',
  twofaAnyCode: 'Code from your authenticator app, or a recovery code',
  sessionsTitle: 'Where you are signed in',
  thisSession: 'This browser',
  lastSeen: (when) => `Last active ${when}`,
  revoke: 'Sign out',
  unknownDevice: 'Unknown browser',
  cancel: 'Cancel',
};

// Its strings in the inbox's (a host's `strings`), added from here: admin-strings.ts imports no feature.
declare module './admin-strings.js' {
  interface AdminStrings {
    /** Signing in and the Account page (their chunks bring the English ones when this is not set). */
    authPage?: AuthStrings;
  }
}

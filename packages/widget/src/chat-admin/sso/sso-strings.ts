/** The strings of single sign-on on the sign-in page, kept out of the shell: its chunk brings the English ones. */
export interface SsoStrings {
  /** `site`: the provider's site, when the relay holds several (their admins name their providers as they like). */
  signInWith: (provider: string, site?: string) => string;
  or: string;
  linkTitle: string;
  /** `site`: the name of the site whose provider it is (a link is offered only for a site the account is on). */
  linkIntro: (provider: string, email: string, site: string) => string;
  password: string;
  code: string;
  link: string;
  linking: string;
  back: string;
  /** A refusal of the provider's sign-in, by the relay's error code (`#sso-error=<code>`). */
  errors: Record<string, string>;
  error: string;
}

/** English strings of single sign-on on the sign-in page. */
export const ssoEn: SsoStrings = {
  signInWith: (provider, site) => `Sign in with ${provider}${site ? ` (${site})` : ''}`,
  or: 'or with your email and password',
  linkTitle: 'Link your account',
  linkIntro: (provider, email, site) =>
    `${provider}, the identity provider of the site ${site}, says you are ${email}. An account with that email exists here: enter its password once to link it, then ${provider} signs you in to ${site}. Do this only if you started this sign-in yourself.`,
  password: 'Password of your account here',
  code: 'Code from your authenticator app',
  link: 'Link and sign in',
  linking: 'Linking…',
  back: 'Back to sign-in',
  errors: {
    sso_failed:
      'The sign-in did not complete (it expired, was used already, or started in another browser). Try again.',
    sso_refused:
      'Your identity provider’s account may not sign in here: its email is not verified, not in an allowed domain, or your membership is deactivated. Ask an admin.',
    not_found: 'That sign-in provider is not available any more.',
    rate_limited: 'Too many attempts from this address; wait a minute and try again.',
  },
  error: 'The sign-in did not complete. Try again.',
};

// Its strings in the inbox's (a host's `strings`), added from here: admin-strings.ts imports no feature.
declare module '../admin-strings.js' {
  interface AdminStrings {
    /** Single sign-on on the sign-in page (its chunk brings the English ones). */
    ssoPage?: SsoStrings;
  }
}

/**
 * The strings of the Team, API tokens and Sites pages, kept out of the shell: their chunks bring the English ones;
 * a translation goes in `AdminStrings.teamPage`.
 */
export interface TeamStrings {
  teamTitle: string;
  teamIntro: string;
  readOnly: string;
  name: string;
  email: string;
  role: string;
  twofa: string;
  availability: string;
  status: string;
  actions: string;
  active: string;
  inactive: string;
  on: string;
  off: string;
  you: string;
  roles: Record<'owner' | 'admin' | 'agent', string>;
  availabilities: Record<'online' | 'away' | 'offline', string>;
  roleOf: (name: string) => string;
  deactivate: string;
  reactivate: string;
  confirmDeactivate: (name: string) => string;
  resetLink: string;
  resetLinkFor: (name: string) => string;
  require2fa: string;
  require2faHelp: string;
  inviteTitle: string;
  invite: string;
  invited: (email: string) => string;
  inviteLink: string;
  linkOnce: string;
  pending: string;
  noPending: string;
  expires: (when: string) => string;
  revoke: string;
  copy: string;
  copied: string;
  cancel: string;
  confirm: string;
  tokensTitle: string;
  tokensIntro: string;
  newToken: string;
  scopes: string;
  scopeNames: Record<'read' | 'write' | 'admin', string>;
  expiry: string;
  expiryNever: string;
  expiryDays: (days: number) => string;
  create: string;
  tokenOnce: string;
  noTokens: string;
  never: string;
  needScope: string;
  confirmRevoke: (name: string) => string;
  sitesTitle: string;
  sitesIntro: string;
  current: string;
  switchTo: string;
  newSite: string;
  siteName: string;
  origins: string;
  originsHelp: string;
  siteCreated: (name: string) => string;
  siteTokenOnce: string;
  error: (message: string) => string;
}

/** English strings of the Team, API tokens and Sites pages. */
export const teamEn: TeamStrings = {
  teamTitle: 'Team',
  teamIntro: 'Everyone who answers on this site: their role, two-factor sign-in and availability.',
  readOnly: 'Only admins change the team.',
  name: 'Name',
  email: 'Email',
  role: 'Role',
  twofa: '2FA',
  availability: 'Availability',
  status: 'Status',
  actions: 'Actions',
  active: 'Active',
  inactive: 'Deactivated',
  on: 'On',
  off: 'Off',
  you: '(you)',
  roles: { owner: 'Owner', admin: 'Admin', agent: 'Agent' },
  availabilities: { online: 'Online', away: 'Away', offline: 'Offline' },
  roleOf: (name) => `Role of ${name}`,
  deactivate: 'Deactivate',
  reactivate: 'Reactivate',
  confirmDeactivate: (name) =>
    `Deactivate ${name}? They are signed out of this site at once and can no longer sign in to it.`,
  resetLink: 'Reset link',
  resetLinkFor: (name) => `A password reset link for ${name}. Hand it over yourself; it works once.`,
  require2fa: 'Require two-factor sign-in on this site',
  require2faHelp: 'Members without it set it up at their next sign-in. Turn it on for yourself first (Account).',
  inviteTitle: 'Invite someone',
  invite: 'Send the invitation',
  invited: (email) => `${email} is invited: the invitation is on its way by email.`,
  inviteLink: 'The relay could not email the invitation. Send this link yourself; it works once and is shown only now.',
  linkOnce: 'Shown only now.',
  pending: 'Pending invitations',
  noPending: 'None.',
  expires: (when) => `expires ${when}`,
  revoke: 'Revoke',
  copy: 'Copy',
  copied: 'Copied.',
  cancel: 'Cancel',
  confirm: 'Confirm',
  tokensTitle: 'API tokens',
  tokensIntro: 'For bots and integrations: each token can do only what its scopes allow, until it expires.',
  newToken: 'New token',
  scopes: 'Scopes',
  scopeNames: { read: 'Read', write: 'Write', admin: 'Admin' },
  expiry: 'Expires',
  expiryNever: 'Never',
  expiryDays: (days) => `In ${days} days`,
  create: 'Create',
  tokenOnce: 'Copy the token now: it is shown only once.',
  noTokens: 'No API tokens.',
  never: 'never',
  needScope: 'Choose at least one scope.',
  confirmRevoke: (name) => `Revoke ${name}? What uses it stops working at once.`,
  sitesTitle: 'Sites',
  sitesIntro: 'The sites your account belongs to. Switching changes the site the inbox shows.',
  current: 'Current',
  switchTo: 'Switch',
  newSite: 'New site',
  siteName: 'Site name',
  origins: 'Allowed origins',
  originsHelp: 'One per line, such as https://shop.example.com; empty: any.',
  siteCreated: (name) => `${name} is created.`,
  siteTokenOnce: 'Its first admin token, shown only now:',
  error: (message) => `Something went wrong: ${message}`,
};

// Its strings in the inbox's (a host's `strings`), added from here: admin-strings.ts imports no feature.
declare module './admin-strings.js' {
  interface AdminStrings {
    /** The Team, API tokens and Sites pages (their chunks bring the English ones when this is not set). */
    teamPage?: TeamStrings;
  }
}

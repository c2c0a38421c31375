/** The strings of the inbox's Single sign-on page, kept out of the shell: the page's chunk brings the English ones. */
export interface SsoPageStrings {
  title: string;
  intro: string;
  require: string;
  requireHelp: string;
  save: string;
  saved: string;
  providers: string;
  none: string;
  enabled: string;
  disabled: string;
  enable: string;
  disable: string;
  check: string;
  checkOk: (endpoint: string, backChannel: boolean) => string;
  checkFailed: (problem: string) => string;
  /** A SAML provider's check contacts nothing: it reads the signing certificate only. */
  samlCheckOk: (ssoUrl: string) => string;
  samlCheckFailed: (problem: string) => string;
  remove: string;
  confirmRemove: (name: string) => string;
  cancel: string;
  removed: string;
  redirectUri: string;
  backChannelUri: string;
  domainsRole: (domains: string, role: string) => string;
  roles: { agent: string; admin: string };
  add: string;
  kind: string;
  kinds: { oidc: string; saml: string };
  spEntityId: string;
  acsUrl: string;
  metadataUrl: string;
  idpEntityId: string;
  ssoUrl: string;
  idpCertificate: string;
  idpCertificateHelp: string;
  emailAttribute: string;
  emailAttributeHelp: string;
  name: string;
  nameHelp: string;
  issuer: string;
  issuerHelp: string;
  clientId: string;
  clientSecret: string;
  clientSecretHelp: string;
  scopes: string;
  scopesHelp: string;
  domains: string;
  domainsHelp: string;
  defaultRole: string;
  added: string;
  domainsTitle: string;
  domainsIntro: string;
  domainVerified: string;
  domainUnverified: string;
  domainRecord: (name: string, value: string) => string;
  verify: string;
  verifiedNow: (domain: string) => string;
  notFoundYet: (domain: string) => string;
  /** The other way: a code mailed to an address at the domain. */
  byMail: (domain: string) => string;
  mailAddress: (domain: string) => string;
  sendCode: string;
  codeSent: (address: string) => string;
  code: string;
  confirmCode: string;
}

/** English strings of the Single sign-on page. */
export const ssoPageEn: SsoPageStrings = {
  title: 'Single sign-on',
  intro:
    'Let your team sign in with your company’s identity provider (OpenID Connect or SAML 2.0: Google Workspace, Microsoft Entra ID, Okta, Keycloak, Authentik…). People of the allowed domains get an account at their first sign-in; someone who already has an account here links it once with its password.',
  require: 'Require single sign-on for this site',
  requireHelp:
    'Passwords of this site’s members are refused; two-factor is then your provider’s business. If the provider fails, the relay’s operator can let an owner in with `parley-relay account break-glass`.',
  save: 'Save',
  saved: 'Saved.',
  providers: 'Providers',
  none: 'No provider yet.',
  enabled: 'Enabled',
  disabled: 'Disabled',
  enable: 'Enable',
  disable: 'Disable',
  check: 'Check',
  checkOk: (endpoint, backChannel) =>
    `The provider answered (${endpoint})${backChannel ? '; it offers back-channel logout' : ''}.`,
  checkFailed: (problem) => `The provider did not answer: ${problem}`,
  samlCheckOk: (ssoUrl) =>
    `The signing certificate is valid now. Nothing was contacted: sign-ins go to ${ssoUrl}, try one to check the provider.`,
  samlCheckFailed: (problem) => `The signing certificate is not usable: ${problem}`,
  remove: 'Delete',
  confirmRemove: (name) => `Delete ${name}? Its members keep their accounts, and sign in with a password again.`,
  cancel: 'Cancel',
  removed: 'Deleted.',
  redirectUri: 'Redirect URI (register it at the provider)',
  backChannelUri: 'Back-channel logout URI',
  domainsRole: (domains, role) => `${domains} · new members: ${role}`,
  roles: { agent: 'Agent', admin: 'Admin' },
  add: 'Add a provider',
  kind: 'Protocol',
  kinds: { oidc: 'OpenID Connect', saml: 'SAML 2.0' },
  spEntityId: 'Entity ID (Audience; register it at the provider)',
  acsUrl: 'ACS URL (Reply URL)',
  metadataUrl: 'SP metadata',
  idpEntityId: 'Identity provider entity ID',
  ssoUrl: 'Single sign-on URL',
  idpCertificate: 'Signing certificate',
  idpCertificateHelp:
    'The X.509 certificate the provider signs assertions with (PEM, or the base64 from its metadata).',
  emailAttribute: 'Email attribute',
  emailAttributeHelp: 'Leave empty for the usual ones (email, mail), then an emailAddress NameID.',
  name: 'Button name',
  nameHelp: 'The sign-in page says “Sign in with …”.',
  issuer: 'Issuer URL',
  issuerHelp: 'Exactly as the provider’s discovery document names it, e.g. https://accounts.google.com.',
  clientId: 'Client ID',
  clientSecret: 'Client secret',
  clientSecretHelp: 'Stored encrypted; never shown again. Leave it empty to keep the current one.',
  scopes: 'Scopes',
  scopesHelp: 'Besides openid, which is always asked. Default: email profile.',
  domains: 'Allowed email domains',
  domainsHelp: 'Comma-separated, e.g. example.com, example.org. Only these may sign in through this provider.',
  defaultRole: 'Role of new members',
  added: 'Provider added. Register its redirect URI (SAML: its entity ID and ACS URL) at the provider.',
  domainsTitle: 'Email domains',
  domainsIntro:
    'A provider makes accounts at first sign-in only for a domain this site has verified: publish the TXT record shown in the domain’s DNS, then Verify; or enter a code mailed to an address at the domain. One domain belongs to one site.',
  domainVerified: 'Verified',
  domainUnverified: 'Not verified: no new accounts',
  domainRecord: (name, value) => `TXT record at ${name}: ${value}`,
  verify: 'Verify',
  verifiedNow: (domain) => `${domain} is verified.`,
  notFoundYet: (domain) => `The record of ${domain} was not found yet (DNS may take a while): try again later.`,
  byMail: (domain) =>
    `No access to the DNS? Send a code to admin@, administrator@, hostmaster@, postmaster@ or webmaster@${domain} and enter it here.`,
  mailAddress: (domain) => `Address at ${domain}`,
  sendCode: 'Send a code',
  codeSent: (address) => `A code was sent to ${address}: enter it within 24 hours.`,
  code: 'Code from the email',
  confirmCode: 'Confirm',
};

// Its strings in the inbox's (a host's `strings`), added from here: admin-strings.ts imports no feature.
declare module '../../admin-strings.js' {
  interface AdminStrings {
    /** The Single sign-on settings page. */
    ssoSettingsPage?: SsoPageStrings;
  }
}

import type { Migration } from '../store/migration.js';

/** Single sign-on's migrations (docs/accounts.md, "Single sign-on"). Never edit one that has shipped: add another. */
export const SSO_MIGRATIONS: readonly Migration[] = [
  {
    name: 'sso.tables',
    after: ['auth.accounts'],
    ddl: ({ TEXT, BIGINT, WITHOUT_ROWID }) => `
  -- A site's OpenID providers. The client secret is sealed with the data key (store/secret-sealer.ts).
  CREATE TABLE sso_providers (
    id                   ${TEXT} PRIMARY KEY,
    site_id              ${TEXT} NOT NULL,
    name                 ${TEXT} NOT NULL,
    issuer               ${TEXT} NOT NULL,
    client_id            ${TEXT} NOT NULL,
    client_secret_sealed ${TEXT} NOT NULL,
    scopes               ${TEXT} NOT NULL,
    allowed_domains      ${TEXT} NOT NULL,
    default_role         ${TEXT} NOT NULL,
    enabled              ${BIGINT} NOT NULL,
    created_at           ${BIGINT} NOT NULL,
    updated_at           ${BIGINT} NOT NULL
  ) ${WITHOUT_ROWID};
  CREATE INDEX sso_providers_site ON sso_providers (site_id);
  -- Whether a site refuses passwords.
  CREATE TABLE sso_site_settings (
    site_id     ${TEXT} PRIMARY KEY,
    require_sso ${BIGINT} NOT NULL,
    updated_at  ${BIGINT} NOT NULL
  ) ${WITHOUT_ROWID};
  -- A sign-in under way: the state's hash, the browser it started in (its cookie's hash), the PKCE verifier
  -- (sealed) and the nonce. Used once.
  CREATE TABLE sso_flows (
    state_hash      ${TEXT} PRIMARY KEY,
    provider_id     ${TEXT} NOT NULL,
    binding_hash    ${TEXT} NOT NULL,
    verifier_sealed ${TEXT} NOT NULL,
    nonce           ${TEXT} NOT NULL,
    created_at      ${BIGINT} NOT NULL,
    expires_at      ${BIGINT} NOT NULL,
    used_at         ${BIGINT}
  ) ${WITHOUT_ROWID};
  -- An identity waiting to be linked to the existing account of its email, once that account's password is given.
  CREATE TABLE sso_pending_links (
    token_hash  ${TEXT} PRIMARY KEY,
    provider_id ${TEXT} NOT NULL,
    subject     ${TEXT} NOT NULL,
    account_id  ${TEXT} NOT NULL,
    email       ${TEXT} NOT NULL,
    sid         ${TEXT},
    created_at  ${BIGINT} NOT NULL,
    expires_at  ${BIGINT} NOT NULL,
    used_at     ${BIGINT}
  ) ${WITHOUT_ROWID};
  -- Who a provider's subject is here.
  CREATE TABLE sso_identities (
    provider_id   ${TEXT} NOT NULL,
    subject       ${TEXT} NOT NULL,
    account_id    ${TEXT} NOT NULL,
    email         ${TEXT} NOT NULL,
    created_at    ${BIGINT} NOT NULL,
    last_login_at ${BIGINT} NOT NULL,
    PRIMARY KEY (provider_id, subject)
  ) ${WITHOUT_ROWID};
  CREATE INDEX sso_identities_account ON sso_identities (account_id);
  -- The sessions a provider opened, for its back-channel logout (by subject or by its session id, sid).
  CREATE TABLE sso_sessions (
    session_id  ${TEXT} PRIMARY KEY,
    provider_id ${TEXT} NOT NULL,
    subject     ${TEXT} NOT NULL,
    sid         ${TEXT},
    account_id  ${TEXT} NOT NULL,
    created_at  ${BIGINT} NOT NULL
  ) ${WITHOUT_ROWID};
  CREATE INDEX sso_sessions_subject ON sso_sessions (provider_id, subject);
  -- The operator's break-glass: an owner's password works until then, whatever the site requires.
  CREATE TABLE sso_break_glass (
    account_id ${TEXT} PRIMARY KEY,
    until      ${BIGINT} NOT NULL,
    created_at ${BIGINT} NOT NULL
  ) ${WITHOUT_ROWID};
  -- Logout tokens seen (their jti), refused when replayed until they expire.
  CREATE TABLE sso_logout_tokens (
    jti        ${TEXT} PRIMARY KEY,
    expires_at ${BIGINT} NOT NULL
  ) ${WITHOUT_ROWID};
  `,
  },
  {
    name: 'sso.saml',
    ddl: ({ TEXT, BIGINT, WITHOUT_ROWID }) => `
  -- A provider's kind: OpenID Connect, or SAML 2.0. A SAML provider keeps its IdP entity id in issuer, no client
  -- (client_id, client_secret_sealed and scopes empty), and these: the SSO URL, the signing certificate (PEM), the
  -- attribute of the email (NULL: the usual ones).
  ALTER TABLE sso_providers ADD COLUMN kind ${TEXT} NOT NULL DEFAULT 'oidc';
  ALTER TABLE sso_providers ADD COLUMN saml_sso_url ${TEXT};
  ALTER TABLE sso_providers ADD COLUMN saml_certificate ${TEXT};
  ALTER TABLE sso_providers ADD COLUMN saml_email_attribute ${TEXT};
  -- The ids of SAML assertions and responses accepted, refused when replayed until they expire.
  CREATE TABLE sso_saml_seen (
    id         ${TEXT} PRIMARY KEY,
    expires_at ${BIGINT} NOT NULL
  ) ${WITHOUT_ROWID};
  `,
  },
  {
    name: 'sso.link-binding',
    ddl: ({ TEXT }) => `
  -- The browser a pending link was made for (its link cookie's hash): the token alone links nothing. Links made
  -- before have none, and are refused (they last 15 minutes).
  ALTER TABLE sso_pending_links ADD COLUMN binding_hash ${TEXT};
  `,
  },
  {
    name: 'sso.domains',
    ddl: ({ TEXT, BIGINT, WITHOUT_ROWID }) => `
  -- The email domains a site's providers may make accounts for: claimed by a site (a token to publish in DNS), verified
  -- when the record was found. One domain is verified for one site of the relay at most (the partial unique index);
  -- a claim alone holds nothing, so nobody can keep a domain from its owner by claiming it first.
  CREATE TABLE sso_domains (
    site_id     ${TEXT} NOT NULL,
    domain      ${TEXT} NOT NULL,
    token       ${TEXT} NOT NULL,
    created_at  ${BIGINT} NOT NULL,
    verified_at ${BIGINT},
    PRIMARY KEY (site_id, domain)
  ) ${WITHOUT_ROWID};
  CREATE UNIQUE INDEX sso_domains_verified ON sso_domains (domain) WHERE verified_at IS NOT NULL;
  `,
  },
  {
    name: 'sso.domain-mail',
    ddl: ({ TEXT, INT, BIGINT }) => `
  -- A domain verified by mail instead of DNS (issue #80): the address at the domain a code was sent to, the code's
  -- hash (never the code), when it was sent, and the attempts at it counted (domains/confirmation-code.ts).
  ALTER TABLE sso_domains ADD COLUMN mail_address ${TEXT};
  ALTER TABLE sso_domains ADD COLUMN code_hash ${TEXT};
  ALTER TABLE sso_domains ADD COLUMN code_sent_at ${BIGINT};
  ALTER TABLE sso_domains ADD COLUMN code_attempts ${INT} NOT NULL DEFAULT 0;
  `,
  },
];

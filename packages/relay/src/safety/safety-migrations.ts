import type { Migration } from '../store/migration.js';

/** Message safety's migrations (docs/safety.md). Never edit one that has shipped: add another. */
export const SAFETY_MIGRATIONS: readonly Migration[] = [
  // One row per site that saved its safety settings (the whole `SafetySettings`, as JSON); no row: the defaults.
  {
    name: 'safety.settings',
    ddl: ({ TEXT, BIGINT, WITHOUT_ROWID }) => `
  CREATE TABLE safety_settings (
    site_id    ${TEXT} PRIMARY KEY,
    settings   ${TEXT} NOT NULL,
    updated_at ${BIGINT} NOT NULL
  ) ${WITHOUT_ROWID};
  CREATE INDEX safety_settings_updated ON safety_settings (updated_at);
  `,
  },
  // A masked message's text as staff may reveal it (the parts set to `mask` put back, the `redact` ones not),
  // sealed with the relay's data key; keyed by the message's client id, written before the message is stored.
  {
    name: 'safety.sealed',
    ddl: ({ TEXT, BIGINT, WITHOUT_ROWID }) => `
  CREATE TABLE safety_sealed (
    conversation_id ${TEXT} NOT NULL,
    client_id       ${TEXT} NOT NULL,
    site_id         ${TEXT} NOT NULL,
    sealed          ${TEXT} NOT NULL,
    created_at      ${BIGINT} NOT NULL,
    PRIMARY KEY (conversation_id, client_id)
  ) ${WITHOUT_ROWID};
  `,
  },
];

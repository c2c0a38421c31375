import type { Migration } from '../store/migration.js';

/** Who sees what's migrations (docs/accounts.md, "Who sees what"). Never edit one that has shipped: add another. */
export const VISIBILITY_MIGRATIONS: readonly Migration[] = [
  // A site's visibility: no row shows agents every conversation, as before issue #41.
  {
    name: 'visibility.settings',
    ddl: ({ TEXT, SMALLINT, BIGINT, WITHOUT_ROWID }) => `
  CREATE TABLE visibility_settings (
    site_id    ${TEXT} PRIMARY KEY REFERENCES sites(id),
    mode       ${TEXT} NOT NULL CHECK (mode IN ('all', 'team', 'own')),
    unassigned ${SMALLINT} NOT NULL,
    updated_at ${BIGINT} NOT NULL
  ) ${WITHOUT_ROWID};
  `,
  },
];

import type { Migration } from '../store/migration.js';

/** Saved views' migrations (docs/views-and-bulk.md). Never edit one that has shipped: add another. */
export const VIEWS_MIGRATIONS: readonly Migration[] = [
  // A named filter of the conversation list: shared with the site (`shared` 1) or its owner's own. The filter is the
  // contract's `ViewFilter` as JSON, read back through it.
  {
    name: 'views.saved',
    ddl: ({ TEXT, INT, BIGINT, WITHOUT_ROWID }) => `
  CREATE TABLE saved_views (
    id          ${TEXT} PRIMARY KEY,
    site_id     ${TEXT} NOT NULL,
    owner_id    ${TEXT} NOT NULL,
    shared      ${INT} NOT NULL,
    name        ${TEXT} NOT NULL,
    filter      ${TEXT} NOT NULL,
    position    ${INT} NOT NULL,
    created_at  ${BIGINT} NOT NULL,
    updated_at  ${BIGINT} NOT NULL
  ) ${WITHOUT_ROWID};
  CREATE INDEX saved_views_by_site ON saved_views (site_id, owner_id);
  `,
  },
];

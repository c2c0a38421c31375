import type { Migration } from '../store/migration.js';

/** The pre-chat form's migrations (docs/prechat-form.md). Never edit one that has shipped: add another. */
export const PRECHAT_FORM_MIGRATIONS: readonly Migration[] = [
  // One row per site that saved a form: `form` is its JSON (`when` and `fields`), checked before saving.
  {
    name: 'prechat-form.forms',
    ddl: ({ TEXT, BIGINT, WITHOUT_ROWID }) => `
  CREATE TABLE prechat_forms (
    site_id    ${TEXT} NOT NULL PRIMARY KEY,
    form       ${TEXT} NOT NULL,
    updated_at ${BIGINT} NOT NULL
  ) ${WITHOUT_ROWID};
  `,
  },
];

import type { Migration } from '../store/migration.js';

/** The widget strings' migrations (the widget README, "A site's own words"). Never edit one that has shipped: add another. */
export const WIDGET_STRINGS_MIGRATIONS: readonly Migration[] = [
  // One row per site and locale it changed words in: `texts` is a JSON object of key → text, checked before saving.
  {
    name: 'widget-strings.locales',
    ddl: ({ TEXT, BIGINT, WITHOUT_ROWID }) => `
  CREATE TABLE widget_strings (
    site_id    ${TEXT} NOT NULL,
    locale     ${TEXT} NOT NULL,
    texts      ${TEXT} NOT NULL,
    updated_at ${BIGINT} NOT NULL,
    PRIMARY KEY (site_id, locale)
  ) ${WITHOUT_ROWID};
  `,
  },
];

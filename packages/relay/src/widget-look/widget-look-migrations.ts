import type { Migration } from '../store/migration.js';

/** The widget look's migrations (the widget README, "The site's look, from the inbox"). Never edit one that has shipped: add another. */
export const WIDGET_LOOK_MIGRATIONS: readonly Migration[] = [
  // One row per site that chose a look in the inbox; a null column takes the widget's default.
  {
    name: 'widget-look.sites',
    ddl: ({ TEXT, BIGINT, WITHOUT_ROWID }) => `
  CREATE TABLE widget_looks (
    site_id    ${TEXT} PRIMARY KEY,
    theme      ${TEXT},
    position   ${TEXT},
    prechat    ${TEXT},
    updated_at ${BIGINT} NOT NULL
  ) ${WITHOUT_ROWID};
  `,
  },
  // Whether the widget says how fast the site typically replies (issue #81): 0 off, 1 on, null the default (on).
  {
    name: 'widget-look.reply-time',
    ddl: ({ SMALLINT }) => `ALTER TABLE widget_looks ADD COLUMN reply_time ${SMALLINT};`,
  },
];

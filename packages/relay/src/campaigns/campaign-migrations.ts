import type { Migration } from '../store/migration.js';

/** Campaigns' migrations (docs/campaigns.md). Never edit one that has shipped: add another. */
export const CAMPAIGN_MIGRATIONS: readonly Migration[] = [
  // A site's campaigns: the fields the admin API edits, as one JSON document (`body`), and the status and dates the
  // site's loader is read by beside it. Their counts per variant (shown, opened), added to in batches. And the
  // conversations a campaign started, with the variant shown: replies and ratings are read from the conversation.
  {
    name: 'campaigns.campaigns',
    ddl: ({ TEXT, INT, BIGINT, WITHOUT_ROWID }) => `
  CREATE TABLE campaigns (
    id          ${TEXT} PRIMARY KEY,
    site_id     ${TEXT} NOT NULL,
    status      ${TEXT} NOT NULL,
    body        ${TEXT} NOT NULL,
    created_at  ${BIGINT} NOT NULL,
    updated_at  ${BIGINT} NOT NULL
  ) ${WITHOUT_ROWID};
  CREATE INDEX campaigns_by_site ON campaigns (site_id);
  CREATE TABLE campaign_counts (
    campaign_id ${TEXT} NOT NULL,
    variant     ${INT} NOT NULL,
    shown       ${BIGINT} NOT NULL,
    opened      ${BIGINT} NOT NULL,
    PRIMARY KEY (campaign_id, variant)
  ) ${WITHOUT_ROWID};
  CREATE TABLE campaign_conversations (
    conversation_id ${TEXT} PRIMARY KEY,
    site_id         ${TEXT} NOT NULL,
    campaign_id     ${TEXT} NOT NULL,
    variant         ${INT} NOT NULL,
    created_at      ${BIGINT} NOT NULL
  ) ${WITHOUT_ROWID};
  CREATE INDEX campaign_conversations_by_campaign ON campaign_conversations (campaign_id);
  `,
  },
];

import type { Migration } from '../store/migration.js';

/** Merge's migrations (docs/merge.md). Never edit one that has shipped: add another. */
export const MERGE_MIGRATIONS: readonly Migration[] = [
  // A conversation merged into another: one row per absorbed conversation (it takes no message again), naming the
  // result. Visitors whose token names it are sent on to `into_id`.
  {
    name: 'merge.conversations',
    ddl: ({ TEXT, BIGINT, WITHOUT_ROWID }) => `
  CREATE TABLE conversation_merges (
    conversation_id ${TEXT} PRIMARY KEY,
    site_id         ${TEXT} NOT NULL,
    into_id         ${TEXT} NOT NULL,
    merged_by       ${TEXT} NOT NULL,
    merged_by_name  ${TEXT} NOT NULL,
    messages        ${BIGINT} NOT NULL,
    merged_at       ${BIGINT} NOT NULL
  ) ${WITHOUT_ROWID};
  CREATE INDEX conversation_merges_into ON conversation_merges(into_id);

  CREATE TABLE merged_messages (
    message_id           ${BIGINT} PRIMARY KEY,
    conversation_id      ${TEXT} NOT NULL,
    site_id              ${TEXT} NOT NULL,
    from_conversation_id ${TEXT} NOT NULL,
    from_seq             ${BIGINT} NOT NULL
  ) ${WITHOUT_ROWID};
  CREATE INDEX merged_messages_by_conversation ON merged_messages(conversation_id);
  `,
  },
  // A merge of two contacts, with what undoing it needs: both records as they were (JSON, the email still sealed) and
  // the conversations that moved. Erased with either contact.
  {
    name: 'merge.contacts',
    ddl: ({ TEXT, BIGINT, WITHOUT_ROWID }) => `
  CREATE TABLE contact_merges (
    id                ${TEXT} PRIMARY KEY,
    site_id           ${TEXT} NOT NULL,
    contact_id        ${TEXT} NOT NULL,
    merged_contact_id ${TEXT} NOT NULL,
    snapshot          ${TEXT} NOT NULL,
    conversations     ${TEXT} NOT NULL,
    merged_by         ${TEXT} NOT NULL,
    merged_at         ${BIGINT} NOT NULL,
    undo_until        ${BIGINT} NOT NULL,
    undone_at         ${BIGINT}
  ) ${WITHOUT_ROWID};
  CREATE INDEX contact_merges_by_contact ON contact_merges(site_id, contact_id);
  CREATE INDEX contact_merges_by_merged ON contact_merges(site_id, merged_contact_id);
  `,
  },
];

import type { Migration } from '../store/migration.js';

/**
 * The WhatsApp feature's table (docs/channels.md, "WhatsApp"), by name (ADR 0021): the templates sent from the
 * inbox, by the conversation and the client id of the message that shows them, recorded before the message is
 * stored so that its delivery sends the template, not the text.
 */
export const WHATSAPP_MIGRATIONS: readonly Migration[] = [
  {
    name: 'whatsapp.template-sends',
    after: ['messaging.tables'],
    ddl: ({ TEXT, BIGINT, WITHOUT_ROWID }) => `
  CREATE TABLE whatsapp_template_sends (
    conversation_id ${TEXT} NOT NULL,
    client_id ${TEXT} NOT NULL,
    site_id ${TEXT} NOT NULL,
    name ${TEXT} NOT NULL,
    language ${TEXT} NOT NULL,
    variables ${TEXT} NOT NULL,
    template_values ${TEXT} NOT NULL,
    created_at ${BIGINT} NOT NULL,
    PRIMARY KEY (conversation_id, client_id)
  ) ${WITHOUT_ROWID};
  `,
  },
];

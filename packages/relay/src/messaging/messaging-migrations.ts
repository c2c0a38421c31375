import type { Migration } from '../store/migration.js';

/**
 * The messaging feature's tables (docs/channels.md), by name (ADR 0021). Never edit one that has shipped: add another.
 * The channels (a provider's account connected to a site, its credentials and webhook secret sealed); the customers
 * each has seen (their handle there and the contact they are); the inbound messages each has taken (the provider's id
 * and the conversation it went to, so a retried webhook is stored once, even on another relay or after a restart);
 * the staff replies written to the outbox (one row per message, so a reply is queued once, with how many of its
 * parts the provider took, so a retry sends none twice, and how its delivery ended); and whom each conversation is
 * with (the customer's handle its replies go to).
 */
export const MESSAGING_MIGRATIONS: readonly Migration[] = [
  {
    name: 'messaging.tables',
    after: ['desk.conversation-channels'],
    ddl: ({ TEXT, BIGINT, STRICT, WITHOUT_ROWID }) => `
  CREATE TABLE messaging_channels (
    id ${TEXT} PRIMARY KEY,
    site_id ${TEXT} NOT NULL,
    provider ${TEXT} NOT NULL,
    name ${TEXT} NOT NULL,
    account ${TEXT} NOT NULL,
    credentials_sealed ${TEXT} NOT NULL,
    webhook_secret_sealed ${TEXT} NOT NULL,
    created_at ${BIGINT} NOT NULL
  ) ${STRICT};
  CREATE INDEX messaging_channels_by_site ON messaging_channels(site_id, created_at);
  CREATE TABLE messaging_contacts (
    channel_id ${TEXT} NOT NULL,
    handle ${TEXT} NOT NULL,
    site_id ${TEXT} NOT NULL,
    contact_id ${TEXT} NOT NULL,
    display ${TEXT} NOT NULL,
    created_at ${BIGINT} NOT NULL,
    PRIMARY KEY (channel_id, handle)
  ) ${WITHOUT_ROWID};
  CREATE INDEX messaging_contacts_by_contact ON messaging_contacts(contact_id);
  CREATE TABLE messaging_inbound (
    channel_id ${TEXT} NOT NULL,
    message_id ${TEXT} NOT NULL,
    site_id ${TEXT} NOT NULL,
    conversation_id ${TEXT} NOT NULL,
    created_at ${BIGINT} NOT NULL,
    PRIMARY KEY (channel_id, message_id)
  ) ${WITHOUT_ROWID};
  CREATE INDEX messaging_inbound_by_conversation ON messaging_inbound(conversation_id);
  CREATE TABLE messaging_replies (
    message_id ${TEXT} PRIMARY KEY,
    site_id ${TEXT} NOT NULL,
    conversation_id ${TEXT} NOT NULL,
    channel_id ${TEXT} NOT NULL,
    status ${TEXT} NOT NULL,
    parts_sent ${BIGINT} NOT NULL DEFAULT 0,
    error ${TEXT},
    created_at ${BIGINT} NOT NULL,
    updated_at ${BIGINT} NOT NULL
  ) ${STRICT};
  CREATE INDEX messaging_replies_by_conversation ON messaging_replies(conversation_id);
  `,
  },
  {
    // The provider's id of each part of a reply it took, for a provider that reports on them later (Twilio's
    // status callbacks): a report names the part, the row the reply.
    name: 'messaging.reply-parts',
    after: ['messaging.tables'],
    ddl: ({ TEXT, BIGINT, WITHOUT_ROWID }) => `
  CREATE TABLE messaging_reply_parts (
    channel_id ${TEXT} NOT NULL,
    provider_message_id ${TEXT} NOT NULL,
    message_id ${TEXT} NOT NULL,
    site_id ${TEXT} NOT NULL,
    conversation_id ${TEXT} NOT NULL,
    created_at ${BIGINT} NOT NULL,
    PRIMARY KEY (channel_id, provider_message_id)
  ) ${WITHOUT_ROWID};
  CREATE INDEX messaging_reply_parts_by_conversation ON messaging_reply_parts(conversation_id);
  `,
  },
  {
    // The provider of each conversation a channel opened before conversations named theirs (ADR
    // 2026-11-30-channel-providers): the channel's, read through the conversation's address (the channel's id). A
    // conversation whose channel was removed since keeps none, and shows as an API channel's.
    name: 'messaging.conversation-providers',
    after: ['messaging.tables', 'desk.conversation-channel-provider'],
    ddl: () => `
  UPDATE conversation_channels SET provider = (
    SELECT m.provider FROM messaging_channels m WHERE m.id = conversation_channels.address
  ) WHERE channel = 'api' AND provider IS NULL AND address IN (SELECT id FROM messaging_channels);
  `,
  },
  {
    // Whom each conversation of a channel is with (its customer's handle there): a staff reply goes to that handle,
    // whoever the conversation's contact is now. A merge of contacts moves a handle to the kept contact, which may
    // then hold two on one channel (docs/merge.md). Filled for the conversations from before through their contact's
    // handle; a conversation an earlier merge moved to another contact through the author of its first customer
    // message (the contact the handle still names).
    name: 'messaging.conversation-customers',
    after: ['messaging.tables', 'desk.conversation-channels'],
    ddl: ({ TEXT, BIGINT, WITHOUT_ROWID }) => `
  CREATE TABLE messaging_conversations (
    conversation_id ${TEXT} PRIMARY KEY,
    site_id ${TEXT} NOT NULL,
    channel_id ${TEXT} NOT NULL,
    handle ${TEXT} NOT NULL,
    created_at ${BIGINT} NOT NULL
  ) ${WITHOUT_ROWID};
  CREATE INDEX messaging_conversations_by_handle ON messaging_conversations(channel_id, handle);
  INSERT INTO messaging_conversations (conversation_id, site_id, channel_id, handle, created_at)
  SELECT cc.conversation_id, cc.site_id, mc.channel_id, mc.handle, cc.created_at
  FROM conversation_channels cc
  JOIN conversations c ON c.id = cc.conversation_id
  JOIN messaging_contacts mc ON mc.channel_id = cc.address AND mc.contact_id = c.visitor_id
  WHERE cc.channel = 'api'
  ON CONFLICT (conversation_id) DO NOTHING;
  INSERT INTO messaging_conversations (conversation_id, site_id, channel_id, handle, created_at)
  SELECT cc.conversation_id, cc.site_id, mc.channel_id, mc.handle, cc.created_at
  FROM conversation_channels cc
  JOIN messaging_contacts mc ON mc.channel_id = cc.address AND mc.contact_id = (
    SELECT m.author_id FROM messages m
    WHERE m.conversation_id = cc.conversation_id AND m.author_role = 'visitor' ORDER BY m.seq LIMIT 1
  )
  WHERE cc.channel = 'api'
  ON CONFLICT (conversation_id) DO NOTHING;
  `,
  },
];

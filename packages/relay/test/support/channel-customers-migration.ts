/**
 * A database from before channels recorded whom each conversation is with (`messaging_conversations`,
 * `api_channel_conversations`; docs/merge.md), for the migrations that fill them, on SQLite (`test/merge.test.ts`) and
 * PostgreSQL (`test-services/merge-postgres.test.ts`).
 */
import type { Store } from '../../src/store/store.js';

/** The migrations that record each channel conversation's customer: a database made without them is one from before. */
export const CUSTOMER_MIGRATIONS = new Set(['messaging.conversation-customers', 'api-channels.conversation-customers']);

/**
 * Conversations of before, each opened by its contact's first message (`[conversation, contact]`): a WhatsApp
 * customer's and an API channel's, each once more after a merge moved it to a web contact (`v_web`, through the
 * conversation's row, as merges did while the handle stayed on the absorbed id); a chat's.
 */
const CONVERSATIONS = [
  ['c_wa_1', 'mc_1'],
  ['c_wa_2', 'mc_2'],
  ['c_api_1', 'ac_1'],
  ['c_api_2', 'ac_2'],
  ['c_chat', 'v_web'],
] as const;

/** The rows beside them, each `[sql, params]` (`?` placeholders, as on SQLite). */
export const seedCustomerRows: ReadonlyArray<readonly [string, readonly (string | number)[]]> = [
  ...(
    [
      ['c_wa_1', 'mch_wa'],
      ['c_wa_2', 'mch_wa'],
      ['c_api_1', 'ach_1'],
      ['c_api_2', 'ach_1'],
    ] as const
  ).map(
    ([id, address]) =>
      [
        `INSERT INTO conversation_channels (conversation_id, site_id, channel, subject, address, created_at)
         VALUES (?, 'site_1', 'api', NULL, ?, 1)`,
        [id, address],
      ] as const,
  ),
  ...(
    [
      ['111', 'mc_1'],
      ['222', 'mc_2'],
    ] as const
  ).map(
    ([handle, contact]) =>
      [
        `INSERT INTO messaging_contacts (channel_id, handle, site_id, contact_id, display, created_at)
         VALUES ('mch_wa', ?, 'site_1', ?, ?, 1)`,
        [handle, contact, `+${handle}`],
      ] as const,
  ),
  ...(
    [
      ['ext-1', 'ac_1'],
      ['ext-2', 'ac_2'],
    ] as const
  ).map(
    ([externalId, contact]) =>
      [
        `INSERT INTO api_channel_contacts (channel_id, external_id, site_id, contact_id, created_at)
         VALUES ('ach_1', ?, 'site_1', ?, 1)`,
        [externalId, contact],
      ] as const,
  ),
  [`UPDATE conversations SET visitor_id = 'v_web' WHERE id IN ('c_wa_2', 'c_api_2')`, []],
];

/** Stores the conversations of {@link CONVERSATIONS} (and their site) through `store`, made without the migrations. */
export async function seedConversations(store: Store): Promise<void> {
  await store.upsertSite({
    id: 'site_1',
    name: 'Before',
    siteKey: 'pk_customers_before',
    allowedOrigins: ['*'],
    identitySecret: 'secret',
    requireIdentity: false,
  });
  for (const [conversationId, contactId] of CONVERSATIONS)
    await store.append({
      siteId: 'site_1',
      conversationId,
      visitorId: contactId,
      clientId: `${conversationId}-1`,
      author: { role: 'visitor', id: contactId },
      text: 'Hello',
      kind: 'text',
    });
}

/** What the migrations record, `<table> <conversation> <channel> <handle>`, each conversation a channel opened. */
export const CUSTOMERS_AFTER = [
  'api_channel_conversations c_api_1 ach_1 ext-1',
  'api_channel_conversations c_api_2 ach_1 ext-2',
  'messaging_conversations c_wa_1 mch_wa 111',
  'messaging_conversations c_wa_2 mch_wa 222',
];

/** Reads what the migrations recorded, in the shape of {@link CUSTOMERS_AFTER}; `table` names a table (a schema's). */
export async function customersAfter(
  read: (sql: string) => Promise<Array<{ t: string; conversation_id: string; channel_id: string; who: string }>>,
  table: (name: string) => string = (name) => name,
): Promise<string[]> {
  const rows = await read(
    `SELECT 'messaging_conversations' AS t, conversation_id, channel_id, handle AS who
     FROM ${table('messaging_conversations')}
     UNION ALL SELECT 'api_channel_conversations' AS t, conversation_id, channel_id, external_id AS who
     FROM ${table('api_channel_conversations')}`,
  );
  return rows.map((row) => `${row.t} ${row.conversation_id} ${row.channel_id} ${row.who}`).sort();
}

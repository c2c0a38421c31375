import type { ApiChannel, ContactReach } from '@parley/protocol/admin';
import { placeholders } from '../store/sql/admin-rows.js';
import { hashToken } from '../auth/tokens.js';
import type { Migration } from '../store/migration.js';
import type { SqlDb } from '../store/sql/sql-db.js';

/**
 * The tables of API channels (issue #38, docs/api-channel.md): the channels; the contacts each has seen (an external
 * id and the contact it is); the inbound messages each has taken (an external id and the conversation it went to,
 * which makes a retried post a duplicate even after that conversation was resolved); the staff replies written to
 * the outbox (one row per message, so a reply is queued once however often the message log hands it over); the files
 * of those replies the channel's bridge may download; whom each conversation is with (the external id its replies
 * name).
 */
export const API_CHANNEL_MIGRATIONS: readonly Migration[] = [
  {
    name: 'api-channels.tables',
    after: ['desk.conversation-channels'],
    ddl: ({ TEXT, BIGINT, STRICT }) => `
  CREATE TABLE api_channels (
    id ${TEXT} PRIMARY KEY,
    site_id ${TEXT} NOT NULL,
    name ${TEXT} NOT NULL,
    webhook_url ${TEXT} NOT NULL,
    token_hash ${TEXT} NOT NULL UNIQUE,
    secret_sealed ${TEXT} NOT NULL,
    created_at ${BIGINT} NOT NULL,
    token_rotated_at ${BIGINT}
  ) ${STRICT};
  CREATE INDEX api_channels_by_site ON api_channels(site_id, created_at);
  CREATE TABLE api_channel_contacts (
    channel_id ${TEXT} NOT NULL,
    external_id ${TEXT} NOT NULL,
    site_id ${TEXT} NOT NULL,
    contact_id ${TEXT} NOT NULL,
    created_at ${BIGINT} NOT NULL,
    PRIMARY KEY (channel_id, external_id)
  ) ${STRICT};
  CREATE INDEX api_channel_contacts_by_contact ON api_channel_contacts(contact_id);
  CREATE TABLE api_channel_inbound (
    channel_id ${TEXT} NOT NULL,
    message_id ${TEXT} NOT NULL,
    site_id ${TEXT} NOT NULL,
    conversation_id ${TEXT} NOT NULL,
    created_at ${BIGINT} NOT NULL,
    PRIMARY KEY (channel_id, message_id)
  ) ${STRICT};
  CREATE INDEX api_channel_inbound_by_conversation ON api_channel_inbound(conversation_id);
  CREATE TABLE api_channel_replies (
    message_id ${TEXT} PRIMARY KEY,
    site_id ${TEXT} NOT NULL,
    conversation_id ${TEXT} NOT NULL,
    created_at ${BIGINT} NOT NULL
  ) ${STRICT};
  CREATE INDEX api_channel_replies_by_conversation ON api_channel_replies(conversation_id);
  `,
  },
  // The files of staff replies sent to a channel (issue #81): the bridge downloads each with the channel's token
  // until `expires_at`, which every delivery attempt moves on. Only a file listed here is served to a channel.
  {
    name: 'api-channels.reply-files',
    after: ['api-channels.tables'],
    ddl: ({ TEXT, BIGINT, WITHOUT_ROWID }) => `
  CREATE TABLE api_channel_files (
    channel_id ${TEXT} NOT NULL,
    attachment_id ${TEXT} NOT NULL,
    site_id ${TEXT} NOT NULL,
    conversation_id ${TEXT} NOT NULL,
    message_id ${TEXT} NOT NULL,
    expires_at ${BIGINT} NOT NULL,
    PRIMARY KEY (channel_id, attachment_id)
  ) ${WITHOUT_ROWID};
  CREATE INDEX api_channel_files_by_conversation ON api_channel_files(conversation_id);
  CREATE INDEX api_channel_files_by_message ON api_channel_files(message_id);
  `,
  },
  // How each reply's delivery stands (issue #84, ADR 2026-11-30-channel-providers): `queued`, `sent` once the bridge
  // answered 2xx, `failed` with why once the outbox gave up on it, so the thread marks a reply the bridge never
  // took. Null for a reply queued before: its state was not kept.
  {
    name: 'api-channels.reply-status',
    after: ['api-channels.tables'],
    ddl: ({ TEXT, BIGINT }) => `
  ALTER TABLE api_channel_replies ADD COLUMN status ${TEXT};
  ALTER TABLE api_channel_replies ADD COLUMN error ${TEXT};
  ALTER TABLE api_channel_replies ADD COLUMN updated_at ${BIGINT};
  `,
  },
  // Whom each conversation of a channel is with (the external id its replies name): a staff reply names that id,
  // whoever the conversation's contact is now. A merge of contacts moves an external id to the kept contact, which may
  // then hold two on one channel (docs/merge.md). Filled for the conversations from before through their contact's
  // id; a conversation an earlier merge moved to another contact through the author of its first contact's message
  // (the contact the external id still names).
  {
    name: 'api-channels.conversation-customers',
    after: ['api-channels.tables', 'desk.conversation-channels'],
    ddl: ({ TEXT, BIGINT, WITHOUT_ROWID }) => `
  CREATE TABLE api_channel_conversations (
    conversation_id ${TEXT} PRIMARY KEY,
    site_id ${TEXT} NOT NULL,
    channel_id ${TEXT} NOT NULL,
    external_id ${TEXT} NOT NULL,
    created_at ${BIGINT} NOT NULL
  ) ${WITHOUT_ROWID};
  CREATE INDEX api_channel_conversations_by_external_id ON api_channel_conversations(channel_id, external_id);
  INSERT INTO api_channel_conversations (conversation_id, site_id, channel_id, external_id, created_at)
  SELECT cc.conversation_id, cc.site_id, ac.channel_id, ac.external_id, cc.created_at
  FROM conversation_channels cc
  JOIN conversations c ON c.id = cc.conversation_id
  JOIN api_channel_contacts ac ON ac.channel_id = cc.address AND ac.contact_id = c.visitor_id
  WHERE cc.channel = 'api'
  ON CONFLICT (conversation_id) DO NOTHING;
  INSERT INTO api_channel_conversations (conversation_id, site_id, channel_id, external_id, created_at)
  SELECT cc.conversation_id, cc.site_id, ac.channel_id, ac.external_id, cc.created_at
  FROM conversation_channels cc
  JOIN api_channel_contacts ac ON ac.channel_id = cc.address AND ac.contact_id = (
    SELECT m.author_id FROM messages m
    WHERE m.conversation_id = cc.conversation_id AND m.author_role = 'visitor' ORDER BY m.seq LIMIT 1
  )
  WHERE cc.channel = 'api'
  ON CONFLICT (conversation_id) DO NOTHING;
  `,
  },
];

/** A channel as stored: what the API shows, its site, and its sealed signing secret. */
export interface ApiChannelRecord extends ApiChannel {
  readonly siteId: string;
  readonly secretSealed: string;
}

interface Row {
  id: string;
  site_id: string;
  name: string;
  webhook_url: string;
  secret_sealed: string;
  created_at: number | string;
  token_rotated_at: number | string | null;
}

const COLUMNS = 'id, site_id, name, webhook_url, secret_sealed, created_at, token_rotated_at';

const toRecord = (row: Row): ApiChannelRecord => ({
  id: row.id,
  siteId: row.site_id,
  name: row.name,
  webhookUrl: row.webhook_url,
  secretSealed: row.secret_sealed,
  createdAt: Number(row.created_at),
  tokenRotatedAt: row.token_rotated_at === null ? null : Number(row.token_rotated_at),
});

/** How long a channel found by its token is trusted before it is read again (a rotation on another relay). */
const cacheMs = 5_000;

/**
 * A relay's API channels. Only a token's SHA-256 is stored, as for staff tokens; {@link byToken} remembers what it
 * found for {@link cacheMs}, so a busy bridge costs no query per message (a change made here is seen at once).
 */
export class ApiChannels {
  readonly #byToken = new Map<string, { readonly at: number; readonly found: ApiChannelRecord | undefined }>();
  /** Whether the relay has any channel, as last read ({@link refreshAny}); `undefined` before the first read. */
  #any: boolean | undefined;

  constructor(
    private readonly db: SqlDb,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * False only once a read found no channel on the relay (any site) and none was made or used here since: then
   * nothing can have a reply to send, and the message log need not be read for them. Unknown counts as true.
   */
  get anyKnown(): boolean {
    return this.#any !== false;
  }

  /** Reads again whether the relay has any channel (another relay may have made the first). */
  async refreshAny(): Promise<void> {
    const rows = await this.db.all<{ one: number }>('SELECT 1 AS one FROM api_channels LIMIT 1');
    this.#any = rows.length > 0;
  }

  /** A site's channels, oldest first. */
  async list(siteId: string): Promise<ApiChannelRecord[]> {
    const rows = await this.db.all<Row>(
      `SELECT ${COLUMNS} FROM api_channels WHERE site_id = ? ORDER BY created_at, id`,
      [siteId],
    );
    return rows.map(toRecord);
  }

  /** One channel of a site. */
  async get(siteId: string, id: string): Promise<ApiChannelRecord | undefined> {
    const [row] = await this.db.all<Row>(`SELECT ${COLUMNS} FROM api_channels WHERE site_id = ? AND id = ?`, [
      siteId,
      id,
    ]);
    return row ? toRecord(row) : undefined;
  }

  /** A channel by id, whatever its site (deliveries). */
  async byId(id: string): Promise<ApiChannelRecord | undefined> {
    const [row] = await this.db.all<Row>(`SELECT ${COLUMNS} FROM api_channels WHERE id = ?`, [id]);
    return row ? toRecord(row) : undefined;
  }

  /** The channel whose token this is, or `undefined`. */
  async byToken(token: string): Promise<ApiChannelRecord | undefined> {
    const hash = hashToken(token);
    const now = this.now();
    const known = this.#byToken.get(hash);
    if (known && now - known.at < cacheMs) return known.found;
    const [row] = await this.db.all<Row>(`SELECT ${COLUMNS} FROM api_channels WHERE token_hash = ?`, [hash]);
    const found = row ? toRecord(row) : undefined;
    if (found) this.#any = true;
    if (this.#byToken.size >= 1024) this.#byToken.clear();
    this.#byToken.set(hash, { at: now, found });
    return found;
  }

  /**
   * Where the site's channels reach these contacts (`contactReach`, issue #81): per contact, each channel that has
   * seen them, by its name, with the contact's id there as the bridge posted it. One query for the page.
   */
  async reach(siteId: string, contactIds: readonly string[]): Promise<Map<string, ContactReach[]>> {
    const found = new Map<string, ContactReach[]>();
    if (contactIds.length === 0) return found;
    const rows = await this.db.all<{ contact_id: string; external_id: string; name: string }>(
      `SELECT ac.contact_id, ac.external_id, ch.name
       FROM api_channel_contacts ac JOIN api_channels ch ON ch.id = ac.channel_id AND ch.site_id = ac.site_id
       WHERE ac.site_id = ? AND ac.contact_id IN (${placeholders(contactIds.length)})
       ORDER BY ac.created_at, ac.channel_id`,
      [siteId, ...contactIds],
    );
    for (const row of rows) {
      const lines = found.get(row.contact_id) ?? [];
      lines.push({ channel: 'api', label: row.name, handle: row.external_id });
      found.set(row.contact_id, lines);
    }
    return found;
  }

  /** Stores a new channel with the hash of `token`. */
  async create(channel: Omit<ApiChannelRecord, 'tokenRotatedAt'>, token: string): Promise<ApiChannelRecord> {
    await this.db.run(
      `INSERT INTO api_channels (id, site_id, name, webhook_url, token_hash, secret_sealed, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
      [
        channel.id,
        channel.siteId,
        channel.name,
        channel.webhookUrl,
        hashToken(token),
        channel.secretSealed,
        channel.createdAt,
      ],
    );
    this.#byToken.clear();
    this.#any = true;
    return { ...channel, tokenRotatedAt: null };
  }

  /** Replaces a channel's token with `token`; false when the site has no such channel. */
  async rotate(siteId: string, id: string, token: string): Promise<boolean> {
    const changed = await this.db.run(
      'UPDATE api_channels SET token_hash = ?, token_rotated_at = ? WHERE site_id = ? AND id = ?',
      [hashToken(token), this.now(), siteId, id],
    );
    this.#byToken.clear();
    return changed > 0;
  }

  /**
   * Deletes a channel (its contacts' and messages' bookkeeping with it; its conversations stay in the inbox, their
   * replies are no longer sent anywhere). False when the site has no such channel.
   */
  async delete(siteId: string, id: string): Promise<boolean> {
    const changed = await this.db.transaction(async (db) => {
      const deleted = await db.run('DELETE FROM api_channels WHERE site_id = ? AND id = ?', [siteId, id]);
      if (deleted === 0) return 0;
      await db.run('DELETE FROM api_channel_contacts WHERE channel_id = ?', [id]);
      await db.run('DELETE FROM api_channel_conversations WHERE channel_id = ?', [id]);
      await db.run('DELETE FROM api_channel_inbound WHERE channel_id = ?', [id]);
      await db.run('DELETE FROM api_channel_files WHERE channel_id = ?', [id]);
      return deleted;
    });
    this.#byToken.clear();
    return changed > 0;
  }
}

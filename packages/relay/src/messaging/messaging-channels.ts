import type { ContactReach } from '@parley/protocol/admin';
import { placeholders } from '../store/sql/admin-rows.js';
import type { SqlDb } from '../store/sql/sql-db.js';

/** A messaging channel as stored: a provider's account connected to a site, its secrets sealed. */
export interface MessagingChannelRecord {
  readonly id: string;
  readonly siteId: string;
  /** Its provider's id (`telegram`). */
  readonly provider: string;
  readonly name: string;
  /** The account on the provider (`@parley_help_bot`). */
  readonly account: string;
  readonly credentialsSealed: string;
  readonly webhookSecretSealed: string;
  readonly createdAt: number;
}

interface Row {
  id: string;
  site_id: string;
  provider: string;
  name: string;
  account: string;
  credentials_sealed: string;
  webhook_secret_sealed: string;
  created_at: number | string;
}

const COLUMNS = 'id, site_id, provider, name, account, credentials_sealed, webhook_secret_sealed, created_at';

const toRecord = (row: Row): MessagingChannelRecord => ({
  id: row.id,
  siteId: row.site_id,
  provider: row.provider,
  name: row.name,
  account: row.account,
  credentialsSealed: row.credentials_sealed,
  webhookSecretSealed: row.webhook_secret_sealed,
  createdAt: Number(row.created_at),
});

/**
 * The relay's messaging channels (`messaging_channels`), the customers they have seen (`messaging_contacts`: each
 * handle and the contact it is) and whom each of their conversations is with (`messaging_conversations`).
 */
export class MessagingChannels {
  /** Whether the relay has any channel, as last read ({@link refreshAny}); `undefined` before the first read. */
  #any: boolean | undefined;

  constructor(private readonly db: SqlDb) {}

  /** False only once a read found no channel and none was made here since: the message log need not be read. */
  get anyKnown(): boolean {
    return this.#any !== false;
  }

  /** Reads again whether the relay has any channel (another relay may have made the first). */
  async refreshAny(): Promise<void> {
    const rows = await this.db.all<{ one: number }>('SELECT 1 AS one FROM messaging_channels LIMIT 1');
    this.#any = rows.length > 0;
  }

  /** A site's channels, oldest first. */
  async list(siteId: string): Promise<MessagingChannelRecord[]> {
    const rows = await this.db.all<Row>(
      `SELECT ${COLUMNS} FROM messaging_channels WHERE site_id = ? ORDER BY created_at, id`,
      [siteId],
    );
    return rows.map(toRecord);
  }

  /** One channel of a site. */
  async get(siteId: string, id: string): Promise<MessagingChannelRecord | undefined> {
    const [row] = await this.db.all<Row>(`SELECT ${COLUMNS} FROM messaging_channels WHERE site_id = ? AND id = ?`, [
      siteId,
      id,
    ]);
    return row ? toRecord(row) : undefined;
  }

  /** A channel by id, whatever its site (its webhook, deliveries). */
  async byId(id: string): Promise<MessagingChannelRecord | undefined> {
    const [row] = await this.db.all<Row>(`SELECT ${COLUMNS} FROM messaging_channels WHERE id = ?`, [id]);
    return row ? toRecord(row) : undefined;
  }

  /**
   * What the site's channels hold about a contact, for their export (an access request): each channel that has seen
   * them, with their id and handle there and since when.
   */
  async exported(
    siteId: string,
    contactId: string,
  ): Promise<{ provider: string; channel: string; id: string; handle: string; since: number }[]> {
    const rows = await this.db.all<{
      provider: string;
      name: string;
      handle: string;
      display: string;
      created_at: number | string;
    }>(
      `SELECT ch.provider, ch.name, mc.handle, mc.display, mc.created_at
       FROM messaging_contacts mc JOIN messaging_channels ch ON ch.id = mc.channel_id AND ch.site_id = mc.site_id
       WHERE mc.site_id = ? AND mc.contact_id = ? ORDER BY mc.created_at, mc.channel_id`,
      [siteId, contactId],
    );
    return rows.map((row) => ({
      provider: row.provider,
      channel: row.name,
      id: row.handle,
      handle: row.display,
      since: Number(row.created_at),
    }));
  }

  /**
   * The channel a conversation of the site came through and the customer's handle there, the one its replies go to;
   * `undefined` for a conversation no messaging channel opened. Its contact may hold other handles (a merge of
   * contacts): this is the conversation's.
   */
  async customer(
    siteId: string,
    conversationId: string,
  ): Promise<{ readonly channelId: string; readonly handle: string } | undefined> {
    const [row] = await this.db.all<{ channel_id: string; handle: string }>(
      'SELECT channel_id, handle FROM messaging_conversations WHERE conversation_id = ? AND site_id = ?',
      [conversationId, siteId],
    );
    return row ? { channelId: row.channel_id, handle: row.handle } : undefined;
  }

  /** Whether a provider's account is connected already, on any site (one webhook per bot: the last set wins). */
  async connected(provider: string, account: string): Promise<boolean> {
    const rows = await this.db.all<{ one: number }>(
      'SELECT 1 AS one FROM messaging_channels WHERE provider = ? AND account = ? LIMIT 1',
      [provider, account],
    );
    return rows.length > 0;
  }

  /** Stores a new channel. */
  async create(channel: MessagingChannelRecord): Promise<void> {
    await this.db.run(`INSERT INTO messaging_channels (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, [
      channel.id,
      channel.siteId,
      channel.provider,
      channel.name,
      channel.account,
      channel.credentialsSealed,
      channel.webhookSecretSealed,
      channel.createdAt,
    ]);
    this.#any = true;
  }

  /**
   * Deletes a channel and its bookkeeping (its conversations stay in the inbox; their replies are no longer sent).
   * False when the site has no such channel.
   */
  async delete(siteId: string, id: string): Promise<boolean> {
    const changed = await this.db.transaction(async (db) => {
      const deleted = await db.run('DELETE FROM messaging_channels WHERE site_id = ? AND id = ?', [siteId, id]);
      if (deleted === 0) return 0;
      await db.run('DELETE FROM messaging_contacts WHERE channel_id = ?', [id]);
      await db.run('DELETE FROM messaging_conversations WHERE channel_id = ?', [id]);
      await db.run('DELETE FROM messaging_inbound WHERE channel_id = ?', [id]);
      return deleted;
    });
    return changed > 0;
  }

  /**
   * Where the site's channels reach these contacts (`contactReach`): per contact, each channel that has seen them,
   * by its name, with their handle there as the provider shows it. One query for the page.
   */
  async reach(siteId: string, contactIds: readonly string[]): Promise<Map<string, ContactReach[]>> {
    const found = new Map<string, ContactReach[]>();
    if (contactIds.length === 0) return found;
    const rows = await this.db.all<{ contact_id: string; display: string; name: string; provider: string }>(
      `SELECT mc.contact_id, mc.display, ch.name, ch.provider
       FROM messaging_contacts mc JOIN messaging_channels ch ON ch.id = mc.channel_id AND ch.site_id = mc.site_id
       WHERE mc.site_id = ? AND mc.contact_id IN (${placeholders(contactIds.length)})
       ORDER BY mc.created_at, mc.channel_id`,
      [siteId, ...contactIds],
    );
    for (const row of rows) {
      const lines = found.get(row.contact_id) ?? [];
      lines.push({ channel: row.provider, label: row.name, handle: row.display });
      found.set(row.contact_id, lines);
    }
    return found;
  }
}

import type { Campaign, CampaignCounts, CampaignStatus } from '@parley/protocol/admin';
import type { SqlDb } from '../store/sql/sql-db.js';

/** A campaign as stored: the site it belongs to, and the campaign. */
export interface CampaignRecord extends Campaign {
  readonly siteId: string;
}

interface Row {
  id: string;
  site_id: string;
  status: string;
  body: string;
  created_at: number | string;
  updated_at: number | string;
}

/** The fields kept in `body` (everything but the id, status and times). */
type Body = Omit<Campaign, 'id' | 'status' | 'createdAt' | 'updatedAt'>;

const record = (row: Row): CampaignRecord => ({
  ...(JSON.parse(row.body) as Body),
  id: row.id,
  siteId: row.site_id,
  status: row.status as CampaignStatus,
  createdAt: Number(row.created_at),
  updatedAt: Number(row.updated_at),
});

const bodyOf = (campaign: Campaign): string => {
  const { id: _id, status: _status, createdAt: _c, updatedAt: _u, ...body } = campaign;
  const { siteId: _site, ...rest } = body as Body & { siteId?: string };
  return JSON.stringify(rest);
};

/** Counts of shown and opened bubbles to add, per campaign and variant. */
export interface CountsDelta {
  readonly campaignId: string;
  readonly variant: number;
  readonly shown: number;
  readonly opened: number;
}

/** A variant's counts as read for the stats. */
export type VariantCounts = CampaignCounts & { readonly variant: number };

/**
 * Campaigns' tables (docs/campaigns.md): `campaigns`, `campaign_counts` (shown and opened per variant) and
 * `campaign_conversations` (which campaign started a conversation; erased with it).
 */
export class CampaignRepository {
  constructor(private readonly db: SqlDb) {}

  async list(siteId: string): Promise<CampaignRecord[]> {
    const rows = await this.db.all<Row>('SELECT * FROM campaigns WHERE site_id = ? ORDER BY created_at, id', [siteId]);
    return rows.map(record);
  }

  async get(siteId: string, id: string): Promise<CampaignRecord | undefined> {
    const [row] = await this.db.all<Row>('SELECT * FROM campaigns WHERE site_id = ? AND id = ?', [siteId, id]);
    return row ? record(row) : undefined;
  }

  /** Every live campaign of a site (the loader's rules). */
  async live(siteId: string): Promise<CampaignRecord[]> {
    const rows = await this.db.all<Row>(
      "SELECT * FROM campaigns WHERE site_id = ? AND status = 'live' ORDER BY created_at, id",
      [siteId],
    );
    return rows.map(record);
  }

  async create(siteId: string, campaign: Campaign): Promise<void> {
    await this.db.run(
      'INSERT INTO campaigns (id, site_id, status, body, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)',
      [campaign.id, siteId, campaign.status, bodyOf(campaign), campaign.createdAt, campaign.updatedAt],
    );
  }

  async update(siteId: string, campaign: Campaign): Promise<boolean> {
    const changed = await this.db.run(
      'UPDATE campaigns SET status = ?, body = ?, updated_at = ? WHERE site_id = ? AND id = ?',
      [campaign.status, bodyOf(campaign), campaign.updatedAt, siteId, campaign.id],
    );
    return changed > 0;
  }

  /** Deletes the campaign and its counts; the conversations it started keep their messages. */
  async delete(siteId: string, id: string): Promise<boolean> {
    return this.db.transaction(async (db) => {
      const changed = await db.run('DELETE FROM campaigns WHERE site_id = ? AND id = ?', [siteId, id]);
      if (changed === 0) return false;
      await db.run('DELETE FROM campaign_counts WHERE campaign_id = ?', [id]);
      await db.run('DELETE FROM campaign_conversations WHERE campaign_id = ?', [id]);
      return true;
    });
  }

  /** Adds counted events, in one transaction. */
  async addCounts(deltas: readonly CountsDelta[]): Promise<void> {
    if (deltas.length === 0) return;
    await this.db.transaction(async (db) => {
      for (const delta of deltas)
        await db.run(
          `INSERT INTO campaign_counts (campaign_id, variant, shown, opened) VALUES (?, ?, ?, ?)
           ON CONFLICT (campaign_id, variant) DO UPDATE SET shown = campaign_counts.shown + excluded.shown,
             opened = campaign_counts.opened + excluded.opened`,
          [delta.campaignId, delta.variant, delta.shown, delta.opened],
        );
    });
  }

  /**
   * Records that the campaign started a conversation; false when that conversation was already started by one
   * (a second call changes nothing).
   */
  async addConversation(siteId: string, conversationId: string, campaignId: string, variant: number, now: number) {
    const changed = await this.db.run(
      `INSERT INTO campaign_conversations (conversation_id, site_id, campaign_id, variant, created_at)
       VALUES (?, ?, ?, ?, ?) ON CONFLICT (conversation_id) DO NOTHING`,
      [conversationId, siteId, campaignId, variant, now],
    );
    return changed > 0;
  }

  /**
   * The campaign's counts per variant: shown and opened as counted; conversations it started, those where the
   * visitor wrote, and their ratings (CSAT: a visitor message whose `extra` holds one), read from the messages of
   * those conversations only.
   */
  async stats(campaignId: string): Promise<VariantCounts[]> {
    const score =
      this.db.dialect === 'sqlite'
        ? "json_extract(m.extra, '$.rating.score')"
        : "((m.extra::jsonb) #>> '{rating,score}')::int";
    const [counts, conversations] = await Promise.all([
      this.db.all<{ variant: number | string; shown: number | string; opened: number | string }>(
        'SELECT variant, shown, opened FROM campaign_counts WHERE campaign_id = ?',
        [campaignId],
      ),
      this.db.scan<{
        variant: number | string;
        conversations: number | string;
        replied: number | string;
        ratings: number | string;
        total: number | string | null;
      }>(
        `SELECT cc.variant AS variant, count(*) AS conversations,
           sum(CASE WHEN EXISTS (SELECT 1 FROM messages m WHERE m.conversation_id = cc.conversation_id
             AND m.author_role = 'visitor') THEN 1 ELSE 0 END) AS replied,
           sum(CASE WHEN r.score IS NULL THEN 0 ELSE 1 END) AS ratings,
           sum(r.score) AS total
         FROM campaign_conversations cc
         LEFT JOIN (SELECT m.conversation_id AS conversation_id, max(${score}) AS score FROM messages m
           JOIN campaign_conversations c2 ON c2.conversation_id = m.conversation_id
           WHERE c2.campaign_id = ? AND m.extra IS NOT NULL AND m.author_role = 'visitor'
             AND ${score} BETWEEN 1 AND 5
           GROUP BY m.conversation_id) r ON r.conversation_id = cc.conversation_id
         WHERE cc.campaign_id = ?
         GROUP BY cc.variant`,
        [campaignId, campaignId],
      ),
    ]);
    const byVariant = new Map<number, VariantCounts>();
    const empty = (variant: number): VariantCounts => ({
      variant,
      shown: 0,
      opened: 0,
      conversations: 0,
      replied: 0,
      ratings: 0,
      csat: null,
    });
    for (const row of counts) {
      const variant = Number(row.variant);
      byVariant.set(variant, { ...empty(variant), shown: Number(row.shown), opened: Number(row.opened) });
    }
    for (const row of conversations) {
      const variant = Number(row.variant);
      const ratings = Number(row.ratings);
      byVariant.set(variant, {
        ...(byVariant.get(variant) ?? empty(variant)),
        conversations: Number(row.conversations),
        replied: Number(row.replied),
        ratings,
        csat: ratings > 0 ? Number(row.total) / ratings : null,
      });
    }
    return [...byVariant.values()].sort((a, b) => a.variant - b.variant);
  }
}

import type { SqlDb } from '../../store/sql/sql-db.js';

/** A site's agent setting as stored: the JSON document (read with `readAgentSettings`) and when it was saved. */
export interface AgentSettingsRecord {
  readonly siteId: string;
  readonly settings: unknown;
  readonly updatedAt: number;
}

/** The AI agent's table, `ai_agent` (the migration `ai.agent`). */
export class AgentRepository {
  constructor(private readonly db: SqlDb) {}

  async get(siteId: string): Promise<AgentSettingsRecord | undefined> {
    const [row] = await this.db.all<{ settings: string; updated_at: number | string }>(
      'SELECT settings, updated_at FROM ai_agent WHERE site_id = ?',
      [siteId],
    );
    return row && { siteId, settings: JSON.parse(row.settings) as unknown, updatedAt: Number(row.updated_at) };
  }

  async put(siteId: string, settings: unknown, at: number): Promise<void> {
    await this.db.run(
      `INSERT INTO ai_agent (site_id, settings, updated_at) VALUES (?, ?, ?)
       ON CONFLICT (site_id) DO UPDATE SET settings = excluded.settings, updated_at = excluded.updated_at`,
      [siteId, JSON.stringify(settings), at],
    );
  }

  /** The settings saved at or after `since` (every site's, with 0). */
  async changedSince(since: number): Promise<AgentSettingsRecord[]> {
    const rows = await this.db.all<{ site_id: string; settings: string; updated_at: number | string }>(
      'SELECT site_id, settings, updated_at FROM ai_agent WHERE updated_at >= ?',
      [since],
    );
    return rows.map((row) => ({
      siteId: row.site_id,
      settings: JSON.parse(row.settings) as unknown,
      updatedAt: Number(row.updated_at),
    }));
  }
}

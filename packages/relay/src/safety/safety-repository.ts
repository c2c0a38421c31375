import * as z from 'zod/mini';
import { SafetySettings, type SafetySettings as Settings } from '@parley/protocol/admin';
import type { SqlDb } from '../store/sql/sql-db.js';

/** A site's saved settings, as read back. */
export interface SavedSafety {
  readonly siteId: string;
  readonly settings: Settings;
  readonly updatedAt: number;
}

/** Message safety's tables: `safety_settings` and `safety_sealed`. */
export class SafetyRepository {
  constructor(private readonly db: SqlDb) {}

  /** Every site's settings saved after `since` (all of them for 0), oldest save first. */
  async savedSince(since: number): Promise<SavedSafety[]> {
    const rows = await this.db.all<{ site_id: string; settings: string; updated_at: number | string }>(
      'SELECT site_id, settings, updated_at FROM safety_settings WHERE updated_at > ? ORDER BY updated_at',
      [since],
    );
    const saved: SavedSafety[] = [];
    for (const row of rows) {
      // Written by `put` from a checked body; read through the schema all the same, so a row edited by hand cannot
      // give the relay settings it does not know.
      const parsed = z.safeParse(SafetySettings, JSON.parse(row.settings));
      if (parsed.success) saved.push({ siteId: row.site_id, settings: parsed.data, updatedAt: Number(row.updated_at) });
    }
    return saved;
  }

  async put(siteId: string, settings: Settings, now: number): Promise<void> {
    await this.db.run(
      `INSERT INTO safety_settings (site_id, settings, updated_at) VALUES (?, ?, ?)
       ON CONFLICT (site_id) DO UPDATE SET settings = excluded.settings, updated_at = excluded.updated_at`,
      [siteId, JSON.stringify(settings), now],
    );
  }

  /** Keeps a message's sealed revealable text (a resend or an edit replaces it). */
  async seal(siteId: string, conversationId: string, clientId: string, sealed: string, now: number): Promise<void> {
    await this.db.run(
      `INSERT INTO safety_sealed (conversation_id, client_id, site_id, sealed, created_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (conversation_id, client_id) DO UPDATE SET sealed = excluded.sealed, created_at = excluded.created_at`,
      [conversationId, clientId, siteId, sealed, now],
    );
  }

  /** A message's sealed revealable text, or `undefined`. */
  async sealed(siteId: string, conversationId: string, clientId: string): Promise<string | undefined> {
    const [row] = await this.db.all<{ sealed: string }>(
      'SELECT sealed FROM safety_sealed WHERE conversation_id = ? AND client_id = ? AND site_id = ?',
      [conversationId, clientId, siteId],
    );
    return row?.sealed;
  }
}

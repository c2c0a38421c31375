import { randomUUID } from 'node:crypto';
import type { AiCall, AiFeature, AiOutcome, AiProvider } from '@parley/protocol/admin';
import type { SqlDb } from '../store/sql/sql-db.js';

/** A site's own AI setting, as stored (the key still sealed). */
export interface AiSiteRecord {
  readonly siteId: string;
  readonly enabled: boolean;
  /** The site uses the relay's default provider. */
  readonly inherit: boolean;
  readonly provider: AiProvider | null;
  readonly baseUrl: string | null;
  readonly model: string | null;
  /** The key, sealed (`sealed:v1:…`), or `null`. */
  readonly apiKeySealed: string | null;
  readonly monthlyTokenBudget: number | null;
  /** The features with a monthly budget of their own (tokens); a feature not in it has none. */
  readonly featureBudgets: Partial<Record<AiFeature, number>>;
  readonly updatedAt: number;
}

/** A feature's month so far, as the usage counts it. */
export interface AiFeatureTotals {
  readonly feature: AiFeature;
  readonly calls: number;
  readonly failures: number;
  readonly inputTokens: number;
  readonly outputTokens: number;
}

interface SettingsRow {
  site_id: string;
  enabled: number;
  inherit: number;
  provider: string | null;
  base_url: string | null;
  model: string | null;
  api_key_sealed: string | null;
  monthly_token_budget: number | string | null;
  feature_budgets: string | null;
  updated_at: number | string;
}

interface CallRow {
  at: number | string;
  feature: string;
  model: string;
  input_tokens: number | string;
  output_tokens: number | string;
  latency_ms: number | string;
  outcome: string;
}

/** A call to record (no prompt, no answer, no conversation). */
export interface AiCallInput {
  readonly siteId: string;
  readonly at: number;
  readonly feature: AiFeature;
  readonly model: string;
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly latencyMs: number;
  readonly outcome: AiOutcome;
}

/** The AI feature's tables, `ai_settings` and `ai_calls` (its migrations make them). */
export class AiRepository {
  constructor(readonly db: SqlDb) {}

  async settings(siteId: string): Promise<AiSiteRecord | undefined> {
    const [row] = await this.db.all<SettingsRow>('SELECT * FROM ai_settings WHERE site_id = ?', [siteId]);
    if (!row) return undefined;
    return {
      siteId: row.site_id,
      enabled: Number(row.enabled) === 1,
      inherit: Number(row.inherit) === 1,
      provider: row.provider as AiProvider | null,
      baseUrl: row.base_url,
      model: row.model,
      apiKeySealed: row.api_key_sealed,
      monthlyTokenBudget: row.monthly_token_budget === null ? null : Number(row.monthly_token_budget),
      featureBudgets:
        row.feature_budgets === null ? {} : (JSON.parse(row.feature_budgets) as Partial<Record<AiFeature, number>>),
      updatedAt: Number(row.updated_at),
    };
  }

  async putSettings(record: AiSiteRecord): Promise<void> {
    await this.db.run(
      `INSERT INTO ai_settings (site_id, enabled, inherit, provider, base_url, model, api_key_sealed,
         monthly_token_budget, feature_budgets, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (site_id) DO UPDATE SET enabled = excluded.enabled, inherit = excluded.inherit,
         provider = excluded.provider, base_url = excluded.base_url, model = excluded.model,
         api_key_sealed = excluded.api_key_sealed, monthly_token_budget = excluded.monthly_token_budget,
         feature_budgets = excluded.feature_budgets, updated_at = excluded.updated_at`,
      [
        record.siteId,
        record.enabled ? 1 : 0,
        record.inherit ? 1 : 0,
        record.provider,
        record.baseUrl,
        record.model,
        record.apiKeySealed,
        record.monthlyTokenBudget,
        Object.keys(record.featureBudgets).length === 0 ? null : JSON.stringify(record.featureBudgets),
        record.updatedAt,
      ],
    );
  }

  /** Writes `calls` in one multi-row insert (the call buffer's batches, ai-call-buffer.ts). */
  async recordCalls(calls: readonly AiCallInput[]): Promise<void> {
    if (calls.length === 0) return;
    await this.db.run(
      `INSERT INTO ai_calls (id, site_id, at, feature, model, input_tokens, output_tokens, latency_ms, outcome)
       VALUES ${calls.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`,
      calls.flatMap((call) => [
        randomUUID(),
        call.siteId,
        call.at,
        call.feature,
        call.model,
        call.inputTokens,
        call.outputTokens,
        call.latencyMs,
        call.outcome,
      ]),
    );
  }

  /** Tokens (in and out) the site's calls used in `[from, to)`: all of them, or `feature`'s. */
  async usedTokens(siteId: string, from: number, to: number, feature?: AiFeature): Promise<number> {
    const [row] = await this.db.all<{ used: number | string | null }>(
      `SELECT SUM(input_tokens + output_tokens) AS used FROM ai_calls WHERE site_id = ? AND at >= ? AND at < ?${
        feature === undefined ? '' : ' AND feature = ?'
      }`,
      feature === undefined ? [siteId, from, to] : [siteId, from, to, feature],
    );
    return Number(row?.used ?? 0);
  }

  /** Each feature's totals in `[from, to)` (those with no call left out). */
  async featureUsage(siteId: string, from: number, to: number): Promise<AiFeatureTotals[]> {
    const rows = await this.db.all<{
      feature: string;
      calls: number | string;
      failures: number | string;
      input_tokens: number | string | null;
      output_tokens: number | string | null;
    }>(
      `SELECT feature, COUNT(*) AS calls, SUM(CASE WHEN outcome = 'ok' THEN 0 ELSE 1 END) AS failures,
         SUM(input_tokens) AS input_tokens, SUM(output_tokens) AS output_tokens
       FROM ai_calls WHERE site_id = ? AND at >= ? AND at < ? GROUP BY feature ORDER BY feature`,
      [siteId, from, to],
    );
    return rows.map((row) => ({
      feature: row.feature as AiFeature,
      calls: Number(row.calls),
      failures: Number(row.failures),
      inputTokens: Number(row.input_tokens ?? 0),
      outputTokens: Number(row.output_tokens ?? 0),
    }));
  }

  /** The latest `limit` calls in `[from, to)`, newest first. */
  async recentCalls(siteId: string, from: number, to: number, limit: number): Promise<AiCall[]> {
    const rows = await this.db.all<CallRow>(
      `SELECT at, feature, model, input_tokens, output_tokens, latency_ms, outcome FROM ai_calls
       WHERE site_id = ? AND at >= ? AND at < ? ORDER BY at DESC, id DESC LIMIT ?`,
      [siteId, from, to, limit],
    );
    return rows.map((row) => ({
      at: Number(row.at),
      feature: row.feature as AiFeature,
      model: row.model,
      inputTokens: Number(row.input_tokens),
      outputTokens: Number(row.output_tokens),
      latencyMs: Number(row.latency_ms),
      outcome: row.outcome as AiOutcome,
    }));
  }
}

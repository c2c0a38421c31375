import type { Migration } from '../store/migration.js';

/** The AI feature's migrations (docs/ai.md), by name (ADR 0021). Never edit one that has shipped: add another. */
export const AI_MIGRATIONS: readonly Migration[] = [
  // A site's own provider, or none (the relay's default is inherited). The key is sealed (store/secret-sealer.ts).
  {
    name: 'ai.settings',
    ddl: ({ TEXT, BIGINT, SMALLINT, WITHOUT_ROWID }) => `
  CREATE TABLE ai_settings (
    site_id              ${TEXT} PRIMARY KEY,
    enabled              ${SMALLINT} NOT NULL,
    inherit              ${SMALLINT} NOT NULL,
    provider             ${TEXT},
    base_url             ${TEXT},
    model                ${TEXT},
    api_key_sealed       ${TEXT},
    monthly_token_budget ${BIGINT},
    updated_at           ${BIGINT} NOT NULL
  ) ${WITHOUT_ROWID};
  `,
  },
  // Every call to a provider: what for, the model, the provider's token counts, how long, how it ended. Neither the
  // prompt nor the answer, nor whose conversation it was: a row names no one, so it is kept as the audit log is.
  {
    name: 'ai.calls',
    ddl: ({ TEXT, BIGINT, INT, WITHOUT_ROWID }) => `
  CREATE TABLE ai_calls (
    id            ${TEXT} PRIMARY KEY,
    site_id       ${TEXT} NOT NULL,
    at            ${BIGINT} NOT NULL,
    feature       ${TEXT} NOT NULL,
    model         ${TEXT} NOT NULL,
    input_tokens  ${INT} NOT NULL,
    output_tokens ${INT} NOT NULL,
    latency_ms    ${INT} NOT NULL,
    outcome       ${TEXT} NOT NULL
  ) ${WITHOUT_ROWID};
  CREATE INDEX ai_calls_by_site ON ai_calls(site_id, at);
  `,
  },
  // The AI agent's setting per site (agent/agent-settings.ts): one JSON document, replaced as a whole. Read by every
  // relay at its start and then by `updated_at`, so two relays agree within the refresh period.
  {
    name: 'ai.agent',
    ddl: ({ TEXT, BIGINT, WITHOUT_ROWID }) => `
  CREATE TABLE ai_agent (
    site_id    ${TEXT} PRIMARY KEY,
    settings   ${TEXT} NOT NULL,
    updated_at ${BIGINT} NOT NULL
  ) ${WITHOUT_ROWID};
  CREATE INDEX ai_agent_by_change ON ai_agent(updated_at);
  `,
  },
  // Each feature's own monthly budget beside the site's (issue #83): a JSON object of feature to tokens, or `NULL`.
  {
    name: 'ai.feature-budgets',
    ddl: ({ TEXT }) => `
  ALTER TABLE ai_settings ADD COLUMN feature_budgets ${TEXT};
  `,
  },
];

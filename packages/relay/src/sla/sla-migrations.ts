import type { Migration } from '../store/migration.js';

/** The DDL of the SLA tables, written once with each store's type names. */
const tables: Migration = {
  name: 'sla.policies-and-clocks',
  after: ['routing.teams-and-sla'],
  ddl: ({ TEXT, INT, BIGINT, SMALLINT, STRICT, WITHOUT_ROWID }) => `
  CREATE TABLE sla_policies (
    id                     ${TEXT} PRIMARY KEY,
    site_id                ${TEXT} NOT NULL REFERENCES sites(id),
    name                   ${TEXT} NOT NULL,
    position               ${INT} NOT NULL,
    is_default             ${SMALLINT} NOT NULL DEFAULT 0,
    business_hours         ${SMALLINT} NOT NULL DEFAULT 0,
    first_response_minutes ${INT},
    next_response_minutes  ${INT},
    resolution_minutes     ${INT},
    warn_percent           ${INT},
    raise_priority_to      ${TEXT},
    notify_email           ${SMALLINT} NOT NULL DEFAULT 0,
    match                  ${TEXT} NOT NULL DEFAULT '{}',
    created_at             ${BIGINT} NOT NULL,
    updated_at             ${BIGINT} NOT NULL
  ) ${STRICT};
  CREATE INDEX sla_policies_by_site ON sla_policies(site_id, position);
  CREATE INDEX sla_policies_by_update ON sla_policies(updated_at);
  CREATE UNIQUE INDEX sla_policies_one_default ON sla_policies(site_id) WHERE is_default = 1;
  CREATE TABLE sla_conversations (
    conversation_id ${TEXT} PRIMARY KEY,
    site_id         ${TEXT} NOT NULL,
    policy_id       ${TEXT} NOT NULL,
    started_at      ${BIGINT} NOT NULL
  ) ${WITHOUT_ROWID};
  CREATE TABLE sla_clocks (
    conversation_id ${TEXT} NOT NULL,
    target          ${TEXT} NOT NULL CHECK (target IN ('firstResponse', 'nextResponse', 'resolution')),
    cycle           ${INT} NOT NULL,
    site_id         ${TEXT} NOT NULL,
    policy_id       ${TEXT} NOT NULL,
    started_at      ${BIGINT} NOT NULL,
    due_at          ${BIGINT} NOT NULL,
    warn_at         ${BIGINT},
    paused_since    ${BIGINT},
    remaining_ms    ${BIGINT},
    paused_ms       ${BIGINT} NOT NULL DEFAULT 0,
    warned_at       ${BIGINT},
    met_at          ${BIGINT},
    breached_at     ${BIGINT},
    team_id         ${TEXT},
    assignee_id     ${TEXT},
    PRIMARY KEY (conversation_id, target, cycle)
  ) ${WITHOUT_ROWID};
  CREATE INDEX sla_clocks_by_due ON sla_clocks(site_id, due_at);
  `,
};

/**
 * SLA's migrations (docs/sla.md). Never edit one that has shipped: add another.
 *
 * The policies of a site, in the order they are tried (the default last, one per site); each conversation's clocks,
 * one row per target and cycle (next-response counts a cycle per customer message after a staff reply): the policy
 * that applied, when it started and is due, paused since when with what was left of it, paused how long in all, and
 * when it was warned, met or breached, with the team and assignee it ended with (the attainment report's split).
 * Then the first-reply SLA of routing's settings (issue #17) becomes each site's default policy: its minutes as the
 * first-response target, its priority and email as the breach's.
 */
export const SLA_MIGRATIONS: readonly Migration[] = [
  tables,
  {
    name: 'sla.default-from-routing',
    after: ['sla.policies-and-clocks'],
    sqlite: `
  INSERT INTO sla_policies (id, site_id, name, position, is_default, business_hours, first_response_minutes,
    warn_percent, raise_priority_to, notify_email, match, created_at, updated_at)
  SELECT 'slp_default_' || site_id, site_id, 'Default', 0, 1, 0,
    json_extract(settings, '$.sla.firstResponseMinutes'), 80, json_extract(settings, '$.sla.raisePriorityTo'),
    CASE WHEN json_extract(settings, '$.sla.notifyEmail') THEN 1 ELSE 0 END, '{}', updated_at, updated_at
  FROM routing_settings
  WHERE json_type(settings, '$.sla') = 'object'
    AND json_type(settings, '$.sla.firstResponseMinutes') = 'integer'
    AND site_id IN (SELECT id FROM sites);
  `,
    postgres: `
  INSERT INTO sla_policies (id, site_id, name, position, is_default, business_hours, first_response_minutes,
    warn_percent, raise_priority_to, notify_email, match, created_at, updated_at)
  SELECT 'slp_default_' || site_id, site_id, 'Default', 0, 1, 0,
    (settings::jsonb #>> '{sla,firstResponseMinutes}')::integer, 80, settings::jsonb #>> '{sla,raisePriorityTo}',
    CASE WHEN settings::jsonb #>> '{sla,notifyEmail}' = 'true' THEN 1 ELSE 0 END, '{}', updated_at, updated_at
  FROM routing_settings
  WHERE jsonb_typeof(settings::jsonb -> 'sla') = 'object'
    AND jsonb_typeof(settings::jsonb #> '{sla,firstResponseMinutes}') = 'number'
    AND site_id IN (SELECT id FROM sites);
  `,
  },
];

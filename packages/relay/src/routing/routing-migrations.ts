import type { Migration } from '../store/migration.js';

/** Routing and SLA's migrations (ADR 0012). Never edit one that has shipped: add another. */
export const ROUTING_MIGRATIONS: readonly Migration[] = [
  // Routing and SLA (issue #17, ADR 0012). A site's routing and SLA settings are one JSON document. Per staff member:
  // their availability (and since when), their capacity (NULL takes the site's default), when a relay last saw a
  // connection of theirs (the heartbeat that makes "online" true across relays) and the site-wide counter of their last
  // assignment (round-robin picks the lowest). Teams and their members. A conversation's team, when its first staff
  // reply came, when its first reply is due, whether that deadline passed unanswered, and when it was resolved. The
  // open conversations per assignee are counted through a partial index (least-open, capacity), and the overdue view
  // reads a partial index too. Was SQLite 11, PostgreSQL 10.
  {
    name: 'routing.teams-and-sla',
    ddl: ({ TEXT, INT, BIGINT, SMALLINT, STRICT, WITHOUT_ROWID }) => `
  CREATE TABLE routing_settings (
    site_id    ${TEXT} PRIMARY KEY REFERENCES sites(id),
    settings   ${TEXT} NOT NULL,
    updated_at ${BIGINT} NOT NULL
  ) ${WITHOUT_ROWID};
  CREATE TABLE staff_routing (
    staff_id        ${TEXT} PRIMARY KEY REFERENCES staff(id),
    site_id         ${TEXT} NOT NULL,
    availability    ${TEXT} NOT NULL DEFAULT 'online' CHECK (availability IN ('online', 'away', 'offline')),
    availability_at ${BIGINT} NOT NULL,
    capacity        ${INT} CHECK (capacity >= 0),
    last_seen_at    ${BIGINT} NOT NULL DEFAULT 0,
    last_assigned   ${BIGINT} NOT NULL DEFAULT 0
  ) ${WITHOUT_ROWID};
  CREATE INDEX staff_routing_by_site ON staff_routing(site_id);
  CREATE TABLE teams (
    id         ${TEXT} PRIMARY KEY,
    site_id    ${TEXT} NOT NULL REFERENCES sites(id),
    name       ${TEXT} NOT NULL,
    created_at ${BIGINT} NOT NULL
  ) ${STRICT};
  CREATE INDEX teams_by_site ON teams(site_id, name);
  CREATE TABLE team_members (
    team_id  ${TEXT} NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
    staff_id ${TEXT} NOT NULL,
    PRIMARY KEY (team_id, staff_id)
  ) ${WITHOUT_ROWID};
  CREATE INDEX team_members_by_staff ON team_members(staff_id);
  ALTER TABLE conversations ADD COLUMN team_id ${TEXT};
  ALTER TABLE conversations ADD COLUMN first_response_at ${BIGINT};
  ALTER TABLE conversations ADD COLUMN sla_due_at ${BIGINT};
  ALTER TABLE conversations ADD COLUMN overdue ${SMALLINT} NOT NULL DEFAULT 0;
  ALTER TABLE conversations ADD COLUMN resolved_at ${BIGINT};
  CREATE INDEX conversations_open_by_assignee ON conversations(site_id, assignee_id)
    WHERE assignee_id IS NOT NULL AND status IN ('open', 'pending');
  CREATE INDEX conversations_overdue ON conversations(site_id, updated_at, id) WHERE overdue = 1;
  `,
  },
];

import type { Migration } from '../store/migration.js';

/** Rules' and macros' migrations (docs/rules.md). Never edit one that has shipped: add another. */
export const RULES_MIGRATIONS: readonly Migration[] = [
  // A site's rules, in order, their conditions and actions as JSON documents (checked against the admin API's
  // schema on the way in and again when read). A deleted rule is kept as `deleted = 1` so other relays see it go.
  //
  // A firing is a row keyed by the rule and its event (`<message id>`, `idle:<conversation>:<last seq>`, the job of
  // a change): written with its outbox job in one transaction where the event is read after the fact (the message
  // log, the idle sweep), so an event read twice fires once; its outcome is the run log, and `progress` the index of
  // the next action to run (an attempt made again after a failure or a crash starts there).
  //
  // Macros: named lists of the same actions, shared (owner_id NULL) or a member's own.
  {
    name: 'rules.tables',
    ddl: ({ TEXT, INT, BIGINT, SMALLINT, STRICT, WITHOUT_ROWID }) => `
  CREATE TABLE rules (
    id           ${TEXT} PRIMARY KEY,
    site_id      ${TEXT} NOT NULL REFERENCES sites(id),
    name         ${TEXT} NOT NULL,
    enabled      ${SMALLINT} NOT NULL,
    position     ${INT} NOT NULL,
    trigger      ${TEXT} NOT NULL,
    idle_minutes ${INT},
    match        ${TEXT} NOT NULL,
    conditions   ${TEXT} NOT NULL,
    actions      ${TEXT} NOT NULL,
    created_at   ${BIGINT} NOT NULL,
    updated_at   ${BIGINT} NOT NULL,
    deleted      ${SMALLINT} NOT NULL DEFAULT 0
  ) ${STRICT};
  CREATE INDEX rules_by_site ON rules(site_id, position);
  CREATE TABLE rule_firings (
    rule_id         ${TEXT} NOT NULL,
    event           ${TEXT} NOT NULL,
    site_id         ${TEXT} NOT NULL,
    conversation_id ${TEXT},
    at              ${BIGINT} NOT NULL,
    status          ${TEXT} NOT NULL,
    detail          ${TEXT},
    progress        ${INT} NOT NULL DEFAULT 0,
    PRIMARY KEY (rule_id, event)
  ) ${WITHOUT_ROWID};
  CREATE INDEX rule_firings_by_rule ON rule_firings(rule_id, at);
  CREATE INDEX rule_firings_by_conversation ON rule_firings(conversation_id);
  CREATE TABLE macros (
    id         ${TEXT} PRIMARY KEY,
    site_id    ${TEXT} NOT NULL REFERENCES sites(id),
    owner_id   ${TEXT},
    name       ${TEXT} NOT NULL,
    actions    ${TEXT} NOT NULL,
    created_at ${BIGINT} NOT NULL,
    updated_at ${BIGINT} NOT NULL
  ) ${STRICT};
  CREATE INDEX macros_by_site ON macros(site_id, name);
  `,
  },
  // Who a macro's messages and notes are from (issue #81): `agent`, the member who runs it, or `bot`. Every write
  // names it (new macros: `agent` unless asked otherwise); the column's default is for the macros written before,
  // which sent as the bot: they write as the member who runs them too, what teams expect of a macro (the issue), and
  // a site that wants the bot's name on one says so in its editor (docs/rules.md, "Who a macro writes as").
  {
    name: 'rules.macro-sender',
    ddl: ({ TEXT }) => `ALTER TABLE macros ADD COLUMN sender ${TEXT} NOT NULL DEFAULT 'agent';`,
  },
];

/**
 * SQL for SQLite with each bound `LIMIT ?` written `LIMIT +?`. SQLite (built with `SQLITE_ENABLE_STAT4`, as
 * better-sqlite3's is) lets a bound LIMIT's value steer the plan, and so marks such a statement to be prepared again
 * whenever that parameter is bound; better-sqlite3 binds every parameter on every run, so each run of a prepared
 * statement with `LIMIT ?` parsed and planned it anew: 60 % of the message log's read of its next ids
 * (docs/performance.md, "Statements prepared again on every run"). `+?` is the same value, which the planner leaves
 * alone: the plan is the one the statement had, made once.
 *
 * Only for SQLite: PostgreSQL cannot type `+$1`. SQL shared by both stores goes through it where SQLite prepares it.
 */
export function boundLimitsPlanned(sql: string): string {
  return sql.replace(/\bLIMIT \?/gi, 'LIMIT +?');
}

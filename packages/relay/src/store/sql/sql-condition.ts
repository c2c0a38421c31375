import type { SqlValue } from './sql-db.js';

/** A condition on the conversation list's rows (alias `c`, the `conversations` table) and its `?` parameters. */
export interface SqlCondition {
  readonly sql: string;
  readonly params: readonly SqlValue[];
}

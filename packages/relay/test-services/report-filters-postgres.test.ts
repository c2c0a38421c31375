/**
 * Reports by channel on PostgreSQL (the suite: test/support/report-filters-suite.ts), and the migration that keeps
 * the day summaries from before as the whole site's.
 */
import { after, describe, it } from 'node:test';
import { ERASURE_PLAN } from '../src/features/features.js';
import { openPostgresAdminDb } from '../src/store/postgres-admin-db.js';
import { PostgresStore } from '../src/store/postgres-store.js';
import { reportDaysBackfillCase, reportFiltersSuite } from '../test/support/report-filters-suite.js';
import { TestSchemas } from './support/postgres.js';

const schemas = new TestSchemas('parley_report_filters');
after(() => schemas.dropAll());

reportFiltersSuite('PostgreSQL', async () => ({
  store: 'postgres' as const,
  databaseUrl: (await schemas.create()).connectionString,
  dataKey: Buffer.alloc(32, 7).toString('base64'),
}));

describe('day summaries from before filters (PostgreSQL)', () => {
  it('are kept as the whole site’s; a filtered report keeps its own beside them', async () => {
    const schema = await schemas.create();
    await reportDaysBackfillCase({
      open: (migrations) => new PostgresStore({ connectionString: schema.connectionString, poolSize: 1, migrations }),
      exec: async (sql, params) => {
        let n = 0;
        await schema.query(sql.replace(/\?/g, () => `$${++n}`).replace(/INSERT INTO (\w+)/, 'INSERT INTO $schema.$1'), [
          ...params,
        ]);
      },
      primaryKey: async () =>
        (
          await schema.query<{ name: string }>(
            `SELECT a.attname AS name
             FROM pg_index i
             JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, n) ON true
             JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
             WHERE i.indrelid = '$schema.report_days'::regclass AND i.indisprimary
             ORDER BY k.n`,
          )
        ).map((row) => row.name),
      admin: () => openPostgresAdminDb({ connectionString: schema.connectionString, erasure: ERASURE_PLAN }),
    });
  });
});

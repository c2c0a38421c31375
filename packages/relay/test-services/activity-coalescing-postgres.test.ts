/**
 * The activity time's coalescing on PostgreSQL (issue #87, decision 1; `test/activity-contract.ts`). Writes are
 * counted by a trigger on `conversations` that fires when a row's `updated_at` changes: what moves its entries in
 * the indexes that hold it (an update that leaves it can be heap-only).
 */
import { after } from 'node:test';
import { PostgresStore } from '../src/store/postgres-store.js';
import { MIGRATIONS } from '../src/features/features.js';
import { activityContract } from '../test/activity-contract.js';
import { TestSchemas } from './support/postgres.js';

const schemas = new TestSchemas('parley_activity');
after(() => schemas.dropAll());

activityContract('PostgresStore', async () => {
  const schema = await schemas.create();
  return {
    open: (activityIntervalMs) =>
      new PostgresStore({
        connectionString: schema.connectionString,
        migrations: MIGRATIONS,
        ...(activityIntervalMs ? { activityIntervalMs } : {}),
      }),
    async countActivityWrites() {
      await schema.query('CREATE TABLE $schema.activity_writes (at bigint)');
      await schema.query(`
        CREATE FUNCTION $schema.activity_written() RETURNS trigger LANGUAGE plpgsql AS $f$
        BEGIN
          INSERT INTO $schema.activity_writes VALUES (NEW.updated_at);
          RETURN NULL;
        END $f$`);
      await schema.query(`
        CREATE TRIGGER activity_written AFTER UPDATE ON $schema.conversations
          FOR EACH ROW WHEN (OLD.updated_at IS DISTINCT FROM NEW.updated_at) EXECUTE FUNCTION $schema.activity_written()`);
      return async () =>
        (await schema.query<{ n: number }>('SELECT count(*)::int AS n FROM $schema.activity_writes'))[0]!.n;
    },
    async updatedAt(id) {
      const [row] = await schema.query<{ at: string }>(
        'SELECT updated_at AS at FROM $schema.conversations WHERE id = $1',
        [id],
      );
      return Number(row!.at);
    },
    childArgs: ['postgres', schema.connectionString],
  };
});

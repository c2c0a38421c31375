/** The erasure registry against PostgreSQL's schema (see test/erasure-coverage.ts). */
import { after, test } from 'node:test';
import { ERASURE_PLAN, MIGRATIONS } from '../src/features/features.js';
import { PostgresStore } from '../src/store/postgres-store.js';
import { assertErasureComplete } from '../test/erasure-coverage.js';
import { TestSchemas } from './support/postgres.js';

const schemas = new TestSchemas('parley_erasure');
after(() => schemas.dropAll());

test('erasure: every PostgreSQL table that names a conversation or a contact is erased with it', async () => {
  const schema = await schemas.create();
  const store = new PostgresStore({ connectionString: schema.connectionString, migrations: MIGRATIONS });
  await store.init();
  await store.close();
  const rows = await schema.query<{ table_name: string; column_name: string; is_nullable: string }>(
    `SELECT table_name, column_name, is_nullable FROM information_schema.columns WHERE table_schema = '${schema.name}'`,
  );
  assertErasureComplete(
    rows.map((row) => ({ table: row.table_name, column: row.column_name, notNull: row.is_nullable === 'NO' })),
    ERASURE_PLAN,
  );
});

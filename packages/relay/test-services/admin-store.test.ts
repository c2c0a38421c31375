/**
 * The admin store contract against a real PostgreSQL (`PARLEY_TEST_DATABASE_URL`, by default
 * `postgres://postgres@127.0.0.1:5432/test`); every case gets its own schema, dropped at the end.
 */
import { randomBytes } from 'node:crypto';
import { after } from 'node:test';
import { Pool } from 'pg';
import { PostgresAdminStore } from '../src/store/postgres-admin-store.js';
import { PostgresStore } from '../src/store/postgres-store.js';
import { adminStoreContract } from '../test/admin-store-contract.js';

const baseUrl = process.env.PARLEY_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const run = `parley_admin_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
const admin = new Pool({ connectionString: baseUrl, max: 2 });
const schemas: string[] = [];

after(async () => {
  for (const schema of schemas) await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await admin.end();
});

adminStoreContract('PostgresAdminStore', async () => {
  const schema = `${run}_${randomBytes(4).toString('hex')}`;
  await admin.query(`CREATE SCHEMA "${schema}"`);
  schemas.push(schema);
  const url = new URL(baseUrl);
  url.searchParams.set('options', `-c search_path=${schema}`);
  const connectionString = url.toString();
  return { store: new PostgresStore({ connectionString }), admin: () => new PostgresAdminStore({ connectionString }) };
});

/** Support addresses confirmed by the code mailed to them (issue #80) on PostgreSQL: the SQLite suite, and the upgrade. */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { MIGRATIONS } from '../src/features/features.js';
import { PostgresStore } from '../src/store/postgres-store.js';
import { supportVerificationSuite } from '../test/support/support-verification-suite.js';
import { TestSchemas } from './support/postgres.js';

const schemas = new TestSchemas('parley_support_verify');
after(() => schemas.dropAll());

supportVerificationSuite('PostgreSQL', async () => {
  const { connectionString } = await schemas.create('one');
  return { store: 'postgres', databaseUrl: connectionString };
});

describe('support addresses set before confirmation existed (PostgreSQL upgrade)', () => {
  it('keep the default site’s in use, and make every other site’s wait for its code', async () => {
    const schema = await schemas.create('upgrade');
    const before = new PostgresStore({
      connectionString: schema.connectionString,
      poolSize: 1,
      migrations: MIGRATIONS.filter((migration) => migration.name !== 'email.support-address-verification'),
    });
    await before.init();
    await before.close();
    assert.deepEqual(
      await schema.query(
        `SELECT column_name FROM information_schema.columns
         WHERE table_schema = $1 AND table_name = 'support_addresses' AND column_name = 'verified_at'`,
        [schema.name],
      ),
      [],
      'the schema of a relay before confirmation',
    );
    await schema.query(
      'INSERT INTO $schema.support_addresses (address, site_id, name, created_at) VALUES ($1, $2, NULL, $3)',
      ['help@operator.example', 'default', 1000],
    );
    await schema.query(
      'INSERT INTO $schema.support_addresses (address, site_id, name, created_at) VALUES ($1, $2, NULL, $3)',
      ['help@claimed.example', 'site_tenant', 2000],
    );
    const upgraded = new PostgresStore({
      connectionString: schema.connectionString,
      poolSize: 1,
      migrations: MIGRATIONS,
    });
    await upgraded.init();
    await upgraded.close();
    const rows = await schema.query<Record<string, unknown>>(
      'SELECT address, site_id, verified_at, code_hash, code_attempts FROM $schema.support_addresses ORDER BY address',
    );
    assert.deepEqual(
      rows.map((row) => ({ ...row, verified_at: row.verified_at === null ? null : Number(row.verified_at) })),
      [
        {
          address: 'help@claimed.example',
          site_id: 'site_tenant',
          verified_at: null,
          code_hash: null,
          code_attempts: '0',
        },
        {
          address: 'help@operator.example',
          site_id: 'default',
          verified_at: 1000,
          code_hash: null,
          code_attempts: '0',
        },
      ],
    );
  });
});

/**
 * `parley-relay migrate` and `PARLEY_MIGRATE=skip` on PostgreSQL, and the site and token commands on it, with real
 * processes (packages/relay/dist/main.js) against a schema of their own.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { CliRelay, runCli } from '../test/support/cli.js';
import { cliSupportAddressSuite } from '../test/support/cli-support-address-suite.js';
import { tempDir } from '../test/support/temp.js';
import { TestSchemas } from './support/postgres.js';

const schemas = new TestSchemas('parley_cli');
after(() => schemas.dropAll());

describe('parley-relay on PostgreSQL', () => {
  it('migrates as a step of its own: skip refuses a schema that is behind (exit 78), migrate applies it once, skip then starts', async () => {
    const schema = await schemas.create();
    const env = {
      PARLEY_STORE: 'postgres',
      PARLEY_DATABASE_URL: schema.connectionString,
      PARLEY_DATA_DIR: tempDir('parley-cli-pg-'),
      PARLEY_MIGRATE: 'skip',
    };
    const refused = await runCli(['start'], env);
    assert.equal(refused.code, 78, refused.stderr);
    assert.match(refused.stderr, /schema is v0.*PARLEY_MIGRATE=skip.*parley-relay migrate/s);
    assert.deepEqual(
      await schema.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = '${schema.name}'`),
      [],
      'skip created no table',
    );

    const migrated = await runCli(['migrate'], env);
    assert.equal(migrated.code, 0, migrated.stderr);
    const version = Number(/from v0 to v(\d+)/.exec(migrated.stdout)?.[1]);
    assert.ok(version >= 1, migrated.stdout);
    const rows = await schema.query<{ n: number }>('SELECT count(*)::int AS n FROM $schema.parley_migrations');
    assert.equal(rows[0]?.n, version);
    assert.match((await runCli(['migrate'], env)).stdout, new RegExp(`up to date \\(v${version}\\)`));

    const relay = await CliRelay.start(env);
    try {
      assert.match(relay.stdout, /setup\s+http:\/\/\S+\/admin#setup=ls_/, 'a first start offers the owner setup link');
      const admin = await runCli(['token', 'create', '--name', 'Ops', '--role', 'admin', '--json'], env);
      assert.equal(admin.code, 0, admin.stderr);
      const adminToken = (JSON.parse(admin.stdout) as { token: string }).token;
      const site = await runCli(['site', 'create', '--name', 'Shop', '--json'], env);
      assert.equal(site.code, 0, site.stderr);
      const { siteKey } = JSON.parse(site.stdout) as { siteKey: string };
      const listed = await fetch(`${relay.httpUrl}/v1/admin/sites`, {
        headers: { authorization: `Bearer ${adminToken}` },
      });
      const body = (await listed.json()) as { items: { siteKey: string }[] };
      assert.ok(body.items.some((item) => item.siteKey === siteKey));
      const token = await runCli(['token', 'create', '--name', 'Ann', '--site', siteKey, '--json'], env);
      assert.equal(token.code, 0, token.stderr);
      const staff = JSON.parse(token.stdout) as { token: string };
      const team = await fetch(`${relay.httpUrl}/v1/admin/conversations`, {
        headers: { authorization: `Bearer ${staff.token}` },
      });
      assert.equal(team.status, 200);
    } finally {
      assert.equal((await relay.stop()).code, 0);
    }
  });
});

cliSupportAddressSuite('PostgreSQL', async () => {
  const { connectionString } = await schemas.create('support');
  return {
    relay: { store: 'postgres', databaseUrl: connectionString },
    env: {
      PARLEY_STORE: 'postgres',
      PARLEY_DATABASE_URL: connectionString,
      PARLEY_DATA_DIR: tempDir('parley-cli-pg-'),
    },
  };
});

/** Support addresses confirmed by the code mailed to them (issue #80) on SQLite; PostgreSQL runs the same suite. */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { rmSync } from 'node:fs';
import Database from 'better-sqlite3';
import { MIGRATIONS } from '../src/features/features.js';
import { SqliteStore } from '../src/store/sqlite-store.js';
import { supportVerificationSuite } from './support/support-verification-suite.js';
import { tempDir } from './support/temp.js';

supportVerificationSuite('SQLite', () => ({}));

describe('support addresses set before confirmation existed (SQLite upgrade)', () => {
  const dir = tempDir('parley-support-upgrade-');
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('keep the default site’s in use, and make every other site’s wait for its code', async () => {
    const path = join(dir, `${randomUUID()}.db`);
    const before = new SqliteStore({
      path,
      migrations: MIGRATIONS.filter((migration) => migration.name !== 'email.support-address-verification'),
    });
    await before.init();
    await before.close();
    const db = new Database(path);
    try {
      db.prepare('INSERT INTO support_addresses (address, site_id, name, created_at) VALUES (?, ?, NULL, ?)').run(
        'help@operator.example',
        'default',
        1000,
      );
      db.prepare('INSERT INTO support_addresses (address, site_id, name, created_at) VALUES (?, ?, NULL, ?)').run(
        'help@claimed.example',
        'site_tenant',
        2000,
      );
    } finally {
      db.close();
    }
    const upgraded = new SqliteStore({ path, migrations: MIGRATIONS });
    await upgraded.init();
    await upgraded.close();
    const rows = new Database(path, { readonly: true });
    try {
      assert.deepEqual(
        rows.prepare('SELECT address, site_id, verified_at, code_hash FROM support_addresses ORDER BY address').all(),
        [
          { address: 'help@claimed.example', site_id: 'site_tenant', verified_at: null, code_hash: null },
          { address: 'help@operator.example', site_id: 'default', verified_at: 1000, code_hash: null },
        ],
      );
    } finally {
      rows.close();
    }
  });
});

import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { SqliteAdminStore } from '../src/store/sqlite-admin-store.js';
import { SqliteStore } from '../src/store/sqlite-store.js';
import { adminStoreContract } from './admin-store-contract.js';

let dir = '';
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'parley-admin-store-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

adminStoreContract('SqliteAdminStore', async () => {
  const path = join(dir, `${randomUUID()}.db`);
  return { store: new SqliteStore({ path }), admin: () => new SqliteAdminStore({ path }) };
});

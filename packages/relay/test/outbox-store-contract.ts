import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { MIGRATIONS } from '../src/features/features.js';
import type { Migration } from '../src/store/migration.js';
import type { AdminDb } from '../src/store/repositories.js';
import { eraseOutbox } from '../src/store/sql/outbox-queries.js';
import type { Store } from '../src/store/store.js';
import { contractSite } from './store-contract.js';

/**
 * Opens a message store (with the migrations given, which it applies when initialised) and the admin side's
 * database, each as many times as asked, over the same fresh storage.
 */
export type OutboxStoreFactory = () => Promise<{
  store: (migrations: readonly Migration[]) => Store;
  admin: () => AdminDb;
}>;

const site = contractSite.id;

/** The cases of the outbox's rows every store must pass, under `describe(name)`: its payloads, written apart. */
export function outboxStoreContract(name: string, make: OutboxStoreFactory): void {
  describe(`${name} (outbox rows contract)`, () => {
    const opened: Array<Store | AdminDb> = [];
    afterEach(async () => {
      for (const item of opened.splice(0).reverse()) await item.close();
    });
    const open = async <T extends Store | AdminDb>(item: T): Promise<T> => {
      opened.push(item);
      if ('init' in item) await item.init();
      return item;
    };
    const count = async (admin: AdminDb, table: 'outbox' | 'outbox_payload'): Promise<number> => {
      const [row] = await admin.sql.all<{ n: number | string }>(`SELECT count(*) AS n FROM ${table}`);
      return Number(row!.n);
    };

    it('writes a payload once, apart from its job, none for a job folded by its dedupe key; a prune or an erasure takes it with its job', async () => {
      const made = await make();
      const store = await open(made.store(MIGRATIONS));
      await store.upsertSite(contractSite);
      const admin = await open(made.admin());
      const { outbox } = admin.repos;
      const text = 'é'.repeat(5000);
      await outbox.enqueueOutbox(
        [
          { kind: 'test', siteId: site, dedupeKey: 'd', conversationId: 'c1', payload: { n: 1, text } },
          { kind: 'test', siteId: site, dedupeKey: 'd', conversationId: 'c1', payload: { n: 2 } },
          { kind: 'test', siteId: site, key: 'k', conversationId: 'c2', payload: { n: 3 } },
        ],
        1000,
      );
      assert.equal(await count(admin, 'outbox'), 2, 'the second was folded into the first');
      assert.equal(await count(admin, 'outbox_payload'), 2, 'and left no payload behind');
      const claimed = await outbox.claimOutbox(['test'], 1000, 61_000, 10);
      assert.deepEqual(
        claimed.map((job) => job.payload),
        [{ n: 1, text }, { n: 3 }],
        'each job claimed with its own payload, as written',
      );

      assert.equal(await outbox.finishOutbox(claimed[0]!.id, 'delivered', 2000, null, null), true);
      assert.equal(await outbox.pruneOutbox(3000, 3000, 10), 1);
      assert.equal(await count(admin, 'outbox'), 1);
      assert.equal(await count(admin, 'outbox_payload'), 1, 'the pruned job’s payload went with it');

      // Pending, under a lease: an erasure takes it all the same.
      await admin.sql.transaction((db) => eraseOutbox(db, ['c2']));
      assert.equal(await count(admin, 'outbox'), 0);
      assert.equal(await count(admin, 'outbox_payload'), 0, 'the erased job’s payload went with it');
    });

    it('keeps the payload of a job written before payloads had a table of their own', async () => {
      const made = await make();
      const before = MIGRATIONS.filter(({ name }) => name !== 'outbox.payloads');
      assert.equal(before.length, MIGRATIONS.length - 1);
      const old = await open(made.store(before));
      await old.upsertSite(contractSite);
      const oldAdmin = await open(made.admin());
      await oldAdmin.sql.run(
        `INSERT INTO outbox (id, kind, site_id, key, payload, status, attempts, due_at, created_at, held)
         VALUES ('ob_before', 'test', ?, 'k', ?, 'pending', 0, 1000, 1000, 0)`,
        [site, JSON.stringify({ n: 1, text: 'written before' })],
      );
      for (const item of opened.splice(0).reverse()) await item.close();

      await open(made.store(MIGRATIONS));
      const admin = await open(made.admin());
      const [job] = await admin.repos.outbox.claimOutbox(['test'], 1000, 61_000, 10);
      assert.equal(job?.id, 'ob_before');
      assert.deepEqual(job.payload, { n: 1, text: 'written before' });
      await assert.rejects(admin.sql.all('SELECT payload FROM outbox'), /payload/, 'the job’s row no longer holds it');
    });
  });
}

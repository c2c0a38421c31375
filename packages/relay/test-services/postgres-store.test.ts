/**
 * PostgresStore against a real PostgreSQL server: `PARLEY_TEST_DATABASE_URL`, by default
 * `postgres://postgres@127.0.0.1:5432/test`. Every store gets its own schema, named after this run, and the
 * schemas are dropped at the end, so runs never see each other's data.
 */
import assert from 'node:assert/strict';
import { after, afterEach, describe, it } from 'node:test';
import { POSTGRES_MIGRATIONS } from '../test/support/numbered-schema.js';
import { PostgresStore } from '../src/store/postgres-store.js';
import { contractInput, contractSite, storeContract } from '../test/store-contract.js';
import { TestSchemas } from './support/postgres.js';
import { MIGRATIONS } from '../src/features/features.js';

const schemas = new TestSchemas('parley_test');
after(() => schemas.dropAll());

storeContract(
  'PostgresStore',
  async (reuseKey) =>
    new PostgresStore({ connectionString: (await schemas.create(reuseKey)).connectionString, migrations: MIGRATIONS }),
);

describe('PostgresStore', () => {
  const opened: PostgresStore[] = [];
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((store) => store.close()));
  });

  /** Two stores (two pools, as two relays would have) over one fresh schema, initialised together. */
  async function twoRelays() {
    const schema = await schemas.create();
    const { connectionString } = schema;
    const [a, b] = [
      new PostgresStore({ connectionString, migrations: MIGRATIONS }),
      new PostgresStore({ connectionString, migrations: MIGRATIONS }),
    ];
    opened.push(a, b);
    await Promise.all([a.init(), b.init()]);
    await a.upsertSite(contractSite);
    return { a, b, schema };
  }

  it('keeps its tables in the schema named by the search path', async () => {
    const { schema } = await twoRelays();
    const rows = await schema.query('SELECT id FROM $schema.sites');
    assert.deepEqual(rows, [{ id: contractSite.id }]);
    const publicRows = await schema.query(
      `SELECT 1 FROM information_schema.tables WHERE table_schema = 'public' AND table_name = 'parley_migrations'`,
    );
    assert.equal(publicRows.length, 0, 'nothing is created in public');
  });

  it('migrates once when two relays run init() at the same time', async () => {
    const schema = await schemas.create();
    const { connectionString } = schema;
    const stores = Array.from({ length: 4 }, () => new PostgresStore({ connectionString, migrations: MIGRATIONS }));
    opened.push(...stores);
    const results = await Promise.allSettled(stores.map((store) => store.init()));
    assert.deepEqual(
      results.map((r) => r.status),
      ['fulfilled', 'fulfilled', 'fulfilled', 'fulfilled'],
    );
    const rows = await schema.query<{ version: number }>(
      'SELECT version FROM $schema.parley_migrations ORDER BY version',
    );
    assert.deepEqual(
      rows.map((r) => r.version),
      POSTGRES_MIGRATIONS.map((_, i) => i + 1),
    );
  });

  for (const existing of [false, true]) {
    it(`numbers 2 × 200 concurrent appends from two relays to one ${existing ? 'existing' : 'new'} conversation gap-free`, async () => {
      const { a, b } = await twoRelays();
      if (existing) await a.append(contractInput({ clientId: 'seed' }));
      const first = existing ? 2 : 1;
      const send = (store: PostgresStore, prefix: string) =>
        Array.from({ length: 200 }, (_, i) => store.append(contractInput({ clientId: `${prefix}${i}` })));
      const results = await Promise.all([...send(a, 'a'), ...send(b, 'b')]);

      const seqs = results.map((r) => r.message.seq).sort((x, y) => x - y);
      assert.deepEqual(
        seqs,
        Array.from({ length: 400 }, (_, i) => i + first),
      );
      assert.equal(new Set(results.map((r) => r.message.id)).size, 400);
      assert.ok(results.every((r) => !r.duplicate));
      assert.equal((await b.getConversation('conv_1'))?.lastSeq, 399 + first);
      assert.deepEqual(
        (await a.messagesAfter('conv_1', first - 1, 1000)).map((m) => m.seq),
        seqs,
      );
    });
  }

  it('numbers appends from two relays that create many conversations at once without deadlocking', async () => {
    const { a, b } = await twoRelays();
    // Each relay touches the conversations in the opposite order.
    const send = (store: PostgresStore, order: number[]) =>
      order.map((c, i) =>
        store.append(
          contractInput({ clientId: `${store === a ? 'a' : 'b'}${i}`, conversationId: `c${c}`, visitorId: `v${c}` }),
        ),
      );
    const forward = Array.from({ length: 100 }, (_, i) => i % 20);
    const results = await Promise.all([...send(a, forward), ...send(b, [...forward].reverse())]);
    for (let c = 0; c < 20; c++) {
      const seqs = results
        .filter((r) => r.message.conversationId === `c${c}`)
        .map((r) => r.message.seq)
        .sort((x, y) => x - y);
      assert.deepEqual(
        seqs,
        Array.from({ length: 10 }, (_, i) => i + 1),
        `conversation c${c}`,
      );
    }
  });

  it('stores a client id sent through both relays at the same moment once', async () => {
    const { a, b } = await twoRelays();
    await a.append(contractInput({ clientId: 'seed' }));
    for (let round = 0; round < 20; round++) {
      const input = contractInput({ clientId: `both-${round}` });
      const [fromA, fromB] = await Promise.all([a.append(input), b.append(input)]);
      assert.deepEqual(fromA.message, fromB.message);
      assert.deepEqual([fromA.duplicate, fromB.duplicate].sort(), [false, true]);
    }
    const stored = await a.messagesAfter('conv_1', 0, 100);
    assert.equal(stored.length, 21);
    assert.deepEqual(
      stored.map((m) => m.seq),
      Array.from({ length: 21 }, (_, i) => i + 1),
    );
  });

  it('rejects a whole batch when its transaction cannot commit, and stores none of it', async () => {
    const { a: store, schema } = await twoRelays();
    await store.append(contractInput({ clientId: 'seed' }));
    // Make every further insert into messages fail, as a full disk or a lost connection would.
    await schema.query('ALTER TABLE $schema.messages ADD CONSTRAINT no_more CHECK (seq < 2) NOT VALID');
    const results = await Promise.allSettled(
      Array.from({ length: 5 }, (_, i) => store.append(contractInput({ clientId: `m${i}` }))),
    );
    assert.ok(results.every((r) => r.status === 'rejected'));
    assert.equal((await store.getConversation('conv_1'))?.lastSeq, 1);

    await schema.query('ALTER TABLE $schema.messages DROP CONSTRAINT no_more');
    const retried = await Promise.all(
      Array.from({ length: 5 }, (_, i) => store.append(contractInput({ clientId: `m${i}` }))),
    );
    assert.deepEqual(
      retried.map((r) => r.message.seq),
      [2, 3, 4, 5, 6],
    );
  });
});

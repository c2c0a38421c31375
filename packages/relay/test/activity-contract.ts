import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { afterEach, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Store } from '../src/store/store.js';
import { contractInput, contractSite } from './store-contract.js';
import { TS_NODE_ARGS } from './support/ts-process.js';
import { until } from './support/until.js';

/** A store with its activity-write counters, as both stores have them. */
export type CoalescingStore = Store & {
  readonly activityStats: { readonly batched: number; readonly trailing: number };
  flushActivity(): Promise<void>;
};

/** What {@link activityContract} opens, per test: a store over storage kept under `key`, and reads beside it. */
export interface ActivityStorage {
  /** A store (not yet initialised) over the storage kept under this key; the same storage on every call. */
  open(activityIntervalMs?: number): CoalescingStore;
  /**
   * Installs, beside the store (its own connection), a count of the writes that change a conversation's activity
   * time: a trigger on `conversations`, so every writer is counted, not what the store says of itself.
   */
  countActivityWrites(): Promise<() => Promise<number>>;
  updatedAt(conversationId: string): Promise<number>;
  /** Arguments of `fixtures/activity-burst-child.ts` for this storage. */
  readonly childArgs: readonly string[];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The activity time's coalescing (issue #87, decision 1), the same on both stores: `make()` gives fresh storage per
 * test.
 */
export function activityContract(name: string, make: () => Promise<ActivityStorage>): void {
  describe(`${name}: a conversation's activity time at most once a second`, () => {
    const opened: Store[] = [];
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((store) => store.close()));
    });

    async function start(storage: ActivityStorage, intervalMs?: number): Promise<CoalescingStore> {
      const store = storage.open(intervalMs);
      opened.push(store);
      await store.init();
      await store.upsertSite(contractSite);
      return store;
    }

    it('writes a burst of 100 messages in a second at most twice, the last message’s time winning', async () => {
      const storage = await make();
      const store = await start(storage);
      const first = await store.append(contractInput({ clientId: 'c-0' }));
      // The conversation's creation wrote its time; the burst begins once that is a second old.
      await sleep(1100 - (Date.now() - first.message.ts));
      const writes = await storage.countActivityWrites();
      const began = Date.now();
      // Ten commits of ten, 50 ms apart: not each after the last's commit (a commit's fsync can take longer).
      const burst: Array<ReturnType<Store['append']>> = [];
      for (let i = 1; i <= 100; i++) {
        burst.push(store.append(contractInput({ clientId: `c-${i}` })));
        if (i % 10 === 0 && i < 100) await sleep(50);
      }
      const stored = await Promise.all(burst);
      const last = stored.at(-1)!;
      assert.equal(last.message.seq, 101);
      const span = last.message.ts - began;
      assert.ok(span < 1000, `the burst took ${span} ms`);
      // During the burst the list's time is never more than a second behind.
      assert.ok((await storage.updatedAt('conv_1')) >= last.message.ts - 1000);
      await until(async () => (await storage.updatedAt('conv_1')) === last.message.ts, 'the trailing write', {
        timeoutMs: 3000,
      });
      await sleep(1100);
      const count = await writes();
      assert.ok(count <= 2, `${count} writes of the activity time for 100 messages`);
      assert.equal(count, 2, 'the first message’s, then the last’s');
      assert.deepEqual(store.activityStats, { batched: 1, trailing: 1 });
    });

    it('writes every message’s time when messages are a second apart', async () => {
      const storage = await make();
      const store = await start(storage, 200);
      await store.append(contractInput({ clientId: 'd-0' }));
      const writes = await storage.countActivityWrites();
      for (let i = 1; i <= 3; i++) {
        await sleep(250);
        const { message } = await store.append(contractInput({ clientId: `d-${i}` }));
        assert.equal(await storage.updatedAt('conv_1'), message.ts, 'written by the message’s own commit');
      }
      assert.equal(await writes(), 3);
      assert.equal(store.activityStats.trailing, 0);
    });

    it('orders the list by the last message once the interval has passed', async () => {
      const storage = await make();
      const store = await start(storage);
      await store.append(contractInput({ clientId: 'a-0', conversationId: 'conv_a' }));
      await store.append(contractInput({ clientId: 'b-0', conversationId: 'conv_b', visitorId: 'visitor_2' }));
      await sleep(20);
      // Within a second of its creation: conv_a's time is left for the trailing write.
      const { message } = await store.append(contractInput({ clientId: 'a-1', conversationId: 'conv_a' }));
      assert.ok((await storage.updatedAt('conv_a')) < message.ts);
      await until(async () => (await storage.updatedAt('conv_a')) === message.ts, 'the trailing write', {
        timeoutMs: 3000,
      });
      assert.ok((await storage.updatedAt('conv_a')) > (await storage.updatedAt('conv_b')));
    });

    it('writes a pending time while other conversations keep the commits busy', async () => {
      const storage = await make();
      const store = await start(storage);
      await store.append(contractInput({ clientId: 'p-0', conversationId: 'conv_p' }));
      const { message } = await store.append(contractInput({ clientId: 'p-1', conversationId: 'conv_p' }));
      assert.ok((await storage.updatedAt('conv_p')) < message.ts);
      // Another conversation commits every 50 ms meanwhile (on SQLite the first of its commits after the second, or the
      // timer, whichever comes first, writes the pending time).
      for (let i = 0; Date.now() - message.ts < 1300; i++) {
        await store.append(contractInput({ clientId: `q-${i}`, conversationId: 'conv_q', visitorId: 'visitor_q' }));
        await sleep(50);
      }
      assert.equal(await storage.updatedAt('conv_p'), message.ts);
      assert.ok(store.activityStats.trailing >= 1);
    });

    it('writes what is pending when it closes', async () => {
      const storage = await make();
      const store = await start(storage);
      await store.append(contractInput({ clientId: 'e-0' }));
      const { message } = await store.append(contractInput({ clientId: 'e-1' }));
      await store.close();
      assert.equal(await storage.updatedAt('conv_1'), message.ts);
    });

    it('puts right, when it opens, the activity a process killed before its trailing write left behind', async () => {
      const storage = await make();
      const fixture = fileURLToPath(new URL('./fixtures/activity-burst-child.ts', import.meta.url));
      const child = spawn(process.execPath, [...TS_NODE_ARGS, fixture, ...storage.childArgs], {
        cwd: fileURLToPath(new URL('..', import.meta.url)),
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      const exited = new Promise<NodeJS.Signals | null>((resolve) =>
        child.on('exit', (_code, signal) => resolve(signal)),
      );
      const lines: string[] = [];
      for await (const line of createInterface({ input: child.stdout })) lines.push(line);
      assert.equal(await exited, 'SIGKILL');
      const lastTs = Number(lines.at(-1));
      assert.ok(lastTs > 0, `the child printed ${lines.join(', ')}`);
      assert.ok((await storage.updatedAt('conv_1')) < lastTs, 'killed with the last time unwritten');
      await start(storage);
      assert.equal(await storage.updatedAt('conv_1'), lastTs, 'the last message’s time, after the start');
    });
  });
}

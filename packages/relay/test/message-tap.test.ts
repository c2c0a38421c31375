/**
 * The message log's tap (ADR 0041): the consumers take the messages this relay's store has just committed from
 * memory, while the log still says which come next; a message the tap does not hold is read from its row, one erased
 * between the two reads is passed over, and the tap keeps nothing no active reader still needs.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Message } from '@parley/protocol';
import { createLogger } from '../src/log.js';
import { LogConsumer } from '../src/message-log/log-consumer.js';
import { readLog, type LoggedMessage } from '../src/message-log/message-log-queries.js';
import { MessageTap, type TapReader } from '../src/message-log/message-tap.js';
import type { AdminDb } from '../src/store/repositories.js';
import type { SqlDb } from '../src/store/sql/sql-db.js';
import type { SqliteStore } from '../src/store/sqlite-store.js';
import { openSqliteSite } from './support/sqlite-site.js';

const message = (id: number): { siteId: string; message: Message } => ({
  siteId: 'site_1',
  message: {
    id: String(id),
    clientId: `c${id}`,
    conversationId: 'c_1',
    seq: id,
    ts: 1,
    author: { role: 'visitor', id: 'v1' },
    text: `m${id}`,
    kind: 'text',
  },
});

describe('message tap', () => {
  function reader(active: boolean, handled: number | undefined): TapReader & { active: () => boolean } {
    const state = { active, handled };
    return Object.assign(state, { active: () => state.active, handledThrough: () => state.handled });
  }

  it('is told of commits only while a reader is active, and lets go of what it held once none is', () => {
    const tap = new MessageTap();
    assert.equal(tap.active(), false, 'no reader');
    const reader = { active: false, handled: undefined as number | undefined };
    tap.attach({ active: () => reader.active, handledThrough: () => reader.handled });
    assert.equal(tap.active(), false, 'a reader with nothing to do');
    reader.active = true;
    assert.equal(tap.active(), true);
    tap.committed([message(3), message(4)]);
    assert.deepEqual([tap.get(3)?.message.text, tap.get(4)?.message.text], ['m3', 'm4']);
    reader.active = false;
    assert.equal(tap.active(), false);
    assert.equal(tap.size, 0, 'what it held goes once no reader is active');
  });

  it('lets go of what every active reader has handled, and of nothing a reader that has not read yet needs', () => {
    const tap = new MessageTap();
    const first = { handled: 2 as number | undefined };
    const second = { handled: undefined as number | undefined };
    const asleep = { handled: 0 };
    tap.attach({ active: () => true, handledThrough: () => first.handled });
    const detach = tap.attach({ active: () => true, handledThrough: () => second.handled });
    tap.attach({ active: () => false, handledThrough: () => asleep.handled });
    tap.committed([1, 2, 3, 4, 5].map(message));
    tap.release();
    assert.equal(tap.size, 5, 'the second reader has not read yet');
    second.handled = 4;
    tap.release();
    assert.deepEqual([tap.get(2), tap.get(3)?.message.id], [undefined, '3'], 'through the lower of the two');
    detach();
    assert.deepEqual([tap.get(3)?.message.id, tap.get(4)?.message.id], ['3', '4'], 'the first has handled 2 only');
    first.handled = 5;
    tap.release();
    assert.equal(tap.size, 0);
  });

  it('holds at most 16,384 messages, letting the oldest go', () => {
    const tap = new MessageTap();
    tap.attach(reader(true, undefined));
    for (let id = 1; id <= 17_000; id += 1000)
      tap.committed(Array.from({ length: Math.min(1000, 17_001 - id) }, (_, i) => message(id + i)));
    assert.equal(tap.size, 16_384);
    assert.equal(tap.get(616), undefined);
    assert.equal(tap.get(617)?.message.id, '617');
    assert.equal(tap.get(17_000)?.message.id, '17000');
  });

  it('keeps the later of two held messages whose ids share a place, and lets each go in commit order', () => {
    // On PostgreSQL a relay's commits are not in id order and other relays' ids lie between them.
    const tap = new MessageTap();
    const state = { handled: undefined as number | undefined };
    tap.attach({ active: () => true, handledThrough: () => state.handled });
    tap.committed([message(40_000), message(7_232), message(39_999)]);
    assert.equal(tap.get(7_232)?.message.id, '7232', 'the later of 7,232 and 40,000 (32,768 apart)');
    assert.equal(tap.get(40_000), undefined, 'the earlier is read from its row');
    assert.equal(tap.get(39_999)?.message.id, '39999');
    assert.equal(tap.size, 2);
    state.handled = 40_000;
    tap.release();
    assert.equal(tap.size, 0, 'released through 40,000 in commit order: the ring head is 40,000');
    tap.committed([message(40_001)]);
    assert.equal(tap.get(40_001)?.message.id, '40001', 'the ring goes on after emptying');
    state.handled = 10_000;
    tap.release();
    assert.equal(tap.get(40_001)?.message.id, '40001', 'not handled yet');
    const odd = message(1);
    tap.committed([{ ...odd, message: { ...odd.message, id: 'm_1' } }]);
    assert.equal(tap.size, 1, 'an id that is not a whole number is not held');
  });

  it('stops releasing at the first message in commit order not handled yet (never late)', () => {
    const tap = new MessageTap();
    const state = { handled: undefined as number | undefined };
    tap.attach({ active: () => true, handledThrough: () => state.handled });
    tap.committed([5, 9, 6, 7].map(message));
    state.handled = 6;
    tap.release();
    assert.deepEqual(
      [5, 9, 6, 7].map((id) => tap.get(id)?.message.id),
      [undefined, '9', '6', '7'],
      '9 was committed before 6: both stay until 9 is handled',
    );
    state.handled = 9;
    tap.release();
    assert.equal(tap.size, 0);
  });
});

describe('message log consumer with a tap, on SQLite', () => {
  let store: SqliteStore;
  let admin: AdminDb;
  let close: () => Promise<void>;
  let sent = 0;

  before(async () => {
    ({ store, admin, close } = await openSqliteSite('parley-message-tap-', 'pk_message_tap'));
  });
  after(() => close());

  async function append(count: number, conversationId = 'c_tap'): Promise<Message[]> {
    const stored: Message[] = [];
    for (let i = 0; i < count; i++) {
      const text = `t${++sent}`;
      const result = await store.append({
        siteId: 'site_1',
        conversationId,
        visitorId: 'v1',
        clientId: text,
        author: { role: 'visitor', id: 'v1', name: 'Ada' },
        text,
        kind: 'text',
        // Stored in the row's extra column: read back, it must come out as the tap holds it.
        extra: { buttons: [{ id: 'b', label: 'B' }] },
      });
      stored.push(result.message);
    }
    return stored;
  }

  function consumer(name: string, handled: LoggedMessage[], db: SqlDb = admin.sql): LogConsumer {
    return new LogConsumer({
      name,
      db,
      log: createLogger('silent'),
      pollMs: 60_000,
      gapMs: 0,
      batchSize: 3,
      handle: async (batch) => void handled.push(...batch),
    });
  }

  it('hands the very messages the store committed, equal to their rows, in the log’s order; the rest from rows', async () => {
    const tap = new MessageTap();
    store.setCommittedListener(tap);
    try {
      const handled: LoggedMessage[] = [];
      const reader = consumer('tap-order', handled);
      reader.useTap(tap);
      reader.start();
      await reader.drain();
      // Committed while the tap was not filling (no active reader held it): read from their rows.
      reader.useTap(new MessageTap());
      const before = await append(2);
      reader.useTap(tap);
      const stored = await append(5);
      await reader.drain();
      await reader.stop();
      assert.deepEqual(
        handled.map(({ message }) => message.text),
        [...before, ...stored].map(({ text }) => text),
      );
      for (const [i, { message }] of handled.slice(2).entries())
        assert.equal(message, stored[i], `message ${i}: the committed object, not a copy`);
      for (const [i, { message }] of handled.slice(0, 2).entries()) assert.notEqual(message, before[i]);
      const rows = await readLog(admin.sql, { txid: '0', id: Number(before[0]!.id) - 1 }, 10);
      assert.equal(
        JSON.stringify(handled),
        JSON.stringify(rows),
        'what the tap gave is what reading the log gives, key for key',
      );
      assert.equal(tap.size, 0, 'let go once handled');
    } finally {
      store.setCommittedListener(undefined);
    }
  });

  it('lists the next ids on the store’s own connection (SQLite), asking the admin connection for none', async () => {
    const listed: string[] = [];
    const db = new Proxy(admin.sql, {
      get: (target, key) => {
        const value: unknown = Reflect.get(target, key);
        if (key === 'all')
          return <T>(sql: string, params?: Parameters<SqlDb['all']>[1]): Promise<T[]> => {
            if (sql.startsWith('SELECT id FROM messages')) listed.push(sql);
            return target.all<T>(sql, params);
          };
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const tap = new MessageTap(store.messageIdsAfter.bind(store));
    store.setCommittedListener(tap);
    try {
      const handled: LoggedMessage[] = [];
      const reader = consumer('tap-store-ids', handled, db);
      reader.useTap(tap);
      reader.start();
      await reader.drain();
      // Committed while the tap was not filling: listed by the store all the same, read from their rows.
      reader.useTap(new MessageTap(store.messageIdsAfter.bind(store)));
      const before = await append(2, 'c_store_ids');
      reader.useTap(tap);
      const stored = await append(7, 'c_store_ids');
      await reader.drain();
      await reader.stop();
      assert.deepEqual(
        handled.map(({ message }) => message.text),
        [...before, ...stored].map(({ text }) => text),
        'every message once, in the log’s order, over batches of 3',
      );
      assert.deepEqual(listed, [], 'no id listed through the admin connection');
      const first = Number(before[0]!.id);
      assert.deepEqual(store.messageIdsAfter(first, 3), [first + 1, first + 2, first + 3]);
      assert.deepEqual(store.messageIdsAfter(Number(stored[6]!.id), 3), []);
    } finally {
      store.setCommittedListener(undefined);
    }
  });

  it('passes over a message erased between listing and reading, and moves past it', async () => {
    const handled: LoggedMessage[] = [];
    let victim: number | undefined;
    // The admin database, erasing the victim right after the log listed it.
    const all = async <T>(sql: string, params?: Parameters<SqlDb['all']>[1]): Promise<T[]> => {
      const rows = await admin.sql.all<T>(sql, params);
      if (victim !== undefined && sql.startsWith('SELECT id FROM messages WHERE id >')) {
        await admin.sql.run('DELETE FROM messages WHERE id = ?', [victim]);
        victim = undefined;
      }
      return rows;
    };
    const db = new Proxy(admin.sql, {
      get: (target, key) => {
        if (key === 'all') return all;
        const value: unknown = Reflect.get(target, key);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const reader = consumer('tap-erased', handled, db);
    reader.useTap(new MessageTap()); // holds nothing: every row is read
    reader.start();
    await reader.drain();
    const stored = await append(3, 'c_erased');
    victim = Number(stored[1]!.id);
    await reader.drain();
    const more = await append(1, 'c_erased');
    await reader.drain();
    await reader.stop();
    assert.deepEqual(
      handled.map(({ message }) => message.text),
      [stored[0]!.text, stored[2]!.text, more[0]!.text],
    );
  });
});

/**
 * The message log's cursor on SQLite (ADR 0023): its place is written at most every `saveMs` while batches are
 * handled (each write by another connection makes the message store forget what it remembers), and always on stop,
 * on drain and at a lease's renewal; a relay that dies between writes hands the unwritten batches again, never
 * skips one.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createLogger } from '../src/log.js';
import { LogConsumer, type LogConsumerOptions } from '../src/message-log/log-consumer.js';
import type { AdminDb } from '../src/store/repositories.js';
import type { SqliteStore } from '../src/store/sqlite-store.js';
import { openSqliteSite } from './support/sqlite-site.js';
import { until } from './support/until.js';

describe('message log: the cursor’s writes', () => {
  let store: SqliteStore;
  let admin: AdminDb;
  let close: () => Promise<void>;
  let sent = 0;

  before(async () => {
    ({ store, admin, close } = await openSqliteSite('parley-log-consumer-', 'pk_log_consumer'));
  });
  after(() => close());

  /** Stores `count` messages, each in a commit of its own. */
  async function append(count: number): Promise<string[]> {
    const texts: string[] = [];
    for (let i = 0; i < count; i++) {
      const text = `m${++sent}`;
      await store.append({
        siteId: 'site_1',
        conversationId: 'c_log',
        visitorId: 'v1',
        clientId: text,
        author: { role: 'visitor', id: 'v1' },
        text,
        kind: 'text',
      });
      texts.push(text);
    }
    return texts;
  }

  const written = async (name: string): Promise<number> => {
    const [row] = await admin.sql.all<{ message_id: number }>('SELECT message_id FROM log_cursors WHERE name = ?', [
      name,
    ]);
    return Number(row?.message_id ?? -1);
  };
  const lastId = async (): Promise<number> => {
    const [row] = await admin.sql.all<{ id: number }>('SELECT max(id) AS id FROM messages');
    return Number(row!.id);
  };

  /** Nudges `reader` (as the relay does after each commit) until it has handled `count`. */
  async function handledAll(reader: LogConsumer, handled: readonly string[], count: number): Promise<void> {
    const until = Date.now() + 5_000;
    while (handled.length < count && Date.now() < until) {
      reader.nudge();
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  function consumer(name: string, handled: string[], options: Partial<LogConsumerOptions> = {}): LogConsumer {
    return new LogConsumer({
      name,
      db: admin.sql,
      log: createLogger('silent'),
      pollMs: 60_000,
      gapMs: 0,
      batchSize: 4,
      handle: async (batch) => void handled.push(...batch.map(({ message }) => message.text)),
      ...options,
    });
  }

  it('writes the place handled at most every saveMs, and on drain', async () => {
    const handled: string[] = [];
    const reader = consumer('every-second', handled, { saveMs: 60_000 });
    await reader.drain(); // the cursor is made at the log's end
    const start = await written('every-second');
    assert.equal(start, await lastId());
    reader.start();
    try {
      // Ten batches of four: the first is written (nothing was for saveMs), the rest are held in memory.
      const texts = await append(40);
      await handledAll(reader, handled, texts.length);
      assert.deepEqual(handled, texts, 'each message once, in order');
      const mid = await written('every-second');
      assert.ok(mid > start && mid < (await lastId()), `written once early (${mid}), not after every batch`);
      await reader.drain();
      assert.equal(await written('every-second'), await lastId(), 'drain writes what was handled');
    } finally {
      await reader.stop();
    }
  });

  it('writes the place on stop, so the next relay starts after it', async () => {
    const handled: string[] = [];
    const first = consumer('on-stop', handled, { saveMs: 60_000 });
    await first.drain();
    first.start();
    const texts = await append(9);
    await handledAll(first, handled, texts.length);
    await first.stop();
    assert.equal(await written('on-stop'), await lastId());

    const again: string[] = [];
    const second = consumer('on-stop', again, { saveMs: 60_000 });
    const more = await append(2);
    await second.drain();
    await second.stop();
    assert.deepEqual(again, more, 'only what came after');
  });

  it('stops after the batch under way, leaving a backlog to the next start, from the place written', async () => {
    const handled: string[] = [];
    let stopping: Promise<void> | undefined;
    const first: LogConsumer = consumer('backlog', handled, {
      saveMs: 60_000,
      // The relay stops while its first batch is handled: the other 5 of the backlog's batches are not read.
      handle: async (batch) => {
        handled.push(...batch.map(({ message }) => message.text));
        stopping ??= first.stop();
      },
    });
    await first.drain();
    const texts = await append(24);
    first.start();
    await until(() => stopping !== undefined, 'the first batch');
    await stopping;
    assert.deepEqual(handled, texts.slice(0, 4), 'one batch of 4, not the whole backlog');
    const rest: string[] = [];
    const second = consumer('backlog', rest);
    await second.drain();
    await second.stop();
    assert.deepEqual(rest, texts.slice(4), 'the next start takes the rest, none skipped');
  });

  it('hands what was not written again after a relay dies between writes: none is skipped', async () => {
    const handled: string[] = [];
    const dying = consumer('dies', handled, { saveMs: 60_000 });
    await dying.drain();
    dying.start();
    const texts = await append(12);
    await handledAll(dying, handled, texts.length);
    assert.deepEqual(handled, texts);
    const place = await written('dies');
    assert.ok(place < (await lastId()), 'some handled batches were not written yet');
    // The relay dies: no stop (its timers would only read; the test ends it after). SQLite's lease is the data
    // dir's: the next relay takes it at once.
    const next: string[] = [];
    const successor = consumer('dies', next, { saveMs: 60_000 });
    try {
      await successor.drain();
      const [first] = await admin.sql.all<{ text: string }>('SELECT text FROM messages WHERE id = ?', [place + 1]);
      assert.equal(next[0], first!.text, 'the successor starts right after the written place');
      assert.deepEqual(next, texts.slice(texts.indexOf(next[0]!)), 'and hands every message after it');
    } finally {
      await successor.stop();
      await dying.stop();
    }
  });

  it('follows the log’s end while it has nothing to do, writing its place with the lease and on stop, not per poll', async () => {
    const handled: string[] = [];
    let wanted = false;
    const idle = consumer('idle', handled, { wanted: () => wanted, pollMs: 5 });
    await idle.drain();
    const place = await written('idle');
    idle.start();
    const before = await append(3);
    // Several polls, each following the end in memory.
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(await written('idle'), place, 'no write while the lease is fresh');
    assert.deepEqual(handled, []);
    wanted = true;
    const texts = await append(2);
    await handledAll(idle, handled, 2);
    assert.deepEqual(handled, texts, 'only what came once it had something to do, none of ' + before.join());
    await idle.stop();
    assert.equal(await written('idle'), await lastId(), 'written on stop');
  });
});

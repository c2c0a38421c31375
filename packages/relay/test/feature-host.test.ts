/**
 * The feature frame drives a feature's readers of the message log (`logConsumers`): nudged after each stored
 * message, started once the feature has started, stopped after it has stopped. Real parts: a SQLite store and the
 * admin side's connection to it in a folder of the test's own.
 */
import assert from 'node:assert/strict';
import type { Message } from '@parley/protocol';
import { after, before, describe, it } from 'node:test';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { AdminServices } from '../src/admin/admin-services.js';
import type { ChatCore } from '../src/core/chat-core.js';
import { defineFeature, type FeatureContext } from '../src/features/feature.js';
import { FeatureHost } from '../src/features/feature-host.js';
import { createLogger } from '../src/log.js';
import { LogConsumer } from '../src/message-log/log-consumer.js';
import type { AdminDb } from '../src/store/repositories.js';
import type { SqliteStore } from '../src/store/sqlite-store.js';
import { openSqliteSite } from './support/sqlite-site.js';
import { until } from './support/until.js';

describe('feature frame: readers of the message log', () => {
  const log = createLogger('silent');
  let store: SqliteStore;
  let admin: AdminDb;
  let close: () => Promise<void>;

  before(async () => {
    ({ store, admin, close } = await openSqliteSite('parley-feature-host-', 'pk_feature_host'));
  });
  after(() => close());

  const say = (n: number) =>
    store.append({
      siteId: 'site_1',
      conversationId: 'conv_1',
      visitorId: 'visitor_1',
      clientId: `m${n}`,
      author: { role: 'visitor', id: 'visitor_1' },
      text: `message ${n}`,
      kind: 'text',
    });

  it('nudges the consumer after each stored message, starting it after the feature and stopping it after', async () => {
    const events: string[] = [];
    const texts: string[] = [];
    const handled: Message[] = [];
    let started = false;
    const consumer = new LogConsumer({
      name: 'frame-test',
      db: admin.sql,
      log,
      // Polling out of the picture: what is read comes from the start and the nudges.
      pollMs: 60_000,
      handle: async (batch) => {
        events.push(started ? 'read after start' : 'read before start');
        texts.push(...batch.map(({ message }) => message.text));
        handled.push(...batch.map(({ message }) => message));
      },
    });
    const feature = defineFeature({
      name: 'frame-test',
      create: () => ({
        logConsumers: [consumer],
        start: () => {
          started = true;
          events.push('feature started');
        },
        stop: () => {
          events.push('feature stopped');
        },
      }),
    });
    const stored: Array<() => void> = [];
    const core = { store, onMessageStored: (listener: () => void) => stored.push(listener) } as unknown as ChatCore;
    const host = new FeatureHost([feature], log);
    await host.create({} as Omit<FeatureContext, 'use'>);
    host.attach(core, {} as AdminServices);
    assert.equal(stored.length, 1, 'one listener for the one consumer');

    // Made at the log's end when first leased: what is stored before the consumer starts is not its to read.
    await host.start();
    assert.deepEqual(events, ['feature started']);
    // Its first read (the lease, which places it at the log's end) is on a timer: done before anything is stored.
    await consumer.drain();
    const said = [(await say(1)).message, (await say(2)).message];
    for (const listener of stored) listener();
    await until(() => texts.length === 2, 'the nudged read');
    assert.deepEqual(texts, ['message 1', 'message 2']);
    // Given the store's tap (ADR 0041): the messages the store committed, not copies read back.
    assert.ok(handled.every((message, i) => message === said[i]));
    assert.ok(events.every((event) => event !== 'read before start'));

    await host.stop();
    assert.equal(events.at(-1), 'feature stopped');
    // Stopped: a nudge reads nothing more.
    await say(3);
    for (const listener of stored) listener();
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.deepEqual(texts, ['message 1', 'message 2']);
  });
});

/**
 * A feature whose preload notes `<name> preload` in `events` and stays pending until `finish` is called (and whose
 * `listening`, with `listening: true`, notes `<name> listening`).
 */
function pendingPreload(name: string, events: string[], options: { listening?: boolean } = {}) {
  let finish: () => void = () => undefined;
  const feature = defineFeature({
    name: `${name}-preload`,
    create: () => ({
      ...(options.listening ? { listening: () => void events.push(`${name} listening`) } : {}),
      preload: () =>
        new Promise<void>((resolve) => {
          events.push(`${name} preload`);
          finish = resolve;
        }),
    }),
  });
  return { feature, finish: () => finish() };
}

/** A few turns of the event loop, in which a preload that was going to begin would have. */
async function someTurns(): Promise<void> {
  for (let turn = 0; turn < 5; turn++) await nextTurn();
}

describe('feature frame: preloads', () => {
  it('runs the preloads once the relay listens, one at a time without waiting for them, and logs one that fails', async () => {
    const lines: string[] = [];
    const events: string[] = [];
    const slow = pendingPreload('slow', events, { listening: true });
    const failing = defineFeature({
      name: 'failing-preload',
      create: () => ({
        listening: () => void events.push('failing listening'),
        preload: async () => {
          events.push('failing preload');
          throw new Error('no such module');
        },
      }),
    });
    const last = defineFeature({
      name: 'last-preload',
      create: () => ({ preload: async () => void events.push('last preload') }),
    });
    const host = new FeatureHost(
      [slow.feature, failing, last],
      createLogger('warn', (line) => lines.push(line)),
    );
    await host.create({} as Omit<FeatureContext, 'use'>);
    // Resolves before any preload begins: nothing waits for a preload.
    await host.listening();
    assert.deepEqual(events, ['slow listening', 'failing listening']);
    await until(() => events.length === 3, 'the first preload begun');
    assert.equal(events[2], 'slow preload');
    // The next one waits for the slow one to settle (a few turns of the loop later, it has still not begun).
    await someTurns();
    assert.deepEqual(events.slice(2), ['slow preload']);
    slow.finish();
    await until(() => events.length === 5, 'the rest begun');
    // A failure is logged and the next preload still runs.
    assert.deepEqual(events.slice(3), ['failing preload', 'last preload']);
    await until(() => lines.length === 1, 'the failed preload logged');
    const warning = JSON.parse(lines[0]!) as Record<string, unknown>;
    assert.equal(warning.level, 'warn');
    assert.equal(warning.feature, 'failing-preload');
    assert.match(String(warning.error), /no such module/);
  });

  it('begins no preload once the relay stops', async () => {
    const events: string[] = [];
    const first = pendingPreload('first', events);
    const second = defineFeature({
      name: 'second-preload',
      create: () => ({ preload: async () => void events.push('second preload') }),
    });
    const host = new FeatureHost(
      [first.feature, second],
      createLogger('warn', () => undefined),
    );
    await host.create({} as Omit<FeatureContext, 'use'>);
    await host.listening();
    await until(() => events.length === 1, 'the first preload begun');
    await host.stop();
    first.finish();
    await someTurns();
    assert.deepEqual(events, ['first preload']);
  });
});

describe('feature frame: what features require', () => {
  const log = createLogger('silent');

  it('refuses a list that lacks a feature one of its features requires, naming both', () => {
    const inbound = defineFeature({ name: 'inbound' });
    const support = defineFeature({ name: 'support', requires: ['inbound'] });
    const originals = defineFeature({ name: 'originals', requires: ['inbound', 'email'] });
    assert.throws(
      () => new FeatureHost([support, originals], log),
      new Error(
        'the features cannot run together: ' +
          'the feature support requires the feature inbound, which is not in the list; ' +
          'the feature originals requires the feature inbound, which is not in the list; ' +
          'the feature originals requires the feature email, which is not in the list',
      ),
    );
    // In any order: `use` finds a feature whenever it is asked, not while being made.
    assert.doesNotThrow(() => new FeatureHost([support, inbound], log));
  });
});

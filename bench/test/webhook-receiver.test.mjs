// The bench's webhook receiver (bench/peers/webhook-receiver.mjs), which (w) and the busy-outbox peers count on:
// after a reset with a prefix it counts only that pass's events and the requests that carry them; each endpoint (a
// path of its own) has its events counted apart.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { freePort, startServer } from '../lib/proc.mjs';

const receiverPath = fileURLToPath(new URL('../peers/webhook-receiver.mjs', import.meta.url));

describe('the bench’s webhook receiver', () => {
  let receiver;
  let base;
  before(async () => {
    const port = await freePort();
    receiver = await startServer({
      command: process.execPath,
      args: [receiverPath],
      env: { PORT: String(port) },
      port,
    });
    base = `http://127.0.0.1:${port}`;
  });
  after(() => receiver.stop());

  const count = async () => (await fetch(`${base}/count`)).json();
  const single = (id, path = '/hook') =>
    fetch(`${base}${path}`, { method: 'POST', headers: { 'parley-event-id': id }, body: '{}' }).then((r) => r.status);
  const batch = (ids, path = '/hook') =>
    fetch(`${base}${path}`, {
      method: 'POST',
      headers: { 'parley-event-count': String(ids.length), 'content-type': 'application/json' },
      body: JSON.stringify({ events: ids.map((id) => ({ id })) }),
    }).then((r) => r.status);

  it('counts every request and distinct event id until a reset', async () => {
    assert.equal(await single('evt_a1'), 204);
    assert.equal(await single('evt_a1'), 204);
    assert.equal(await batch(['evt_a2', 'evt_a3']), 204);
    const counts = await count();
    assert.deepEqual([counts.deliveries, counts.events, counts.others], [3, 3, 0]);
    assert.ok(counts.firstAt > 0 && counts.lastAt >= counts.firstAt);
  });

  it('after a reset with a prefix, counts that pass’s events alone, and the pass before’s apart', async () => {
    assert.equal((await fetch(`${base}/reset?prefix=evt_bench`, { method: 'POST' })).status, 204);
    assert.deepEqual(await count(), { deliveries: 0, events: 0, others: 0, firstAt: 0, lastAt: 0 });
    await single('evt_warm1');
    await batch(['evt_warm2', 'evt_warm3']);
    assert.deepEqual(await count(), { deliveries: 0, events: 0, others: 2, firstAt: 0, lastAt: 0 });
    await single('evt_bench1');
    await batch(['evt_warm4', 'evt_bench2', 'evt_bench3']);
    const counts = await count();
    assert.deepEqual([counts.deliveries, counts.events, counts.others], [2, 3, 2]);
  });

  it('counts an event once for each endpoint it reached, each endpoint by its path', async () => {
    assert.equal((await fetch(`${base}/reset`, { method: 'POST' })).status, 204);
    await batch(['evt_c1', 'evt_c2']);
    await batch(['evt_c1', 'evt_c2'], '/hook-2');
    await single('evt_c1', '/hook-2');
    await single('evt_c1', '/hook-3');
    const counts = await count();
    assert.deepEqual([counts.deliveries, counts.events, counts.others], [4, 5, 0]);
  });
});

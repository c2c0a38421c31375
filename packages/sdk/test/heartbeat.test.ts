import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Heartbeat } from '../src/connection/heartbeat.js';
import { FakeClock } from './fakes.js';

function setup(intervalMs = 25_000, graceMs = 10_000) {
  const clock = new FakeClock();
  const pings: number[] = [];
  let dead = 0;
  const heartbeat = new Heartbeat(
    clock,
    intervalMs,
    graceMs,
    () => pings.push(clock.now()),
    () => dead++,
  );
  return { clock, pings, heartbeat, dead: () => dead };
}

describe('Heartbeat', () => {
  it('pings every interval while answered', () => {
    const { clock, pings, heartbeat, dead } = setup();
    heartbeat.start();
    for (let i = 0; i < 5; i++) {
      clock.advance(25_000);
      heartbeat.touch(); // pong
    }
    assert.equal(pings.length, 5);
    assert.equal(dead(), 0);
  });

  it('declares a silent connection dead after interval + grace, not before', () => {
    const { clock, heartbeat, dead } = setup();
    heartbeat.start();
    clock.advance(34_999);
    assert.equal(dead(), 0);
    clock.advance(1);
    assert.equal(dead(), 1);
    assert.equal(clock.pending, 0, 'a dead heartbeat keeps no timer');
  });

  it('counts any frame as life', () => {
    const { clock, heartbeat, dead } = setup();
    heartbeat.start();
    clock.advance(30_000);
    heartbeat.touch(); // a message arrived during the grace
    clock.advance(5_000);
    assert.equal(dead(), 0);
  });

  it('does not kill a connection when the tab was throttled: the late ping still gets its grace', () => {
    const { clock, pings, heartbeat, dead } = setup();
    heartbeat.start();
    clock.jump(5 * 60_000); // the browser froze our timers for five minutes
    clock.advance(0); // the overdue ping timer fires now
    assert.equal(pings.length, 1);
    clock.advance(200);
    heartbeat.touch(); // pong for the late ping
    clock.advance(10_000);
    assert.equal(dead(), 0);
  });

  it('check() pings at once and expects an answer within the grace', () => {
    const { clock, pings, heartbeat, dead } = setup();
    heartbeat.start();
    clock.advance(1000);
    heartbeat.check();
    assert.equal(pings.length, 1);
    clock.advance(10_000);
    assert.equal(dead(), 1);
  });

  it('stop() releases every timer', () => {
    const { clock, heartbeat } = setup();
    heartbeat.start();
    clock.advance(25_000);
    assert.ok(clock.pending > 0);
    heartbeat.stop();
    assert.equal(clock.pending, 0);
  });
});

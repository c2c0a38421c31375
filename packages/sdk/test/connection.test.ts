import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CLOSES, decodeServerFrame, type HelloFrame } from '@parley/protocol';
import { Connection, type ConnectionEvents } from '../src/connection/connection.js';
import { FakeClock, FakeEnvironment, fakeWebSocket, settle, welcome } from './fakes.js';

function setup(options: { refreshToken?: () => Promise<void>; random?: () => number } = {}) {
  const clock = new FakeClock();
  const fake = fakeWebSocket();
  const environment = new FakeEnvironment();
  let helloCount = 0;
  const states: ConnectionEvents['stateChange'][] = [];
  const errors: ConnectionEvents['error'][] = [];
  const frames: ConnectionEvents['frame'][] = [];
  const connection = new Connection({
    url: 'ws://relay.test/v1/ws',
    WebSocket: fake.WebSocket,
    clock,
    backoff: { minMs: 500, maxMs: 20_000 },
    random: options.random ?? (() => 0.5),
    decode: decodeServerFrame,
    hello: (): HelloFrame => ({ type: 'hello', siteKey: `pk_${++helloCount}` }),
    environment,
    ...(options.refreshToken && { refreshToken: options.refreshToken }),
    on: {
      stateChange: (change) => states.push(change),
      error: (error) => errors.push(error),
      welcome: () => {},
      frame: (frame) => frames.push(frame),
    },
  });
  /** Accepts the latest socket and welcomes it. */
  const open = async (heartbeatMs = 25_000): Promise<void> => {
    fake.last().accept();
    await settle();
    fake.last().receive(welcome({ heartbeatMs }));
  };
  return { clock, fake, environment, connection, states, errors, frames, open };
}

describe('Connection', () => {
  it('offers the parley.v1 subprotocol unless told otherwise, says hello first and opens on welcome', async () => {
    const { fake, connection, states, open } = setup();
    connection.connect();
    assert.equal(connection.state, 'connecting');
    assert.deepEqual(fake.last().protocols, 'parley.v1');
    await open();
    assert.equal(fake.last().sent[0]?.type, 'hello');
    assert.equal(connection.state, 'open');
    assert.deepEqual(
      states.map((s) => [s.previous, s.current, s.reason]),
      [
        ['idle', 'connecting', 'connect()'],
        ['connecting', 'open', 'welcome'],
      ],
    );
  });

  it('is idempotent: connect() twice opens one socket', () => {
    const { fake, connection } = setup();
    connection.connect();
    connection.connect();
    assert.equal(fake.sockets.length, 1);
  });

  it('reconnects after a drop with a backoff delay within bounds, and says why', async () => {
    const { clock, fake, connection, states, open } = setup({ random: () => 0.25 });
    connection.connect();
    await open();
    fake.last().drop(1006);
    assert.equal(connection.state, 'reconnecting');
    assert.match(states.at(-1)!.reason, /1006/);
    assert.deepEqual(clock.delays(), [625]); // 500 + 0.25 × (1000 − 500)
    clock.advance(624);
    assert.equal(fake.sockets.length, 1);
    clock.advance(1);
    assert.equal(fake.sockets.length, 2);
    await open();
    assert.equal(connection.state, 'open');
  });

  it('grows the delay while attempts fail and resets it after a stable connection', async () => {
    const { clock, fake, connection, open } = setup({ random: () => 0.999999 });
    connection.connect();
    const delays: number[] = [];
    for (let i = 0; i < 4; i++) {
      fake.last().drop(1006);
      delays.push(clock.delays()[0]!);
      clock.advance(delays.at(-1)!);
    }
    assert.deepEqual(delays, [1000, 2000, 4000, 8000]);
    await open();
    clock.advance(5000); // stable
    fake.last().drop(1001);
    assert.equal(clock.delays()[0], 1000);
  });

  for (const name of ['unauthorized', 'identity_refused', 'origin_refused', 'revoked'] as const) {
    it(`stops for good on ${name} (${CLOSES[name].code}) and surfaces a fatal error`, async () => {
      const { clock, fake, environment, connection, errors, open } = setup();
      connection.connect();
      await open();
      fake.last().drop(CLOSES[name].code, CLOSES[name].reason);
      assert.equal(connection.state, 'closed');
      assert.deepEqual(errors.at(-1), { code: name, message: CLOSES[name].reason, fatal: true });
      clock.advance(120_000);
      environment.handlers?.online();
      assert.equal(fake.sockets.length, 1, 'no retry after a terminal close');
      assert.equal(clock.pending, 0);
      assert.equal(environment.subscriptions, 0);
    });
  }

  it('also stops when refused before the welcome (bad site key)', () => {
    const { clock, fake, connection, errors } = setup();
    connection.connect();
    fake.last().accept();
    fake.last().drop(CLOSES.unauthorized.code, CLOSES.unauthorized.reason);
    assert.equal(connection.state, 'closed');
    assert.equal(errors.at(-1)?.fatal, true);
    clock.advance(60_000);
    assert.equal(fake.sockets.length, 1);
  });

  it('retries on slow_consumer (4009) and going_away (1001)', async () => {
    const { clock, fake, connection, open } = setup();
    connection.connect();
    await open();
    fake.last().drop(CLOSES.slow_consumer.code);
    clock.advance(clock.delays()[0]!);
    await open();
    fake.last().drop(1001);
    clock.advance(clock.delays()[0]!);
    assert.equal(fake.sockets.length, 3);
  });

  it('refreshes an expired token before reconnecting', async () => {
    let refreshed = 0;
    const { fake, connection, open } = setup({ refreshToken: async () => void refreshed++ });
    connection.connect();
    await open();
    fake.last().drop(CLOSES.token_expired.code);
    assert.equal(connection.state, 'reconnecting');
    await settle();
    assert.equal(refreshed, 1);
    assert.equal(fake.sockets.length, 2);
    await open();
    assert.equal(connection.state, 'open');
  });

  it('stops when the token cannot be refreshed, or when there is no hook', async () => {
    const failing = setup({ refreshToken: async () => Promise.reject(new Error('nope')) });
    failing.connection.connect();
    await failing.open();
    failing.fake.last().drop(CLOSES.token_expired.code);
    await settle();
    assert.equal(failing.connection.state, 'closed');
    assert.equal(failing.errors.at(-1)?.code, 'token_expired');

    const noHook = setup();
    noHook.connection.connect();
    await noHook.open();
    noHook.fake.last().drop(CLOSES.token_expired.code);
    assert.equal(noHook.connection.state, 'closed');
  });

  it('does not loop on a token that expires again right after refreshing', async () => {
    let refreshed = 0;
    const { fake, connection } = setup({ refreshToken: async () => void refreshed++ });
    connection.connect();
    fake.last().accept();
    fake.last().drop(CLOSES.token_expired.code);
    await settle();
    fake.last().accept();
    fake.last().drop(CLOSES.token_expired.code);
    await settle();
    assert.equal(refreshed, 1);
    assert.equal(connection.state, 'closed');
  });

  it('declares a silent connection dead and reconnects', async () => {
    const { clock, fake, connection, states, open } = setup();
    connection.connect();
    await open(25_000);
    clock.advance(25_000);
    assert.equal(fake.last().framesOf('ping').length, 1);
    clock.advance(10_000);
    assert.equal(connection.state, 'reconnecting');
    assert.equal(states.at(-1)?.reason, 'heartbeat timeout');
    assert.equal(fake.sockets[0]!.closedWith?.code, 4000);
  });

  it('gives up an attempt that is never welcomed', () => {
    const { clock, fake, connection } = setup();
    connection.connect();
    fake.last().accept();
    clock.advance(15_000);
    assert.equal(connection.state, 'reconnecting');
    assert.ok(fake.sockets[0]!.closedWith);
  });

  it('reconnects at once when the browser comes back online or the tab becomes visible', async () => {
    const { fake, environment, connection, open } = setup();
    connection.connect();
    await open();
    fake.last().drop(1006);
    environment.handlers!.online();
    assert.equal(fake.sockets.length, 2);
    fake.last().drop(1006);
    environment.handlers!.visible();
    assert.equal(fake.sockets.length, 3);
  });

  it('coming back online during an attempt that then fails retries after the shortest wait, not the grown one', async () => {
    // random 1: each wait is its ceiling, so the backoff's growth is visible in the clock.
    const { clock, fake, environment, connection } = setup({ random: () => 1 });
    connection.connect();
    // Five refused attempts, each retried after its wait: 1, 2, 4, 8, then 16 s.
    for (const wait of [1000, 2000, 4000, 8000, 16_000]) {
      fake.last().drop(1006);
      clock.advance(wait);
    }
    assert.equal(fake.sockets.length, 6);
    // The network comes back while the sixth attempt is in flight (nothing to cut short), and that attempt fails.
    environment.handlers!.online();
    assert.equal(fake.sockets.length, 6);
    fake.last().drop(1006);
    clock.advance(999);
    assert.equal(fake.sockets.length, 6);
    clock.advance(1);
    assert.equal(fake.sockets.length, 7, 'retried after the first wait (1 s), not after 32 s');
  });

  it('checks liveness when the tab becomes visible while open', async () => {
    const { clock, fake, environment, connection, open } = setup();
    connection.connect();
    await open();
    environment.handlers!.visible();
    assert.equal(fake.last().framesOf('ping').length, 1);
    clock.advance(10_000);
    assert.equal(connection.state, 'reconnecting');
  });

  it('ignores late events from a replaced socket and never doubles handlers', async () => {
    const { clock, fake, environment, connection, frames, open } = setup();
    connection.connect();
    await open();
    const first = fake.last();
    first.drop(1006);
    clock.advance(20_000);
    await open();
    first.receive({ type: 'presence', staffOnline: 3 });
    assert.equal(frames.length, 0);
    fake.last().receive({ type: 'presence', staffOnline: 3 });
    assert.equal(frames.length, 1);
    assert.equal(environment.subscriptions, 1, 'page listeners are added once, not per reconnect');
    // A late close from the replaced socket, even a terminal one, changes nothing either.
    first.drop(4001);
    assert.equal(connection.state, 'open');
  });

  it('reports undecodable frames without closing', async () => {
    const { fake, connection, errors, open } = setup();
    connection.connect();
    await open();
    fake.last().receive({ type: 'message', message: { nope: true } } as Record<string, unknown>);
    fake.last().onmessage?.({ data: 'not json' });
    assert.deepEqual(
      errors.map((e) => [e.code, e.fatal]),
      [
        ['bad_frame', false],
        ['bad_frame', false],
      ],
    );
    assert.equal(connection.state, 'open');
  });

  it('close() releases the socket, every timer and the page listeners', async () => {
    const { clock, fake, environment, connection, states, open } = setup();
    connection.connect();
    await open();
    connection.close();
    assert.equal(connection.state, 'closed');
    assert.equal(states.at(-1)?.reason, 'close()');
    assert.equal(fake.last().closedWith?.code, 1000);
    assert.equal(clock.pending, 0);
    assert.equal(environment.subscriptions, 0);
    // The socket's late events change nothing: no reconnect is scheduled, no frame is reported.
    fake.last().receive({ type: 'presence', staffOnline: 3 });
    fake.last().drop(1006);
    assert.equal(connection.state, 'closed');
    assert.equal(clock.pending, 0);
  });

  it('close() while waiting to reconnect cancels the retry', async () => {
    const { clock, fake, connection, open } = setup();
    connection.connect();
    await open();
    fake.last().drop(1006);
    connection.close();
    clock.advance(60_000);
    assert.equal(fake.sockets.length, 1);
    assert.equal(clock.pending, 0);
  });
});

import { CLOSES, LIMITS } from '@parley/protocol';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { identityHash, type RunningRelay, type StartOptions } from '../src/index.js';
import { TestClient } from './support/client.js';
import { adminToken, identitySecret, siteKey, startDesk } from './support/desk.js';
import { health } from './support/relay.js';
import { tempDir } from './support/temp.js';
import { until } from './support/until.js';

function start(options: StartOptions = {}): Promise<RunningRelay> {
  return startDesk({ identitySecret, ...options });
}

/** The most loopback's kernel buffers can hold for one connection (receive + send maximum), at least 8 MB. */
function loopbackBufferBytes(): number {
  const max = (file: string): number => {
    try {
      return Number(readFileSync(file, 'utf8').trim().split(/\s+/)[2]) || 0;
    } catch {
      return 0;
    }
  };
  return Math.max(8 * 1024 * 1024, max('/proc/sys/net/ipv4/tcp_rmem') + max('/proc/sys/net/ipv4/tcp_wmem'));
}

/**
 * A visitor that stops reading, and a staff member who writes into its conversation more than loopback's kernel
 * buffers absorb, so the relay's own queue for the visitor must grow; then the visitor reads again.
 */
async function floodSlowConsumer(relay: { wsUrl: string }) {
  const { client: slow, welcome } = await TestClient.hello(relay.wsUrl, { siteKey });
  const conversationId = welcome.conversationId!;
  await slow.say('s-0', 'first');
  // Stop reading: the kernel buffers fill, then the relay's queue for this socket grows.
  (slow.ws as unknown as { _socket: { pause(): void } })._socket.pause();
  const { client: staff } = await TestClient.hello(relay.wsUrl, { staffToken: adminToken });
  // More than loopback's kernel buffers absorb, so the relay's own queue must grow: those autotune up to
  // tcp_rmem's and tcp_wmem's maximum (32 + 4 MB on Debian 12 here), and the uWebSockets.js of Node.js 22 and 24
  // fills them before it reports backpressure (with 17.5 MB the relay sometimes saw none: no 4009, or too late).
  const text = 'y'.repeat(3900);
  const total = Math.ceil((1.5 * loopbackBufferBytes()) / text.length);
  for (let i = 1; i <= total; i++) staff.send({ type: 'send', id: `bulk-${i}`, conversationId, text });
  await staff.collect('ack', total, 60_000);
  (slow.ws as unknown as { _socket: { resume(): void } })._socket.resume();
  return { slow, welcome, conversationId, staff, total };
}

describe('relay: protocol', () => {
  let relay: RunningRelay;
  before(async () => {
    relay = await start();
  });
  after(() => relay.close());

  it('welcomes a visitor, stores a message, acks it, then delivers it', async () => {
    const { client, welcome } = await TestClient.hello(relay.wsUrl, { siteKey });
    assert.equal(welcome.role, 'visitor');
    assert.equal(welcome.protocol, 'parley.v1');
    assert.equal(welcome.lastSeq, 0);
    assert.ok(welcome.visitorToken && welcome.conversationId);
    // A second tab of the same visitor: the sender has its ack and does not get its own message back.
    const { client: tab } = await TestClient.hello(relay.wsUrl, { siteKey, visitorToken: welcome.visitorToken! });
    const ack = await client.say('m-1', 'Hello');
    assert.equal(ack.seq, 1);
    assert.equal(ack.duplicate, false);
    assert.equal(ack.conversationId, welcome.conversationId);
    const delivered = await tab.next('message');
    assert.deepEqual(
      {
        seq: delivered.message.seq,
        text: delivered.message.text,
        clientId: delivered.message.clientId,
        role: delivered.message.author.role,
      },
      { seq: 1, text: 'Hello', clientId: 'm-1', role: 'visitor' },
    );
    client.close();
    tab.close();
  });

  it('answers a resend with the original ack and stores nothing twice', async () => {
    const { client, welcome } = await TestClient.hello(relay.wsUrl, { siteKey });
    const first = await client.say('dup-1', 'once');
    client.send({ type: 'send', id: 'dup-1', text: 'once' });
    const acks = await client.collect('ack', 2);
    assert.equal(acks[1]!.duplicate, true);
    assert.equal(acks[1]!.seq, first.seq);
    assert.equal(acks[1]!.messageId, first.messageId);
    const stored = await relay.store.messagesAfter(welcome.conversationId!, 0, 10);
    assert.equal(stored.length, 1);
    client.close();
  });

  it('answers ping with pong', async () => {
    const { client } = await TestClient.hello(relay.wsUrl, { siteKey });
    client.send({ type: 'ping', ts: 42 });
    const pong = await client.next('pong');
    assert.equal(pong.ts, 42);
    client.close();
  });

  it('requires hello before anything else', async () => {
    const client = await TestClient.open(relay.wsUrl);
    client.send({ type: 'send', id: 'early', text: 'too soon' });
    const error = await client.next('error');
    assert.equal(error.code, 'hello_required');
    assert.equal(error.ref, 'early');
    client.close();
  });

  it('answers malformed and unknown frames with an error and keeps the connection', async () => {
    const { client } = await TestClient.hello(relay.wsUrl, { siteKey });
    client.sendRaw('{not json');
    client.send({ type: 'send', id: 'bad text', text: 'x' });
    client.send({ type: 'warp', id: 'w1' });
    client.send({ type: 'send', id: 'big', text: 'x'.repeat(LIMITS.maxTextLength + 1) });
    const errors = await client.collect('error', 4);
    assert.deepEqual(
      errors.map((error) => error.code),
      ['bad_frame', 'bad_frame', 'unknown_frame', 'bad_frame'],
    );
    assert.equal(errors[2]!.ref, 'w1');
    const ack = await client.say('after-errors', 'still here');
    assert.equal(ack.seq, 1);
    client.close();
  });

  it('refuses an oversized frame with frame_too_large, and cuts a huge one with 1009 while others keep working', async () => {
    const { client } = await TestClient.hello(relay.wsUrl, { siteKey });
    const { client: bystander } = await TestClient.hello(relay.wsUrl, { siteKey });
    client.sendRaw(JSON.stringify({ type: 'send', id: 'o1', text: 'x'.repeat(20_000) }));
    const error = await client.next('error');
    assert.equal(error.code, 'frame_too_large');
    client.sendRaw('x'.repeat(16 * 1024 * 5));
    const closed = await client.closed;
    // uWS cuts the connection; a client still writing sees the reset (1006) instead of the 1009 close frame.
    assert.ok([CLOSES.too_large.code, 1006].includes(closed.code), `closed with ${closed.code}`);
    const ack = await bystander.say('b1', 'unaffected');
    assert.equal(ack.seq, 1);
    bystander.close();
  });

  it('refuses at upgrade a client that offers no known protocol version, with the reason', async () => {
    const response = await new Promise<{ status: number; body: string }>((resolve) => {
      const client = new TestClient(relay.wsUrl, { protocol: ['parley.v7'] });
      client.ws.on('unexpected-response', (_req, res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
    });
    assert.equal(response.status, 426);
    const parsed = JSON.parse(response.body) as { error: { code: string; message: string } };
    assert.equal(parsed.error.code, 'unsupported_protocol');
    assert.match(parsed.error.message, /parley\.v1/);
  });

  it('pages history backwards and forwards', async () => {
    const { client, welcome } = await TestClient.hello(relay.wsUrl, { siteKey });
    for (let i = 1; i <= 7; i++) await client.say(`h-${i}`, `message ${i}`);
    client.send({ type: 'history', ref: 'r1', before: 8, limit: 3 });
    const newest = await client.next('history', (page) => page.ref === 'r1');
    assert.deepEqual(
      newest.messages.map((m) => m.seq),
      [5, 6, 7],
    );
    assert.equal(newest.hasMore, true);
    client.send({ type: 'history', ref: 'r2', before: 3, limit: 3 });
    const oldest = await client.next('history', (page) => page.ref === 'r2');
    assert.deepEqual(
      oldest.messages.map((m) => m.seq),
      [1, 2],
    );
    assert.equal(oldest.hasMore, false);
    client.send({ type: 'history', ref: 'r3', after: 5 });
    const tail = await client.next('history', (page) => page.ref === 'r3');
    assert.deepEqual(
      tail.messages.map((m) => m.seq),
      [6, 7],
    );
    assert.equal(tail.conversationId, welcome.conversationId);
    client.close();
  });

  it('serves /healthz with the native uWS flag and /metrics in Prometheus format', async () => {
    const health = (await (await fetch(`${relay.httpUrl}/healthz`)).json()) as Record<string, unknown>;
    assert.equal(health.status, 'ok');
    assert.equal(health.store, 'sqlite');
    assert.deepEqual(health.protocols, ['parley.v3', 'parley.v2', 'parley.v1']);
    assert.equal(health.uwsNative, relay.uwsNative);
    assert.equal(typeof health.uptimeSeconds, 'number');
    assert.equal(typeof health.version, 'string');
    const metrics = await (await fetch(`${relay.httpUrl}/metrics`)).text();
    assert.match(metrics, /^parley_messages_stored_total [1-9]\d*$/m);
    assert.match(metrics, /^parley_connections \d+$/m);
    assert.match(metrics, /^parley_ack_latency_ms_bucket\{le="\+Inf"\} [1-9]\d*$/m);
    assert.match(metrics, /^parley_errors_total\{code="bad_frame"\} [1-9]\d*$/m);
    // Group commits: at least one, and never more than the appends they settled.
    const commits = Number(/^parley_store_commits_total (\d+)$/m.exec(metrics)?.[1]);
    const appends = Number(/^parley_store_committed_appends_total (\d+)$/m.exec(metrics)?.[1]);
    assert.ok(commits >= 1 && appends >= commits, `commits ${commits}, appends ${appends}`);
    assert.match(metrics, /^# TYPE parley_store_commits_total counter$/m);
    assert.match(metrics, /^# TYPE parley_connections gauge$/m);
    // The process's own health, which the benchmark's soak samples.
    const gauge = (name: string): number => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(metrics)?.[1]);
    assert.ok(gauge('parley_process_resident_memory_bytes') > 1_000_000);
    assert.ok(gauge('parley_heap_used_bytes') > 0);
    assert.ok(gauge('parley_heap_committed_bytes') >= gauge('parley_heap_used_bytes'));
    assert.ok(gauge('parley_external_memory_bytes') > 0);
    assert.ok(gauge('parley_event_loop_delay_p99_seconds') >= 0);
    assert.ok(gauge('parley_event_loop_delay_max_seconds') >= gauge('parley_event_loop_delay_p99_seconds'));
  });

  it('runs the native uWebSockets.js binary on this Node.js', () => {
    assert.equal(relay.uwsNative, true, 'expected the native uWS binary');
  });
});

describe('relay: visitors, staff and access', () => {
  let relay: RunningRelay;
  before(async () => {
    relay = await start({ allowedOrigins: ['https://shop.example'] });
    await relay.store.upsertSite({
      id: 'other',
      name: 'Other',
      siteKey: 'pk_other_site',
      allowedOrigins: ['*'],
      identitySecret: 'other-identity-secret-0123456789',
      requireIdentity: false,
    });
    const { hashToken } = await import('../src/auth/tokens.js');
    await relay.store.createStaff({
      id: 'other_admin',
      siteId: 'other',
      name: 'Olga',
      role: 'admin',
      tokenHash: hashToken('st_other_admin_token_0123456789'),
      createdAt: Date.now(),
      revokedAt: null,
    });
  });
  after(() => relay.close());

  it('refuses a wrong site key with close 4001', async () => {
    const client = await TestClient.open(relay.wsUrl);
    client.send({ type: 'hello', siteKey: 'pk_nope_nope' });
    assert.equal((await client.closed).code, CLOSES.unauthorized.code);
  });

  it('refuses a wrong staff token with close 4001', async () => {
    const client = await TestClient.open(relay.wsUrl);
    client.send({ type: 'hello', staffToken: 'st_wrong_wrong_wrong_wrong' });
    assert.equal((await client.closed).code, CLOSES.unauthorized.code);
  });

  it('refuses an origin the site does not allow with close 4003, and accepts an allowed one', async () => {
    const refused = await TestClient.open(relay.wsUrl, { origin: 'https://evil.example' });
    refused.send({ type: 'hello', siteKey });
    assert.equal((await refused.closed).code, CLOSES.origin_refused.code);
    const { client, welcome } = await TestClient.hello(relay.wsUrl, { siteKey }, { origin: 'https://shop.example' });
    assert.equal(welcome.role, 'visitor');
    client.close();
  });

  it('refuses a user whose hash does not match with close 4002', async () => {
    const client = await TestClient.open(relay.wsUrl);
    client.send({
      type: 'hello',
      siteKey,
      user: { id: 'user-1', hash: identityHash('not-the-secret-000000', 'user-1') },
    });
    assert.equal((await client.closed).code, CLOSES.identity_refused.code);
  });

  it('gives an identified user the same conversation on every device', async () => {
    const user = { id: 'user-42', hash: identityHash(identitySecret, 'user-42'), name: 'Ada' };
    const { client: laptop, welcome: first } = await TestClient.hello(relay.wsUrl, { siteKey, user });
    await laptop.say('from-laptop', 'hi from the laptop');
    const { client: phone, welcome: second } = await TestClient.hello(relay.wsUrl, { siteKey, user });
    assert.equal(second.conversationId, first.conversationId);
    assert.equal(second.lastSeq, 1);
    laptop.close();
    phone.close();
  });

  it('resumes the same visitor with their token after a reload', async () => {
    const { client, welcome } = await TestClient.hello(relay.wsUrl, { siteKey });
    await client.say('before-reload', 'one');
    client.close();
    const { client: again, welcome: resumed } = await TestClient.hello(relay.wsUrl, {
      siteKey,
      visitorToken: welcome.visitorToken!,
      resume: { [welcome.conversationId!]: 0 },
    });
    assert.equal(resumed.conversationId, welcome.conversationId);
    assert.equal(resumed.visitorId, welcome.visitorId);
    const replayed = await again.next('message');
    assert.equal(replayed.message.clientId, 'before-reload');
    again.close();
  });

  it('never lets a visitor read or write another visitor’s conversation', async () => {
    const { client: alice, welcome: aliceWelcome } = await TestClient.hello(relay.wsUrl, { siteKey });
    await alice.say('alice-1', 'private to alice');
    const { client: mallory, welcome: malloryWelcome } = await TestClient.hello(relay.wsUrl, { siteKey });
    const target = aliceWelcome.conversationId!;
    mallory.send({ type: 'send', id: 'm-x', conversationId: target, text: 'intrusion' });
    mallory.send({ type: 'history', ref: 'peek', conversationId: target });
    mallory.send({ type: 'read', conversationId: target, seq: 1 });
    mallory.send({ type: 'typing', conversationId: target, active: true });
    const errors = await mallory.collect('error', 4);
    assert.ok(
      errors.every((error) => error.code === 'forbidden'),
      JSON.stringify(errors),
    );
    // A resume cursor for someone else's conversation replays nothing.
    const { client: snoop } = await TestClient.hello(relay.wsUrl, { siteKey, resume: { [target]: 0 } });
    await snoop.roundTrip();
    assert.equal(snoop.frames.filter((frame) => frame.type === 'message').length, 0);
    // Nothing changed for Alice.
    const stored = await relay.store.messagesAfter(target, 0, 10);
    assert.deepEqual(
      stored.map((m) => m.clientId),
      ['alice-1'],
    );
    assert.equal((await relay.store.getConversation(target))?.visitorReadSeq, 0);
    assert.equal(alice.frames.filter((frame) => frame.type === 'typing').length, 0);
    assert.notEqual(malloryWelcome.conversationId, target);
    for (const client of [alice, mallory, snoop]) client.close();
  });

  it('ignores a forged visitor token and starts a new visitor', async () => {
    const { client, welcome } = await TestClient.hello(relay.wsUrl, { siteKey });
    client.close();
    const [version, body] = welcome.visitorToken!.split('.');
    const forged = `${version}.${body}.AAAA${'A'.repeat(39)}`;
    const { client: again, welcome: fresh } = await TestClient.hello(relay.wsUrl, { siteKey, visitorToken: forged });
    assert.notEqual(fresh.conversationId, welcome.conversationId);
    assert.equal((await again.next('error')).code, 'unauthorized');
    again.close();
  });

  it('treats a token whose signature has the right length in characters but not in bytes as unknown', async () => {
    const { client, welcome } = await TestClient.hello(relay.wsUrl, { siteKey });
    client.close();
    const [version, body, mac] = welcome.visitorToken!.split('.') as [string, string, string];
    // 43 characters like a real signature, but é and 🦊 take more than one byte each.
    for (const forged of [`${'é'.repeat(mac.length)}`, `${mac.slice(0, -2)}🦊`, `${mac.slice(0, -1)}\u0080`]) {
      assert.equal(forged.length, mac.length);
      const { client: again, welcome: fresh } = await TestClient.hello(relay.wsUrl, {
        siteKey,
        visitorToken: `${version}.${body}.${forged}`,
      });
      assert.notEqual(fresh.conversationId, welcome.conversationId);
      assert.equal((await again.next('error')).code, 'unauthorized');
      await again.roundTrip();
      again.close();
    }
  });

  it('does not honour a visitor token of another site', async () => {
    const { client, welcome } = await TestClient.hello(relay.wsUrl, { siteKey: 'pk_other_site' });
    await client.say('other-1', 'on the other site');
    client.close();
    const { client: crossing, welcome: crossed } = await TestClient.hello(relay.wsUrl, {
      siteKey,
      visitorToken: welcome.visitorToken!,
      resume: { [welcome.conversationId!]: 0 },
    });
    assert.notEqual(crossed.conversationId, welcome.conversationId);
    await crossing.roundTrip();
    assert.equal(crossing.frames.filter((frame) => frame.type === 'message').length, 0);
    crossing.close();
  });

  it('lets staff see and answer every conversation of their site, and nothing of another site', async () => {
    const { client: staff, welcome: staffWelcome } = await TestClient.hello(relay.wsUrl, { staffToken: adminToken });
    assert.equal(staffWelcome.role, 'staff');
    assert.equal(staffWelcome.staff?.role, 'admin');
    const { client: visitor, welcome } = await TestClient.hello(relay.wsUrl, { siteKey });
    const { client: otherVisitor, welcome: otherWelcome } = await TestClient.hello(relay.wsUrl, {
      siteKey: 'pk_other_site',
    });
    await visitor.say('v-q', 'question');
    await otherVisitor.say('o-q', 'other site question');
    const seen = await staff.next('message', (frame) => frame.message.clientId === 'v-q');
    assert.equal(seen.message.conversationId, welcome.conversationId);
    // o-q was acked, so it was published before staff's ping: had staff been subscribed, it would be in first.
    await staff.roundTrip();
    assert.equal(
      staff.frames.some((frame) => frame.type === 'message' && frame.message.clientId === 'o-q'),
      false,
    );

    const reply = await staff.say('s-a', 'answer', { conversationId: welcome.conversationId });
    assert.equal(reply.seq, 2);
    const received = await visitor.next('message', (frame) => frame.message.clientId === 's-a');
    assert.equal(received.message.author.role, 'staff');
    assert.equal(received.message.author.name, 'Admin');

    staff.send({ type: 'send', id: 's-x', conversationId: otherWelcome.conversationId, text: 'cross-site' });
    staff.send({ type: 'history', ref: 'x', conversationId: otherWelcome.conversationId });
    const errors = await staff.collect('error', 2);
    assert.deepEqual(
      errors.map((error) => error.code),
      ['not_found', 'not_found'],
    );
    staff.send({ type: 'send', id: 's-y', text: 'no conversation named' });
    assert.equal((await staff.next('error', (error) => error.ref === 's-y')).code, 'bad_frame');
    for (const client of [staff, visitor, otherVisitor]) client.close();
  });

  it('keeps private notes away from visitors', async () => {
    const { client: staff } = await TestClient.hello(relay.wsUrl, { staffToken: adminToken });
    const { client: colleague } = await TestClient.hello(relay.wsUrl, { staffToken: adminToken });
    const { client: visitor, welcome } = await TestClient.hello(relay.wsUrl, { siteKey });
    await visitor.say('n-1', 'hello');
    const note = await staff.say('n-note', 'VIP customer', { conversationId: welcome.conversationId, note: true });
    await staff.say('n-reply', 'hi there', { conversationId: welcome.conversationId });
    await visitor.next('message', (frame) => frame.message.clientId === 'n-reply');
    assert.equal(
      visitor.frames.some((frame) => frame.type === 'message' && frame.message.kind === 'note'),
      false,
    );
    const staffCopy = await colleague.next('message', (frame) => frame.message.clientId === 'n-note');
    assert.equal(staffCopy.message.kind, 'note');
    visitor.send({ type: 'history', ref: 'hn', after: 0 });
    const page = await visitor.next('history');
    assert.equal(
      page.messages.some((m) => m.seq === note.seq),
      false,
    );
    visitor.send({ type: 'send', id: 'v-note', text: 'sneaky', note: true });
    assert.equal((await visitor.next('error', (error) => error.ref === 'v-note')).code, 'forbidden');
    staff.close();
    colleague.close();
    visitor.close();
  });

  it('relays typing, read and delivered receipts, and staff presence', async () => {
    const { client: visitor, welcome } = await TestClient.hello(relay.wsUrl, { siteKey });
    const conversationId = welcome.conversationId!;
    const { client: staff } = await TestClient.hello(relay.wsUrl, { staffToken: adminToken });
    const presence = await visitor.next(
      'presence',
      (frame) => frame.staffOnline !== undefined && frame.staffOnline > 0,
    );
    assert.ok(presence.staffOnline! >= 1);
    visitor.send({ type: 'typing', active: true });
    const typing = await staff.next('typing', (frame) => frame.conversationId === conversationId);
    assert.equal(typing.author.role, 'visitor');
    assert.equal(typing.active, true);
    await visitor.say('r-1', 'are you there?');
    staff.send({ type: 'typing', conversationId, active: true });
    assert.equal((await visitor.next('typing')).author.role, 'staff');
    staff.send({ type: 'delivered', conversationId, seq: 1 });
    const deliveredEvent = await visitor.next('delivered');
    assert.deepEqual({ seq: deliveredEvent.seq, by: deliveredEvent.by }, { seq: 1, by: 'staff' });
    staff.send({ type: 'read', conversationId, seq: 99 });
    const readEvent = await visitor.next('read');
    assert.deepEqual({ seq: readEvent.seq, by: readEvent.by }, { seq: 1, by: 'staff' });
    assert.equal((await relay.store.getConversation(conversationId))?.staffReadSeq, 1);
    staff.close();
    const gone = await visitor.next('presence', (frame) => frame.staffOnline === 0);
    assert.equal(gone.staffOnline, 0);
    visitor.close();
  });
});

describe('relay: limits', () => {
  it('rate-limits a flooding connection, then recovers', async () => {
    // One token a second: the count below holds unless a whole second passes between the hello and the last frame
    // of the flood (at 10 a second, 100 ms of a loaded machine gave the flood a fifth token and a fifth ack).
    const relay = await start({ rateLimitBurst: 5, rateLimitPerSecond: 1 });
    try {
      const { client } = await TestClient.hello(relay.wsUrl, { siteKey });
      for (let i = 0; i < 8; i++) client.send({ type: 'send', id: `f-${i}`, text: 'flood' });
      const limited = await client.next('error', (error) => error.code === 'rate_limited');
      assert.ok(limited.retryAfterMs! > 0 && limited.retryAfterMs! <= 1000);
      assert.match(limited.ref ?? '', /^f-\d$/);
      // The hello took one token of the burst of 5: four sends pass, four are refused.
      const acks = await client.collect('ack', 4);
      const refusals = await client.collect('error', 4);
      // The bucket refills with the clock: no event says so, the latest retry-after instant is the condition.
      const calmAt = Date.now() + Math.max(...refusals.map((error) => error.retryAfterMs ?? 0)) + 50;
      await until(() => Date.now() >= calmAt, 'the retry-after instant');
      const ack = await client.say('after-pause', 'calm again');
      // Frames are answered in order, so with this ack every answer to the flood has arrived.
      const flood = client.frames.filter((frame) => frame.type !== 'ack' || frame.id !== 'after-pause');
      assert.equal(flood.filter((frame) => frame.type === 'error' && frame.code === 'rate_limited').length, 4);
      assert.equal(flood.filter((frame) => frame.type === 'ack').length, 4);
      assert.equal(ack.seq, acks.length + 1);
      client.close();
    } finally {
      await relay.close();
    }
  });

  it('closes a connection that keeps flooding with 4008', async () => {
    const relay = await start({ rateLimitBurst: 2, rateLimitPerSecond: 1 });
    try {
      const { client } = await TestClient.hello(relay.wsUrl, { siteKey });
      for (let i = 0; i < 40; i++) client.send({ type: 'ping' });
      assert.equal((await client.closed).code, CLOSES.rate_limited.code);
    } finally {
      await relay.close();
    }
  });

  it('limits connections per address at upgrade', async () => {
    const relay = await start({ maxConnectionsPerIp: 2 });
    try {
      const a = await TestClient.open(relay.wsUrl);
      const b = await TestClient.open(relay.wsUrl);
      await assert.rejects(TestClient.open(relay.wsUrl), /upgrade refused: 429/);
      a.close();
      await a.closed;
      await until(async () => (await health(relay)).connections === 1, 'the relay to count the close');
      const c = await TestClient.open(relay.wsUrl);
      b.close();
      c.close();
    } finally {
      await relay.close();
    }
  });

  it('counts clients by X-Forwarded-For only behind a trusted proxy', async () => {
    const proxied = await start({ maxConnectionsPerIp: 1, trustProxy: true });
    const direct = await start({ maxConnectionsPerIp: 1 });
    try {
      const from = (address: string) => ({ headers: { 'x-forwarded-for': `203.0.113.9, ${address}` } });
      const a = await TestClient.open(proxied.wsUrl, from('198.51.100.1'));
      const b = await TestClient.open(proxied.wsUrl, from('198.51.100.2'));
      await assert.rejects(TestClient.open(proxied.wsUrl, from('198.51.100.1')), /upgrade refused: 429/);
      // Without trustProxy the header is the client's word: ignored, so it cannot dodge the limit.
      const c = await TestClient.open(direct.wsUrl, from('198.51.100.3'));
      await assert.rejects(TestClient.open(direct.wsUrl, from('198.51.100.4')), /upgrade refused: 429/);
      for (const client of [a, b, c]) client.close();
    } finally {
      await proxied.close();
      await direct.close();
    }
  });

  it('closes a connection that never says hello with 4010', async () => {
    const relay = await start({ helloTimeoutMs: 200 });
    try {
      const client = await TestClient.open(relay.wsUrl);
      assert.equal((await client.closed).code, CLOSES.hello_timeout.code);
    } finally {
      await relay.close();
    }
  });

  it('closes a slow consumer with 4009, and it catches up by sequence', async () => {
    const relay = await start({ maxBackpressureBytes: 64 * 1024, rateLimitBurst: 0, ipRateLimitBurst: 0 });
    try {
      const { slow, welcome, conversationId, staff, total } = await floodSlowConsumer(relay);
      assert.equal((await slow.closed).code, CLOSES.slow_consumer.code);
      const seen = slow.frames.filter((frame) => frame.type === 'message').map((frame) => frame.message.seq);
      const cursor = seen.length ? Math.max(...seen) : 0;
      assert.ok(cursor < total + 1, 'the slow consumer should not have received everything');
      const { client: back } = await TestClient.hello(relay.wsUrl, {
        siteKey,
        visitorToken: welcome.visitorToken!,
        resume: { [conversationId]: cursor },
      });
      const rest = await back.collect('message', total + 1 - cursor, 60_000);
      assert.deepEqual(
        rest.map((frame) => frame.message.seq),
        Array.from({ length: total + 1 - cursor }, (_, i) => cursor + 1 + i),
      );
      back.close();
      staff.close();
    } finally {
      await relay.close();
    }
  });
  it('finds a slow consumer in turn when it checks fewer sockets per sweep than are open', async () => {
    // One socket checked every 250 ms, with six open: the slow one's turn comes within about 1.5 s.
    const relay = await start({
      maxBackpressureBytes: 64 * 1024,
      slowChecksPerSweep: 1,
      rateLimitBurst: 0,
      ipRateLimitBurst: 0,
    });
    const idle: TestClient[] = [];
    try {
      for (let i = 0; i < 4; i++) idle.push((await TestClient.hello(relay.wsUrl, { siteKey })).client);
      const { slow, staff } = await floodSlowConsumer(relay);
      assert.equal((await slow.closed).code, CLOSES.slow_consumer.code);
      // The others were checked too, and are not slow: still open.
      for (const client of idle) assert.equal(client.ws.readyState, client.ws.OPEN);
      staff.close();
    } finally {
      for (const client of idle) client.close();
      await relay.close();
    }
  });
});

describe('relay: resume', () => {
  it('resumes a visitor in step without reading the store, and loses nothing written meanwhile', async () => {
    const relay = await start({ rateLimitBurst: 0, ipRateLimitBurst: 0 });
    const store = relay.store;
    const read = store.messagesAfter.bind(store);
    let reads = 0;
    store.messagesAfter = (...args) => {
      reads++;
      return read(...args);
    };
    try {
      const { client: first, welcome } = await TestClient.hello(relay.wsUrl, { siteKey });
      const conversationId = welcome.conversationId!;
      const { client: staff } = await TestClient.hello(relay.wsUrl, { staffToken: adminToken });
      await first.say('step-0', 'the visitor opens the conversation');
      first.close();
      let stored = 1;
      let acked = 0;
      // In step and nothing written since: no read at all.
      reads = 0;
      const { client: quiet } = await TestClient.hello(relay.wsUrl, {
        siteKey,
        visitorToken: welcome.visitorToken!,
        resume: { [conversationId]: stored },
      });
      await quiet.roundTrip();
      assert.equal(reads, 0, 'a visitor resuming at the end reads no page');
      quiet.close();
      // In step when the hello starts while staff keep writing: whether the hello reads the conversation before or
      // after a write commits, every message after the cursor arrives once, in order.
      for (let round = 0; round < 12; round++) {
        const cursor = stored;
        const writing = (async () => {
          for (let i = 0; i < 20; i++) {
            staff.send({ type: 'send', id: `step-${round}-${i}`, conversationId, text: `r${round} m${i}` });
            if (i % 3 === round % 3) await new Promise((resolve) => setImmediate(resolve));
          }
        })();
        const { client: back } = await TestClient.hello(relay.wsUrl, {
          siteKey,
          visitorToken: welcome.visitorToken!,
          resume: { [conversationId]: cursor },
        });
        await writing;
        acked += 20;
        await staff.collect('ack', acked, 10_000);
        stored += 20;
        await back.collect('message', 20, 10_000);
        await back.roundTrip();
        const seqs = back.frames.filter((frame) => frame.type === 'message').map((frame) => frame.message.seq);
        assert.deepEqual(
          seqs,
          Array.from({ length: 20 }, (_, i) => cursor + 1 + i),
          `round ${round}`,
        );
        back.close();
      }
      staff.close();
    } finally {
      await relay.close();
    }
  });

  it('replays everything after the cursor, in order, after a clean restart', async () => {
    const dataDir = tempDir();
    let relay = await start({ dataDir, rateLimitBurst: 0, ipRateLimitBurst: 0 });
    const { client, welcome } = await TestClient.hello(relay.wsUrl, { siteKey });
    for (let i = 1; i <= 250; i++) client.send({ type: 'send', id: `r-${i}`, text: `message ${i}` });
    await client.collect('ack', 250);
    client.close();
    await relay.close();

    relay = await start({ dataDir });
    try {
      const { client: back, welcome: again } = await TestClient.hello(relay.wsUrl, {
        siteKey,
        visitorToken: welcome.visitorToken!,
        resume: { [welcome.conversationId!]: 40 },
      });
      assert.equal(again.conversationId, welcome.conversationId);
      assert.equal(again.lastSeq, 250);
      const replayed = await back.collect('message', 210);
      assert.deepEqual(
        replayed.map((frame) => frame.message.seq),
        Array.from({ length: 210 }, (_, i) => 41 + i),
      );
      back.close();
    } finally {
      await relay.close();
    }
  });

  it('delivers each message exactly once and in order to a visitor who resumes while messages keep coming', async () => {
    const relay = await start({ rateLimitBurst: 0, ipRateLimitBurst: 0 });
    try {
      const { client: first, welcome } = await TestClient.hello(relay.wsUrl, { siteKey });
      const conversationId = welcome.conversationId!;
      const { client: staff } = await TestClient.hello(relay.wsUrl, { staffToken: adminToken });
      await first.say('live-0', 'the visitor opens the conversation');
      const total = 600;
      for (let i = 1; i <= 299; i++) staff.send({ type: 'send', id: `live-${i}`, conversationId, text: `m${i}` });
      await staff.collect('ack', 299);
      first.close();
      // Reconnect from seq 100 while the second half is being written.
      const writing = (async () => {
        for (let i = 300; i < total; i++) {
          staff.send({ type: 'send', id: `live-${i}`, conversationId, text: `m${i}` });
          if (i % 25 === 0) await new Promise((resolve) => setImmediate(resolve));
        }
      })();
      const { client: back } = await TestClient.hello(relay.wsUrl, {
        siteKey,
        visitorToken: welcome.visitorToken!,
        resume: { [conversationId]: 100 },
      });
      await writing;
      const frames = await back.collect('message', total - 100, 10_000);
      // Every message is published by the time its ack is sent: after all acks and a ping, nothing is on its way.
      await staff.collect('ack', total - 1, 10_000);
      await back.roundTrip();
      const seqs = back.frames.filter((frame) => frame.type === 'message').map((frame) => frame.message.seq);
      assert.deepEqual(
        seqs,
        Array.from({ length: total - 100 }, (_, i) => 101 + i),
      );
      assert.equal(frames.length, total - 100);
      back.close();
      staff.close();
    } finally {
      await relay.close();
    }
  });
});

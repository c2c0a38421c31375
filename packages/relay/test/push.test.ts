import assert from 'node:assert/strict';
import { createECDH, createPublicKey, randomBytes, verify, type ECDH } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
// @ts-expect-error -- http_ece (web-push's own encryption library, installed with it) ships no types; the test
// decrypts what a browser would with it.
import ece from 'http_ece';
import type { RunningRelay } from '../src/index.js';
import type { OutboxRecord } from '../src/store/admin-store.js';
import { DEFAULT_SITE_ID } from '../src/store/store.js';
import { vapidKeys } from '../src/push/vapid.js';
import { Browser, setUpOwner } from './support/auth-browser.js';
import { TestClient } from './support/client.js';
import { adminToken, call, relaySecret, siteKey, startDesk } from './support/desk.js';
import { until } from './support/until.js';

/** A push service on loopback: records each push, and answers with `status` (201 by default). */
class PushService {
  readonly received: Array<{ path: string; headers: IncomingHttpHeaders; body: Buffer }> = [];
  status = 201;
  private readonly server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      this.received.push({ path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) });
      res.writeHead(this.status).end();
    });
  });

  static async start(): Promise<PushService> {
    const service = new PushService();
    await new Promise<void>((resolve) => service.server.listen(0, '127.0.0.1', resolve));
    return service;
  }

  url(path: string): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}${path}`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** A browser's subscription: its P-256 key pair and auth secret, as `pushManager.subscribe` makes them. */
function browser(endpoint: string): { ecdh: ECDH; auth: Buffer; body: Record<string, unknown> } {
  const ecdh = createECDH('prime256v1');
  ecdh.generateKeys();
  const auth = randomBytes(16);
  return {
    ecdh,
    auth,
    body: { endpoint, keys: { p256dh: ecdh.getPublicKey().toString('base64url'), auth: auth.toString('base64url') } },
  };
}

/** Checks the VAPID header (a JWT signed with the relay's key, for the push service's origin) and decrypts. */
function open(
  push: { headers: IncomingHttpHeaders; body: Buffer },
  subscriber: { ecdh: ECDH; auth: Buffer },
  audience: string,
): Record<string, string> {
  const match = /^vapid t=([^,]+), k=(.+)$/.exec(String(push.headers.authorization));
  assert.ok(match, `a VAPID authorization header: ${push.headers.authorization}`);
  const [header, claims, signature] = match[1]!.split('.') as [string, string, string];
  assert.equal(match[2], vapidKeys(relaySecret).publicKey, 'signed with the key derived from the relay secret');
  const key = createPublicKey({
    key: { kty: 'EC', crv: 'P-256', ...xy(Buffer.from(match[2]!, 'base64url')) },
    format: 'jwk',
  });
  assert.ok(
    verify(
      'sha256',
      Buffer.from(`${header}.${claims}`),
      { key, dsaEncoding: 'ieee-p1363' },
      Buffer.from(signature, 'base64url'),
    ),
    'the JWT signature holds',
  );
  const claimed = JSON.parse(Buffer.from(claims, 'base64url').toString()) as { aud: string; exp: number; sub: string };
  assert.equal(claimed.aud, audience);
  assert.ok(claimed.exp > Date.now() / 1000);
  assert.equal(push.headers['content-encoding'], 'aes128gcm');
  const plain = ece.decrypt(push.body, {
    version: 'aes128gcm',
    privateKey: subscriber.ecdh,
    authSecret: subscriber.auth,
  });
  return JSON.parse(plain.toString('utf8')) as Record<string, string>;
}

function xy(point: Buffer): { x: string; y: string } {
  return { x: point.subarray(1, 33).toString('base64url'), y: point.subarray(33, 65).toString('base64url') };
}

async function jobs(relay: RunningRelay, kind: string): Promise<OutboxRecord[]> {
  return (await relay.admin.repos.outbox.listOutbox(DEFAULT_SITE_ID, { kind }, 100)).items;
}

/** A push service and a relay that pushes to it (loopback allowed), with an agent token named Ana. */
async function startPushDesk(): Promise<{
  service: PushService;
  relay: RunningRelay;
  agent: { id: string; token: string };
}> {
  const service = await PushService.start();
  const relay = await startDesk({ relaySecret, webhookAllowPrivate: true, outboxTiming: { pollMs: 50 } });
  return { service, relay, agent: await relay.agent('Ana') };
}

describe('Web Push to staff whose inbox is closed', () => {
  let service: PushService;
  let relay: RunningRelay;
  let agent: { id: string; token: string };
  const phone = () => browser(service.url('/push/agent-phone'));
  let subscriber: ReturnType<typeof browser>;

  before(async () => {
    ({ service, relay, agent } = await startPushDesk());
    await relay.mentions.refresh();
  });
  after(async () => {
    await relay.close();
    await service.stop();
  });

  it('gives the key browsers subscribe with, and saves a browser’s subscription', async () => {
    const key = await call(relay, 'GET', '/v1/admin/me/push', undefined, agent.token);
    assert.deepEqual(key.body, { publicKey: vapidKeys(relaySecret).publicKey, subscriptions: 0 });
    subscriber = phone();
    const saved = await call(relay, 'POST', '/v1/admin/me/push-subscriptions', subscriber.body, agent.token);
    assert.deepEqual(saved, { status: 201, body: { subscriptions: 1 } });
    // The audit log says a browser subscribed, never where (the endpoint is a capability).
    const audit = await call(relay, 'GET', '/v1/admin/audit?limit=5');
    const entry = audit.body.items.find((item: { action: string }) => item.action === 'push.subscribe');
    assert.ok(entry);
    assert.doesNotMatch(JSON.stringify(audit.body), /agent-phone/);
  });

  it('pushes a visitor’s message, encrypted to the browser and signed with the relay’s VAPID key', async () => {
    const { client: visitor } = await TestClient.hello(relay.wsUrl, { siteKey, name: 'Ada' });
    await visitor.say('v1', 'Is the blue tent in stock?');
    visitor.close();
    await until(() => service.received.length === 1, 'the push');
    const [push] = service.received;
    assert.equal(push!.path, '/push/agent-phone');
    assert.equal(push!.headers.urgency, 'high');
    assert.ok(Number(push!.headers.ttl) > 0);
    assert.match(String(push!.headers.topic), /^[A-Za-z0-9_-]{1,32}$/);
    const payload = open(push!, subscriber, service.url('').replace(/\/$/, ''));
    assert.equal(payload.title, 'New conversation: Ada');
    assert.equal(payload.body, 'Is the blue tent in stock?');
    assert.match(payload.tag!, /^conversation:c_/);
    // What a click on the notification opens.
    assert.match(String(payload.conversationId), /^c_/);
    assert.equal(payload.tag, `conversation:${payload.conversationId}`);
    assert.equal(payload.siteId, DEFAULT_SITE_ID);
    assert.doesNotMatch(push!.body.toString('latin1'), /blue tent/, 'the push service cannot read it');
  });

  it('names a visitor without a name as the inbox does: the masked email, else "Visitor #" and the end of the id', async () => {
    const before = service.received.length;
    const { client: withEmail } = await TestClient.hello(relay.wsUrl, { siteKey, email: 'ben@shop.example' });
    await withEmail.say('b1', 'Hello?');
    withEmail.close();
    await until(() => service.received.length === before + 1, 'the first push');
    const { client: nobody, welcome } = await TestClient.hello(relay.wsUrl, { siteKey });
    await nobody.say('n1', 'Hi');
    nobody.close();
    await until(() => service.received.length === before + 2, 'the second push');
    const titles = service.received
      .slice(before)
      .map((push) => open(push, subscriber, service.url('').replace(/\/$/, '')).title);
    assert.deepEqual(titles, [
      'New conversation: b***@sh***.example',
      `New conversation: Visitor #${welcome.visitorId!.slice(-4)}`,
    ]);
  });

  it('does not push to someone whose inbox is open', async () => {
    const socket = (await TestClient.hello(relay.wsUrl, { staffToken: agent.token })).client;
    await relay.routing.heartbeat();
    try {
      const before = service.received.length;
      const { client: visitor } = await TestClient.hello(relay.wsUrl, { siteKey });
      await visitor.say('v1', 'Anyone there?');
      visitor.close();
      await until(
        async () => (await jobs(relay, 'push.message')).filter((job) => job.status === 'skipped').length === 1,
        'the job to find nobody to push to',
      );
      assert.equal(service.received.length, before);
    } finally {
      socket.close();
    }
  });

  it('forgets a browser its push service says is gone, and takes a new one', async () => {
    service.status = 410;
    const before = service.received.length;
    const { client: visitor } = await TestClient.hello(relay.wsUrl, { siteKey });
    // Nobody has been seen for a while: the agent's inbox counts as closed again.
    await relay.admin.repos.routing.staffSeen([{ id: agent.id, siteId: DEFAULT_SITE_ID }], Date.now() - 120_000);
    await visitor.say('v1', 'Hello?');
    visitor.close();
    await until(() => service.received.length === before + 1, 'the push to the gone browser');
    await until(
      async () => (await call(relay, 'GET', '/v1/admin/me/push', undefined, agent.token)).body.subscriptions === 0,
      'the subscription to be forgotten',
    );
    service.status = 201;
  });

  it('refuses bad subscriptions with a clear error and stores nothing', async () => {
    const good = phone().body as { endpoint: string; keys: { p256dh: string; auth: string } };
    const cases: Array<[string, unknown]> = [
      ['no keys', { endpoint: good.endpoint }],
      ['a short key', { ...good, keys: { ...good.keys, p256dh: good.keys.p256dh.slice(0, 80) } }],
      ['a bad auth', { ...good, keys: { ...good.keys, auth: Buffer.alloc(20).toString('base64url') } }],
      ['not a URL', { ...good, endpoint: 'push service' }],
      ['a URL with credentials', { ...good, endpoint: 'https://user:pass@push.example/x' }],
    ];
    for (const [what, body] of cases) {
      const answer = await call(relay, 'POST', '/v1/admin/me/push-subscriptions', body, agent.token);
      assert.equal(answer.status, 400, what);
      assert.equal(answer.body.error.code, 'bad_request', what);
    }
    assert.equal((await call(relay, 'GET', '/v1/admin/me/push', undefined, agent.token)).body.subscriptions, 0);
    const gone = await call(
      relay,
      'DELETE',
      '/v1/admin/me/push-subscriptions',
      { endpoint: good.endpoint },
      agent.token,
    );
    assert.equal(gone.status, 404);
  });

  it('pushes a mention to the colleague it names, and unsubscribing stops pushes', async () => {
    subscriber = phone();
    await call(relay, 'POST', '/v1/admin/me/push-subscriptions', subscriber.body, agent.token);
    await relay.admin.repos.routing.staffSeen([{ id: agent.id, siteId: DEFAULT_SITE_ID }], Date.now() - 120_000);
    const pushed = service.received.length;
    const { client: visitor, welcome } = await TestClient.hello(relay.wsUrl, { siteKey });
    await visitor.say('v1', 'I need a refund');
    visitor.close();
    await until(() => service.received.length === pushed + 1, 'the message push');
    const before = service.received.length;
    const admin = (await TestClient.hello(relay.wsUrl, { staffToken: adminToken })).client;
    await admin.say('n1', '@Ana can you handle this refund?', { conversationId: welcome.conversationId, note: true });
    admin.close();
    await until(() => service.received.length === before + 1, 'the mention push');
    const payload = open(service.received.at(-1)!, subscriber, service.url('').replace(/\/$/, ''));
    assert.match(payload.title!, /mentioned you$/);
    assert.equal(payload.body, '@Ana can you handle this refund?');
    assert.deepEqual([payload.conversationId, payload.siteId], [welcome.conversationId, DEFAULT_SITE_ID]);

    const off = await call(
      relay,
      'DELETE',
      '/v1/admin/me/push-subscriptions',
      { endpoint: (subscriber.body as { endpoint: string }).endpoint },
      agent.token,
    );
    assert.equal(off.status, 204);
    const count = service.received.length;
    const { client: again } = await TestClient.hello(relay.wsUrl, { siteKey });
    await again.say('v1', 'Still there?');
    again.close();
    await until(
      async () => (await jobs(relay, 'push.message')).every((job) => job.status !== 'pending'),
      'the last job to run',
    );
    assert.equal(service.received.length, count);
  });
});

describe('Web Push: one subscription fails alone, and an endpoint stays with whoever saved it (issue #33)', () => {
  let service: PushService;
  let relay: RunningRelay;
  let agent: { id: string; token: string };

  before(async () => {
    ({ service, relay, agent } = await startPushDesk());
  });
  after(async () => {
    await relay.close();
    await service.stop();
  });

  /** A visitor's message while the agent's inbox is closed; resolves with the push job once it has run. */
  async function pushedMessage(text: string): Promise<OutboxRecord> {
    await relay.admin.repos.routing.staffSeen([{ id: agent.id, siteId: DEFAULT_SITE_ID }], Date.now() - 120_000);
    const { client: visitor, welcome } = await TestClient.hello(relay.wsUrl, { siteKey });
    await visitor.say('v1', text);
    visitor.close();
    let job: OutboxRecord | undefined;
    await until(async () => {
      job = (await jobs(relay, 'push.message')).find(
        (each) => each.conversationId === welcome.conversationId && each.status !== 'pending',
      );
      return job !== undefined;
    }, 'the push job to run');
    return job!;
  }

  it('a browser key nothing can be encrypted to is refused, and one stored earlier is forgotten alone', async () => {
    const offCurve = { p256dh: Buffer.concat([Buffer.from([4]), Buffer.alloc(64, 1)]).toString('base64url') };
    const refused = await call(
      relay,
      'POST',
      '/v1/admin/me/push-subscriptions',
      { endpoint: service.url('/push/bad'), keys: { ...offCurve, auth: randomBytes(16).toString('base64url') } },
      agent.token,
    );
    assert.equal(refused.status, 400);
    // One saved before keys were checked on the curve, older than the good one (so it is pushed to first).
    await relay.admin.repos.push.savePushSubscription({
      endpoint: service.url('/push/bad'),
      siteId: DEFAULT_SITE_ID,
      staffId: agent.id,
      ...offCurve,
      auth: randomBytes(16).toString('base64url'),
      createdAt: 1,
    });
    const good = browser(service.url('/push/good'));
    assert.equal((await call(relay, 'POST', '/v1/admin/me/push-subscriptions', good.body, agent.token)).status, 201);

    const job = await pushedMessage('Is anyone there?');
    assert.equal(job.status, 'delivered', JSON.stringify(job));
    assert.deepEqual(
      service.received.map((push) => push.path),
      ['/push/good'],
    );
    assert.equal(open(service.received[0]!, good, service.url('').replace(/\/$/, '')).body, 'Is anyone there?');
    assert.equal((await call(relay, 'GET', '/v1/admin/me/push', undefined, agent.token)).body.subscriptions, 1);
  });

  it('refuses with 409 an endpoint re-posted by another member, and keeps pushing to its owner', async () => {
    const taken = browser(service.url('/push/good'));
    const answer = await call(relay, 'POST', '/v1/admin/me/push-subscriptions', taken.body, adminToken);
    assert.equal(answer.status, 409);
    assert.equal(answer.body.error.code, 'conflict');
    assert.equal((await call(relay, 'GET', '/v1/admin/me/push')).body.subscriptions, 0);
    const before = service.received.length;
    await pushedMessage('Hello again');
    assert.equal(service.received.length, before + 1);
    // Still encrypted to the owner's keys, not to the keys the other member posted.
    assert.throws(() => open(service.received.at(-1)!, taken, service.url('').replace(/\/$/, '')));
  });
});

describe('Web Push: a conversation read on one device closes its notification on the others (issue #43)', () => {
  let service: PushService;
  let relay: RunningRelay;
  let desk: Browser;
  let phone: Browser;
  const subscribers = new Map<string, ReturnType<typeof browser>>();
  const audience = () => service.url('').replace(/\/$/, '');
  /** The pushes each browser received since `from`, decrypted. */
  const pushesTo = (path: string, from: number) =>
    service.received
      .slice(from)
      .filter((push) => push.path === path)
      .map((push) => open(push, subscribers.get(path)!, audience()) as Record<string, unknown>);
  const conversations: Record<string, string> = {};

  before(async () => {
    service = await PushService.start();
    relay = await startDesk({
      relaySecret,
      webhookAllowPrivate: true,
      outboxTiming: { pollMs: 50 },
      ipRateLimitPerSecond: 0,
      adminRateLimitBurst: 0,
    });
    // One member, signed in on two devices: two browser sessions, each saving its own subscription.
    desk = await setUpOwner(relay);
    phone = new Browser(relay);
    const signedIn = await phone.call('POST', '/v1/auth/login', {
      email: 'owner@example.com',
      password: 'owner password 12',
    });
    assert.equal(signedIn.status, 200, JSON.stringify(signedIn.body));
    for (const [device, path] of [
      [desk, '/push/desk'],
      [phone, '/push/phone'],
    ] as const) {
      const subscriber = browser(service.url(path));
      subscribers.set(path, subscriber);
      assert.equal((await device.call('POST', '/v1/admin/me/push-subscriptions', subscriber.body)).status, 201);
    }
    // Three visitors write while the member's inbox is closed everywhere: each device shows three notifications.
    for (const name of ['Ada', 'Ben', 'Cy']) {
      const { client, welcome } = await TestClient.hello(relay.wsUrl, { siteKey, name });
      await client.say('v1', `Hello from ${name}`);
      client.close();
      conversations[name] = welcome.conversationId!;
    }
    await until(() => service.received.length === 6, 'a push per conversation to each device');
  });
  after(async () => {
    await relay.close();
    await service.stop();
  });

  /** A staff connection of `device` (its browser session), welcomed. */
  async function socketOf(device: Browser): Promise<TestClient> {
    const socket = await device.socket();
    socket.send({ type: 'hello' });
    await socket.next('welcome');
    return socket;
  }

  /** Resolves once every `push.read` job has run, with their outcomes. */
  async function readJobsSettled(count: number): Promise<OutboxRecord[]> {
    let done: OutboxRecord[] = [];
    await until(async () => {
      const all = await jobs(relay, 'push.read');
      done = all.filter((job) => job.status !== 'pending');
      return all.length === count && done.length === count;
    }, `${count} read job(s) run`);
    return done;
  }

  it('reads on the desk close them on the phone, in one push for reads close together, and never on the desk', async () => {
    const before = service.received.length;
    const socket = await socketOf(desk);
    try {
      socket.send({ type: 'read', conversationId: conversations.Ada, seq: 1 });
      socket.send({ type: 'read', conversationId: conversations.Ben, seq: 1 });
      const [job] = await readJobsSettled(1);
      assert.equal(job!.status, 'delivered');
      const toPhone = pushesTo('/push/phone', before);
      assert.equal(toPhone.length, 1, 'one push for both reads');
      assert.equal(toPhone[0]!.type, 'read');
      assert.deepEqual(
        [...(toPhone[0]!.tags as string[])].sort(),
        [`conversation:${conversations.Ada}`, `conversation:${conversations.Ben}`].sort(),
      );
      assert.deepEqual(pushesTo('/push/desk', before), [], 'the device that read closes its own');
      assert.equal(service.received.length, before + 1);
      const pushed = service.received.at(-1)!;
      assert.equal(pushed.headers.topic, undefined, 'no topic: a later read push must not replace this one');
      assert.equal(pushed.headers.urgency, 'normal');
    } finally {
      socket.close();
    }
  });

  it('a read on the phone closes the desk’s; a conversation shown on no device anymore pushes nothing', async () => {
    const before = service.received.length;
    const socket = await socketOf(phone);
    try {
      socket.send({ type: 'read', conversationId: conversations.Cy, seq: 1 });
      await readJobsSettled(2);
      assert.deepEqual(pushesTo('/push/desk', before), [{ type: 'read', tags: [`conversation:${conversations.Cy}`] }]);
      assert.deepEqual(pushesTo('/push/phone', before), []);
      // Read again, from either device: nothing is shown anywhere, so no job and no push.
      socket.send({ type: 'read', conversationId: conversations.Ada, seq: 1 });
      socket.send({ type: 'read', conversationId: conversations.Cy, seq: 1 });
      await socket.roundTrip();
      const desktop = await socketOf(desk);
      desktop.send({ type: 'read', conversationId: conversations.Ben, seq: 1 });
      await desktop.roundTrip();
      desktop.close();
      assert.equal((await jobs(relay, 'push.read')).length, 2, 'no job for what no device shows');
      assert.equal(service.received.length, before + 1);
    } finally {
      socket.close();
    }
  });

  it('does not push a message the conversation was read up to already', async () => {
    const before = service.received.length;
    // The member away again, and a push for Ada's conversation, whose message is read: skipped, nothing sent.
    const me = (await desk.call('GET', '/v1/admin/me')).body as { id: string };
    await relay.admin.repos.routing.staffSeen([{ id: me.id, siteId: DEFAULT_SITE_ID }], Date.now() - 120_000);
    await relay.admin.repos.outbox.enqueueOutbox(
      [
        {
          kind: 'push.message',
          siteId: DEFAULT_SITE_ID,
          dedupeKey: conversations.Ada!,
          conversationId: conversations.Ada!,
          payload: { conversationId: conversations.Ada },
        },
      ],
      Date.now(),
    );
    relay.admin.outbox.nudge();
    let job: OutboxRecord | undefined;
    await until(async () => {
      job = (await jobs(relay, 'push.message')).find(
        (each) => each.conversationId === conversations.Ada && each.status === 'skipped',
      );
      return job !== undefined;
    }, 'the push job to be skipped');
    assert.equal(service.received.length, before);
  });
});

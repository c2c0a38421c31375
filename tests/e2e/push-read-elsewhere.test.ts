// End-to-end (issue #43): a conversation read on another device closes its notification on this one. The relay pushes
// to a push service on loopback; the test decrypts each push with the subscription's keys, as the browser would, and
// hands it to the inbox's real service worker through DevTools (headless Chromium has no push service of its own).
// DevTools' delivery skips Chromium's userVisibleOnly check, so the test asserts that check's own condition after
// each push (PushMessagingNotificationManager::DidCountVisibleNotifications, ADR 0038): a notification of the worker
// still showing, a window of the origin on screen, or a silent close the worker allows itself; and that Chromium's
// generic notification (tag `user_visible_auto_notification`) never shows.
import assert from 'node:assert/strict';
import { createECDH, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, CDPSession, Page } from 'playwright-core';
// @ts-expect-error -- http_ece (web-push's own encryption library, installed with it) ships no types; the test
// decrypts what a browser would with it.
import ece from 'http_ece';
import type { RunningRelay } from '@parley/relay';
import {
  adminDir,
  buildWidget,
  helloSocket,
  launchChromium,
  notificationsShown,
  startE2eRelay,
  until,
} from '../support/e2e.js';

const ADMIN_TOKEN = 'st_admin_test_read_elsewhere_0123456789';
const SITE_KEY = 'pk_test_read_elsewhere';
/** The tag of the notification Chromium shows itself when a push showed none (push_messaging_constants.cc). */
const GENERIC_TAG = 'user_visible_auto_notification';

/** A push service on loopback: keeps each push's body. */
class PushService {
  readonly received: Buffer[] = [];
  readonly #server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      this.received.push(Buffer.concat(chunks));
      res.writeHead(201).end();
    });
  });

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
  }

  url(path: string): string {
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}${path}`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.#server.close(() => resolve()));
  }
}

let relay: RunningRelay;
let closeRelay: () => Promise<void>;
let browser: Browser;
const service = new PushService();

before(async () => {
  buildWidget();
  await service.start();
  ({ relay, close: closeRelay } = await startE2eRelay({
    siteKey: SITE_KEY,
    adminToken: ADMIN_TOKEN,
    adminDir,
    webhookAllowPrivate: true,
    outboxTiming: { pollMs: 50 },
  }));
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await closeRelay?.();
  await service.stop();
});

async function api(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
  const response = await fetch(`${relay.httpUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: response.status === 204 ? undefined : await response.json() };
}

describe('notifications cleared when read on another device', () => {
  let context: BrowserContext;
  let page: Page;
  let cdp: CDPSession;

  after(() => context?.close());

  it('closes a read conversation’s notification through the real worker, and never leaves a push showing nothing', async () => {
    context = await browser.newContext({ permissions: ['notifications'] });
    page = await context.newPage();
    await page.goto(`${relay.httpUrl}/admin`);
    cdp = await context.newCDPSession(page);
    await cdp.send('ServiceWorker.enable');
    const registrations = new Map<string, string>();
    cdp.on('ServiceWorker.workerRegistrationUpdated', ({ registrations: updated }) => {
      for (const each of updated) if (!each.isDeleted) registrations.set(each.scopeURL, each.registrationId);
    });
    // The worker, registered as the inbox registers it once signed in.
    await page.evaluate(async () => {
      const registration = await navigator.serviceWorker.register('/admin/sw.js', {
        scope: '/admin',
        updateViaCache: 'none',
      });
      const pending = registration.installing ?? registration.waiting;
      if (!registration.active && pending)
        await new Promise<void>((resolve) =>
          pending.addEventListener('statechange', () => pending.state === 'activated' && resolve()),
        );
    });
    await until(async () => registrations.has(`${relay.httpUrl}/admin`), 'the registration');
    const registrationId = registrations.get(`${relay.httpUrl}/admin`)!;

    // This device's subscription: its keys are the test's, so that it can open what the relay pushes to it.
    const keys = createECDH('prime256v1');
    keys.generateKeys();
    const auth = randomBytes(16);
    const saved = await api('POST', '/v1/admin/me/push-subscriptions', {
      endpoint: service.url('/push/this-device'),
      keys: { p256dh: keys.getPublicKey().toString('base64url'), auth: auth.toString('base64url') },
    });
    assert.equal(saved.status, 201, JSON.stringify(saved.body));

    /** Hands the worker every push the relay sent since the last call, decrypted; resolves with their payloads. */
    let delivered = 0;
    const deliver = async (count: number, what: string): Promise<Array<Record<string, unknown>>> => {
      await until(async () => service.received.length >= delivered + count, what);
      assert.equal(service.received.length, delivered + count, `exactly ${count} push(es): ${what}`);
      const payloads: Array<Record<string, unknown>> = [];
      for (const body of service.received.slice(delivered, delivered + count)) {
        const data = ece
          .decrypt(body, { version: 'aes128gcm', privateKey: keys, authSecret: auth })
          .toString('utf8') as string;
        payloads.push(JSON.parse(data) as Record<string, unknown>);
        await cdp.send('ServiceWorker.deliverPushMessage', {
          origin: new URL(relay.httpUrl).origin,
          registrationId,
          data,
        });
      }
      delivered += count;
      return payloads;
    };
    /** The tags the worker's notifications show, as it lists them (the page may be elsewhere). */
    const shown = async (): Promise<string[]> =>
      (await notificationsShown(context.serviceWorkers().at(-1)!)).map((notification) => notification.tag).sort();
    const silentCloses = async (): Promise<number> => {
      const worker = context.serviceWorkers().at(-1)!;
      return worker.evaluate(async () => {
        const kept = await caches.match('/admin/push-silent-closes', { cacheName: 'parley-push-state' });
        return kept ? ((await kept.json()) as unknown[]).length : 0;
      });
    };

    // Three visitors write while nobody's inbox is open: this device shows a notification per conversation.
    const conversations: Record<string, string> = {};
    const write = async (name: string) => {
      const visitor = await helloSocket(relay.wsUrl, { siteKey: SITE_KEY, name });
      visitor.send(JSON.stringify({ type: 'send', id: `${name}-1`, text: `Hello from ${name}` }));
      const [payload] = await deliver(1, `${name}’s message pushed`);
      visitor.close();
      conversations[name] = String(payload!.conversationId);
      return `conversation:${conversations[name]}`;
    };
    const tags = [await write('Ada'), await write('Ben'), await write('Cy')];
    await until(async () => (await shown()).length === 3, 'three notifications');
    assert.deepEqual(await shown(), [...tags].sort());

    // Another device reads: a staff connection elsewhere, closed once the relay told everyone of the read. Then the
    // member counts as away again (their inbox closed), so that visitors' messages are pushed.
    const me = (await api('GET', '/v1/admin/me')).body as { id: string; site: { id: string } };
    const readElsewhere = async (...names: string[]) => {
      const elsewhere = await helloSocket(relay.wsUrl, { staffToken: ADMIN_TOKEN });
      const told = new Set<string>();
      elsewhere.on('message', (raw) => {
        const frame = JSON.parse(String(raw)) as { type: string; conversationId?: string; by?: string };
        if (frame.type === 'read' && frame.by === 'staff') told.add(frame.conversationId!);
      });
      for (const name of names)
        elsewhere.send(JSON.stringify({ type: 'read', conversationId: conversations[name], seq: 1 }));
      await until(async () => names.every((name) => told.has(conversations[name]!)), 'the reads stored');
      await new Promise((resolve) => {
        elsewhere.once('close', resolve);
        elsewhere.close();
      });
      await relay.admin.repos.routing.staffSeen([{ id: me.id, siteId: me.site.id }], Date.now() - 120_000);
    };

    // Ada's conversation read elsewhere: the relay pushes its closing here; Ben's and Cy's stay.
    await readElsewhere('Ada');
    const [read] = await deliver(1, 'the read pushed');
    assert.deepEqual(read, { type: 'read', tags: [tags[0]] });
    await until(async () => (await shown()).length === 2, 'Ada’s notification closed');
    assert.deepEqual(await shown(), [tags[1], tags[2]].sort(), 'others stay: Chromium counts them, no budget spent');
    assert.equal(await silentCloses(), 0);

    // No page of the relay on screen now. Ben's and Cy's read together: one push closes both, the last ones, so the
    // worker spends its one silent close of the day (Chromium's budget covers it for an app in use).
    await page.goto('about:blank');
    await readElsewhere('Ben', 'Cy');
    const [both] = await deliver(1, 'both reads in one push');
    assert.deepEqual([...(both!.tags as string[])].sort(), [tags[1], tags[2]].sort());
    await until(async () => (await shown()).length === 0, 'the last notifications closed');
    await until(async () => (await silentCloses()) === 1, 'the silent close counted');

    // Past that allowance, the last one closed is replaced by one quiet notification, never by Chromium's own.
    const dee = await write('Dee');
    await until(async () => (await shown()).includes(dee), 'Dee’s notification');
    await readElsewhere('Dee');
    await deliver(1, 'Dee’s read pushed');
    await until(async () => !(await shown()).includes(dee), 'Dee’s notification closed');
    assert.deepEqual(await shown(), ['parley-read-elsewhere'], 'one of the worker’s own still shows');
    assert.equal(await silentCloses(), 1);

    // The next notification shown takes the quiet one's place; Chromium's own never showed.
    const eve = await write('Eve');
    await until(async () => (await shown()).join() === eve, 'Eve’s notification alone');
    assert.ok(!(await shown()).includes(GENERIC_TAG));
  });
});

// Past conversations against the real relay (issue #86; port 0, real sockets, `ws` as the WebSocket): a visitor
// chats, staff resolve it, the visitor comes back on a later page load, starts another conversation, then finds the
// earlier one in their list, reads it, and continues it: writing reopens it.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startRelay, type RunningRelay } from '@parley/relay';
import WebSocket from 'ws';
import { VisitorHistory } from '../src/history.js';
import { VisitorClient } from '../src/visitor-client.js';
import type { ParleyClientOptions, WebSocketConstructor } from '../src/types.js';
import { until } from './until.js';

const SITE_KEY = 'pk_test_sdk_history';
const ADMIN_TOKEN = 'st_admin_test_sdk_history_0123456789';

describe('VisitorHistory against the relay', () => {
  let relay: RunningRelay;
  let dataDir: string;
  const clients: VisitorClient[] = [];

  /** A visitor's page: a client of its own (a page load), with the token the last one was given. */
  async function page(options: Partial<ParleyClientOptions> = {}): Promise<VisitorClient> {
    const client = new VisitorClient({
      url: relay.wsUrl,
      siteKey: SITE_KEY,
      WebSocket: WebSocket as unknown as WebSocketConstructor,
      storage: 'memory',
      ...options,
    });
    clients.push(client);
    client.connect();
    await client.ready();
    return client;
  }

  async function admin(method: string, path: string, body?: unknown): Promise<Record<string, unknown>> {
    const response = await fetch(`${relay.httpUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    assert.ok(response.ok, `${method} ${path}: ${response.status}`);
    return (await response.json()) as Record<string, unknown>;
  }

  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'parley-sdk-history-'));
    relay = await startRelay({
      port: 0,
      host: '127.0.0.1',
      dataDir,
      siteKey: SITE_KEY,
      adminToken: ADMIN_TOKEN,
      allowedOrigins: ['*'],
      logLevel: 'silent',
    });
  });

  after(async () => {
    for (const client of clients) client.close();
    await relay.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('finds last week’s conversation on a later visit, reads it, and continues it', async () => {
    const first = await page();
    await first.send('My order never came');
    await until(first, () => first.messages().some((m) => m.seq === 1), 'stored');
    const earlier = first.conversationId!;
    await admin('POST', `/v1/admin/conversations/${earlier}/messages`, { id: 'r1', text: 'Resent today, sorry!' });
    await admin('PATCH', `/v1/admin/conversations/${earlier}`, { status: 'resolved' });
    const token = first.welcome!.visitorToken!;
    first.close();

    // A later visit: the same browser's token; a new conversation, stored at its first message.
    const later = await page({ visitorToken: token });
    const history = new VisitorHistory(later);
    const fresh = await history.continueIn();
    const newer = await page({ visitorToken: fresh.visitorToken });
    assert.equal(newer.conversationId, fresh.conversationId);
    await newer.send('Another question');
    await until(newer, () => newer.messages().some((m) => m.seq === 1), 'stored');

    const listed = await new VisitorHistory(newer).list();
    assert.deepEqual(
      listed.conversations.map((c) => [c.id, c.status, c.last?.text]),
      [
        [fresh.conversationId, 'open', 'Another question'],
        [earlier, 'resolved', 'Resent today, sorry!'],
      ],
    );
    const read = await new VisitorHistory(newer).read(earlier);
    assert.deepEqual(
      read.messages.map((m) => [m.text, m.mine]),
      [
        ['My order never came', true],
        ['Resent today, sorry!', false],
      ],
    );
    await assert.rejects(new VisitorHistory(newer).read('c_not_theirs'), { code: 'not_found' });

    const back = await new VisitorHistory(newer).continueIn(earlier);
    const continued = await page({ visitorToken: back.visitorToken });
    assert.equal(continued.conversationId, earlier);
    await continued.send('It came broken, actually');
    // Reopened by the visitor's message (an outbox job of the reopen feature: polled).
    const deadline = Date.now() + 10_000;
    for (;;) {
      const { status } = await admin('GET', `/v1/admin/conversations/${earlier}`);
      if (status === 'open') break;
      assert.ok(Date.now() < deadline, `the conversation reopened (still ${String(status)} after 10 s)`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  });
});

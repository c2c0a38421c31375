import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, before, describe, it } from 'node:test';
import type { RunningRelay } from '../src/index.js';
import { png } from './support/attachment-files.js';
import { TestClient } from './support/client.js';
import { adminToken, siteKey, startDesk } from './support/desk.js';

const V3 = 'parley.v3';
/** The host a visitor (or anyone without an admin's session) claims to have reached. */
const forged = 'evil.example';

/** One HTTP request to the relay with any `Host` (fetch would not let the test choose it). */
function send(
  relay: RunningRelay,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: Uint8Array,
): Promise<{ status: number; text: string }> {
  const url = new URL(relay.httpUrl);
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, path, method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Every signed address (`…?exp=…&sig=…`) in a text. */
const signedAddresses = (text: string): string[] => text.match(/[a-z]+:\/\/[^"\s]+sig=[^"\s]+/g) ?? [];

describe('signed file addresses point at the relay’s public origin, never at a request’s Host', () => {
  let relay: RunningRelay;
  before(async () => {
    // Behind a TLS proxy, as a relay with a public name is: its own scheme is the proxy's (X-Forwarded-Proto).
    relay = await startDesk({ ipRateLimitPerSecond: 0, trustProxy: true });
  });
  after(() => relay.close());

  it('a visitor’s forged Host appears in no signed address: upload, live, replay, history and admin API', async () => {
    const inbox = await TestClient.hello(relay.wsUrl, { staffToken: adminToken }, { protocol: V3 });
    const visitor = await TestClient.hello(relay.wsUrl, { siteKey }, { protocol: V3, headers: { host: forged } });
    const { visitorToken, conversationId } = visitor.welcome;
    try {
      const uploaded = await send(
        relay,
        'POST',
        '/v1/attachments?clientId=m-file&name=shot.png',
        { host: forged, authorization: `Bearer ${visitorToken}`, 'content-type': 'image/png' },
        await png(40, 30),
      );
      assert.equal(uploaded.status, 201, uploaded.text);
      const id = (JSON.parse(uploaded.text) as { id: string }).id;
      visitor.client.send({ type: 'send', id: 'm-file', text: '', attachments: [{ id }] });
      await visitor.client.next('ack', (ack) => ack.id === 'm-file');
      const live = await inbox.client.next('message', (frame) => frame.message.clientId === 'm-file');

      visitor.client.send({ type: 'history', ref: 'h', conversationId });
      const history = await visitor.client.next('history', (frame) => frame.ref === 'h');
      const replay = await TestClient.hello(
        relay.wsUrl,
        { siteKey, visitorToken, resume: { [conversationId!]: 0 } },
        { protocol: V3, headers: { host: forged } },
      );
      const replayed = await replay.client.next('message', (frame) => frame.message.clientId === 'm-file');
      replay.client.close();
      const reference = await send(relay, 'GET', `/v1/attachments/${id}/reference`, {
        host: forged,
        authorization: `Bearer ${visitorToken}`,
      });
      const listed = await send(relay, 'GET', `/v1/admin/conversations/${conversationId}/messages`, {
        host: forged,
        authorization: `Bearer ${adminToken}`,
      });
      assert.equal(listed.status, 200, listed.text);

      const everything = [uploaded.text, JSON.stringify([live, history, replayed]), reference.text, listed.text];
      const addresses = everything.flatMap(signedAddresses);
      assert.ok(addresses.length >= 6, `signed addresses found: ${addresses.length}`);
      assert.deepEqual(
        addresses.filter((address) => !address.startsWith(`${relay.httpUrl}/`)),
        [],
      );
      assert.equal(everything.join('\n').includes(forged), false);
      // They work where they point.
      assert.equal((await fetch(live.message.attachments![0]!.url!)).status, 200);
    } finally {
      visitor.client.close();
      inbox.client.close();
    }
  });

  it('learns the origin of the relay’s own inbox from an owner’s signed-in socket, not from an agent’s', async () => {
    const signIn = async (path: string, body: Record<string, unknown>): Promise<string> => {
      const response = await fetch(`${relay.httpUrl}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: relay.httpUrl },
        body: JSON.stringify(body),
      });
      assert.equal(response.status, 200, await response.clone().text());
      return /^(__Host-parley_session=[^;]+)/.exec(response.headers.get('set-cookie') ?? '')![1]!;
    };
    const token = /#setup=(.+)$/.exec(relay.setupLink ?? '')![1]!;
    const owner = await signIn('/v1/auth/setup', {
      token,
      email: 'o@example.com',
      name: 'O',
      password: 'owner pass 123',
    });
    const invited = await fetch(`${relay.httpUrl}/v1/admin/team/invitations`, {
      method: 'POST',
      headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'a@example.com', role: 'agent' }),
    });
    const invite = /#invite=(.+)$/.exec(((await invited.json()) as { link: string }).link)![1]!;
    const agent = await signIn('/v1/auth/invitations/accept', { token: invite, name: 'A', password: 'agent pass 123' });

    /** The address of a fresh upload's reference, as a visitor gets it. */
    const addressNow = async (): Promise<string> => {
      const { client, welcome } = await TestClient.hello(relay.wsUrl, { siteKey }, { protocol: V3 });
      client.close();
      const response = await fetch(`${relay.httpUrl}/v1/attachments?clientId=m-${Date.now()}&name=a.png`, {
        method: 'POST',
        headers: { authorization: `Bearer ${welcome.visitorToken}` },
        body: await png(8, 8),
      });
      return ((await response.json()) as { url: string }).url;
    };
    /** The inbox's socket, signed in with `cookie`, from a page at `origin` that reached the relay as `host`. */
    const inboxAt = async (cookie: string, origin: string, host: string): Promise<void> => {
      const { client } = await TestClient.hello(
        relay.wsUrl,
        {},
        { origin, headers: { host, cookie, 'x-forwarded-proto': 'https' } },
      );
      client.close();
    };

    assert.ok((await addressNow()).startsWith(`${relay.httpUrl}/`));
    // An agent's inbox, a visitor's page with the same headers, and an owner's inbox on another host teach nothing.
    await inboxAt(agent, 'https://agent.example', 'agent.example');
    const page = await TestClient.hello(
      relay.wsUrl,
      { siteKey },
      { origin: 'https://visitor.example', headers: { host: 'visitor.example' } },
    );
    page.client.close();
    assert.ok((await addressNow()).startsWith(`${relay.httpUrl}/`));
    // An owner of another site (a tenant of the relay) teaches nothing either: the relay's origin is the operator's.
    const siteB = await fetch(`${relay.httpUrl}/v1/admin/sites`, {
      method: 'POST',
      headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Tenant' }),
    });
    assert.equal(siteB.status, 201);
    const { id: tenantSite, adminToken: tenantToken } = (await siteB.json()) as { id: string; adminToken: string };
    const tenantInvite = await fetch(`${relay.httpUrl}/v1/admin/team/invitations`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tenantToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ email: 't@example.com', role: 'admin' }),
    });
    const tenantLink = /#invite=(.+)$/.exec(((await tenantInvite.json()) as { link: string }).link)![1]!;
    const tenant = await signIn('/v1/auth/invitations/accept', {
      token: tenantLink,
      name: 'T',
      password: 'tenant 1234',
    });
    const [tenantMember] = await relay.accounts.repos.accounts.listMembers(tenantSite);
    await relay.accounts.repos.accounts.updateMember(tenantSite, tenantMember!.id, { role: 'owner' });
    await inboxAt(tenant, 'https://tenant.example', 'tenant.example');
    assert.ok((await addressNow()).startsWith(`${relay.httpUrl}/`));
    // The owner's inbox, served by the relay at its public name: files point there from now on.
    await inboxAt(owner, 'https://chat.example.test', 'chat.example.test');
    assert.ok((await addressNow()).startsWith('https://chat.example.test/v1/attachments/'));
    // Learned once: the same owner's next socket, from another host, moves nothing.
    await inboxAt(owner, 'https://moved.example', 'moved.example');
    assert.ok((await addressNow()).startsWith('https://chat.example.test/v1/attachments/'));
  });
});

// examples/sms-twilio end to end, all on loopback: a fake of Twilio's Messaging API, the bridge, a real relay.
// An SMS comes in (Twilio's signed inbound webhook, posted to the bridge as Twilio would) and becomes a message of
// an `api` conversation in Parley; a staff reply there goes out through the fake Twilio as an SMS to the sender.
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startRelay, type RunningRelay } from '@parley/relay';
// @ts-expect-error -- a plain JavaScript example, without declarations
import { createBridge } from '../../examples/sms-twilio/bridge.mjs';

const adminToken = 'st_admin_sms_example_0123456789abcdef';
const accountSid = 'AC0123456789abcdef0123456789abcdef';
const authToken = 'twilio-auth-token-for-tests-0123';
const twilioNumber = '+15550006666';
const customer = '+15550001111';

/** What the fake Twilio was asked to send. */
interface SentSms {
  readonly to: string;
  readonly from: string;
  readonly body: string;
}

/**
 * A fake of Twilio's Messaging API on 127.0.0.1: `POST /2010-04-01/Accounts/{AccountSid}/Messages.json` with basic
 * auth (the account SID and auth token) and a form body (`To`, `From`, `Body`); answers 201 with a message resource,
 * as Twilio does, or 401 with Twilio's error shape for wrong credentials.
 */
async function fakeTwilio(): Promise<{ server: Server; base: string; sent: SentSms[]; refused: number[] }> {
  const sent: SentSms[] = [];
  const refused: number[] = [];
  let counter = 0;
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const expected = `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`;
      if (request.method !== 'POST' || request.url !== `/2010-04-01/Accounts/${accountSid}/Messages.json`) {
        refused.push(404);
        return void response.writeHead(404).end();
      }
      if (request.headers.authorization !== expected) {
        refused.push(401);
        response.writeHead(401, { 'content-type': 'application/json' });
        return void response.end(JSON.stringify({ code: 20003, message: 'Authenticate', status: 401 }));
      }
      const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
      const sms = { to: form.get('To') ?? '', from: form.get('From') ?? '', body: form.get('Body') ?? '' };
      sent.push(sms);
      response.writeHead(201, { 'content-type': 'application/json' });
      response.end(
        JSON.stringify({
          sid: `SM${String(++counter).padStart(32, '0')}`,
          account_sid: accountSid,
          to: sms.to,
          from: sms.from,
          body: sms.body,
          status: 'queued',
        }),
      );
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return { server, base: `http://127.0.0.1:${port}`, sent, refused };
}

/** Signs a form as Twilio does (written here from Twilio's documentation, apart from the bridge's own). */
function signAsTwilio(url: string, form: Record<string, string>): string {
  const data = Object.keys(form)
    .sort()
    .reduce((text, name) => text + name + form[name], url);
  return createHmac('sha1', authToken).update(data).digest('base64');
}

async function until(check: () => Promise<boolean> | boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('examples/sms-twilio: SMS through Twilio to Parley and back', () => {
  let relay: RunningRelay;
  let dataDir: string;
  let twilio: Awaited<ReturnType<typeof fakeTwilio>>;
  let bridge: Server;
  let bridgeUrl: string;
  const logLines: string[] = [];

  async function admin(method: string, path: string, body?: unknown) {
    const response = await fetch(`${relay.httpUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as any) : undefined };
  }

  /** Twilio's inbound SMS webhook, as Twilio posts it to the bridge. */
  function smsArrives(form: Record<string, string>, signature = signAsTwilio(`${bridgeUrl}/twilio/sms`, form)) {
    return fetch(`${bridgeUrl}/twilio/sms`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature },
      body: new URLSearchParams(form).toString(),
    });
  }

  const inbound = (sid: string, body: string): Record<string, string> => ({
    AccountSid: accountSid,
    ApiVersion: '2010-04-01',
    Body: body,
    From: customer,
    MessageSid: sid,
    NumMedia: '0',
    NumSegments: '1',
    SmsMessageSid: sid,
    SmsSid: sid,
    SmsStatus: 'received',
    To: twilioNumber,
  });

  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'parley-sms-example-'));
    relay = await startRelay({
      port: 0,
      host: '127.0.0.1',
      dataDir,
      siteKey: 'pk_test_sms_example',
      adminToken,
      logLevel: 'warn',
      // The bridge listens on loopback in this test; a deployed one has a public address.
      webhookAllowPrivate: true,
      ipRateLimitPerSecond: 0,
      outboxTiming: { pollMs: 20, baseDelayMs: 20, maxDelayMs: 80 },
    });
    twilio = await fakeTwilio();
    const config: Record<string, unknown> = {
      parleyUrl: relay.httpUrl,
      twilioAccountSid: accountSid,
      twilioAuthToken: authToken,
      twilioFrom: twilioNumber,
      twilioApiBase: twilio.base,
      log: (line: string) => logLines.push(line),
    };
    bridge = createBridge(config) as Server;
    bridge.listen(0, '127.0.0.1');
    await once(bridge, 'listening');
    bridgeUrl = `http://127.0.0.1:${(bridge.address() as AddressInfo).port}`;
    config.publicUrl = bridgeUrl;
    const made = await admin('POST', '/v1/admin/api-channels', {
      name: 'SMS',
      webhookUrl: `${bridgeUrl}/parley/replies`,
    });
    assert.equal(made.status, 201);
    config.parleyToken = made.body.token;
    config.parleySecret = made.body.secret;
  });

  after(async () => {
    bridge?.closeAllConnections();
    bridge?.close();
    twilio?.server.closeAllConnections();
    twilio?.server.close();
    await relay?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('turns a text message into a conversation, and a staff reply into a text message', async () => {
    const response = await smsArrives(inbound('SM00000000000000000000000000000001', 'Hi, is my order 4411 shipped?'));
    assert.equal(response.status, 200);
    assert.match(await response.text(), /<Response\/>/);
    // Twilio retrying the webhook: still one message.
    assert.equal(
      (await smsArrives(inbound('SM00000000000000000000000000000001', 'Hi, is my order 4411 shipped?'))).status,
      200,
    );

    const listed = await admin('GET', '/v1/admin/conversations?limit=10');
    const conversation = listed.body.items.find((item: { channel?: string }) => item.channel === 'api');
    assert.ok(conversation, 'an api conversation');
    const history = await admin('GET', `/v1/admin/conversations/${conversation.id}/messages`);
    assert.deepEqual(
      history.body.items.map((message: { text: string; author: { role: string } }) => [
        message.author.role,
        message.text,
      ]),
      [['visitor', 'Hi, is my order 4411 shipped?']],
    );

    for (const [id, text] of [
      ['reply-1', 'Yes, it left this morning.'],
      ['reply-2', 'Tracking: 1Z999AA10123456784'],
    ])
      assert.equal(
        (await admin('POST', `/v1/admin/conversations/${conversation.id}/messages`, { id, text })).status,
        201,
      );
    assert.equal(
      (
        await admin('POST', `/v1/admin/conversations/${conversation.id}/messages`, {
          id: 'n-1',
          text: 'ship fast',
          note: true,
        })
      ).status,
      201,
    );
    await until(() => twilio.sent.length >= 2, 'two SMS at the fake Twilio');
    assert.deepEqual(twilio.sent, [
      { to: customer, from: twilioNumber, body: 'Yes, it left this morning.' },
      { to: customer, from: twilioNumber, body: 'Tracking: 1Z999AA10123456784' },
    ]);

    // The customer answers: the same conversation.
    assert.equal((await smsArrives(inbound('SM00000000000000000000000000000002', 'Thanks!'))).status, 200);
    const after = await admin('GET', `/v1/admin/conversations/${conversation.id}/messages`);
    assert.equal(after.body.items.at(-1).text, 'Thanks!');
    assert.deepEqual(twilio.refused, []);
  });

  it('refuses an SMS webhook Twilio did not sign, and a reply Parley did not sign', async () => {
    const before = (await admin('GET', '/v1/admin/conversations?limit=10')).body.items.length;
    const forged = await smsArrives(inbound('SM00000000000000000000000000000009', 'forged'), 'bm90IGEgc2lnbmF0dXJl');
    assert.equal(forged.status, 403);
    // Signed for another URL: refused too (the signature covers the URL).
    const form = inbound('SM00000000000000000000000000000010', 'elsewhere');
    assert.equal((await smsArrives(form, signAsTwilio('https://elsewhere.example/twilio/sms', form))).status, 403);
    assert.equal((await admin('GET', '/v1/admin/conversations?limit=10')).body.items.length, before);

    const sentBefore = twilio.sent.length;
    const event = JSON.stringify({
      type: 'reply.created',
      id: 'evt_forged',
      contactId: customer,
      message: { text: 'x' },
    });
    const timestamp = Math.floor(Date.now() / 1000);
    const wrong = createHmac('sha256', 'not-the-secret').update(`${timestamp}.${event}`).digest('hex');
    const unsigned = await fetch(`${bridgeUrl}/parley/replies`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'parley-signature': `t=${timestamp},v1=${wrong}` },
      body: event,
    });
    assert.equal(unsigned.status, 401);
    assert.equal(twilio.sent.length, sentBefore);
    assert.ok(logLines.some((line) => line.includes('wrong signature')));
  });
});

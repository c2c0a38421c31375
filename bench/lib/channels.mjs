// (ch) Messaging channels inbound (issue #84): what one customer's message costs the relay, in CPU, when it comes in
// through a messaging channel's webhook (Telegram, WhatsApp, Twilio SMS: packages/relay/src/messaging/ and the
// providers' folders) against the same message posted by a bridge to an API channel (POST /v1/channels/api/messages,
// packages/relay/src/api-channels/), the path the messaging channels replace.
//
// One relay (this build, SQLite, a data dir of its own) per round, with one channel of each kind on its default site.
// The providers' REST APIs (what `check` and `connect` call when a channel is connected: Telegram's getMe and
// setWebhook, the Graph API's phone number and subscribed_apps, Twilio's IncomingPhoneNumbers) are answered by a
// minimal loopback fake in this process (PARLEY_TELEGRAM_API_URL, PARLEY_WHATSAPP_API_URL, PARLEY_TWILIO_API_URL);
// nothing of it is on the measured path. Per channel, in an order that turns every round: a warm-up of
// `size.warmup` messages (measured apart, not judged), then `size.messages` messages from `size.contacts`
// customers, each a new provider message id, posted `size.concurrency` at a time as the provider posts them (the
// documented payload shapes, signed as each provider signs: Telegram's secret token header, Meta's
// X-Hub-Signature-256, Twilio's X-Twilio-Signature over the public address; the API channel's bearer token). Every
// body and signature is made before the window opens. Measured: the relay's CPU (its own process, /proc) from just
// before the first post until it is idle again after the last answer (the work a stored message starts, as the
// message log's readers, counted with it), per stored message; messages/s from the first post to the last answer;
// that every post was answered 2xx and every message stored once (the conversations' messages counted through the
// admin API after the round).
import { createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { cpuMicros, freePort, startServer } from './proc.mjs';
import { CREDENTIALS, SERVERS, relayEnv, relayMain } from './servers.mjs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The channels (ch) measures, the API channel first: the others are judged against it. */
export const CHANNELS = ['api', 'telegram', 'whatsapp', 'twilio'];

// Loopback-only credentials in the providers' formats (their schemas refuse others); they exist for one run.
const TELEGRAM_TOKEN = '123456789:AAE-bench-token-not-a-secret_0123456';
const WHATSAPP = {
  phoneNumberId: '106540352242922',
  businessAccountId: '102290129340398',
  accessToken: 'EAAGbenchTokenNotASecret0123456789',
  appSecret: '0123456789abcdef0123456789abcdef',
  verifyToken: 'bench-verify-token',
};
const TWILIO = { accountSid: `AC${'1a'.repeat(16)}`, authToken: '0f'.repeat(16), phoneNumber: '+15550006666' };

/**
 * The providers' REST APIs as far as connecting a channel calls them, on loopback: Telegram's `getMe`, `setWebhook`
 * (its `secret_token` kept: Telegram sends it with every update) and `deleteWebhook`; the Graph API's phone number
 * and `subscribed_apps`; Twilio's `IncomingPhoneNumbers.json`. Anything else is a 404 and counted (`unexpected`):
 * inbound text messages call nothing.
 */
async function startProviderApis() {
  const state = { telegramSecret: undefined, unexpected: [] };
  const json = (res, status, body) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url, 'http://127.0.0.1');
      const body = Buffer.concat(chunks).toString('utf8');
      if (url.pathname === `/bot${TELEGRAM_TOKEN}/getMe`)
        return json(res, 200, {
          ok: true,
          result: { id: 123456789, is_bot: true, first_name: 'Bench', username: 'bench_bot' },
        });
      if (url.pathname === `/bot${TELEGRAM_TOKEN}/setWebhook`) {
        state.telegramSecret = JSON.parse(body).secret_token;
        return json(res, 200, { ok: true, result: true, description: 'Webhook was set' });
      }
      if (url.pathname === `/bot${TELEGRAM_TOKEN}/deleteWebhook`) return json(res, 200, { ok: true, result: true });
      if (url.pathname === `/v21.0/${WHATSAPP.phoneNumberId}` && req.method === 'GET')
        return json(res, 200, {
          display_phone_number: '+1 555-000-2222',
          verified_name: 'Bench',
          id: WHATSAPP.phoneNumberId,
        });
      if (url.pathname === `/v21.0/${WHATSAPP.businessAccountId}/subscribed_apps` && req.method === 'POST')
        return json(res, 200, { success: true });
      if (url.pathname === `/2010-04-01/Accounts/${TWILIO.accountSid}/IncomingPhoneNumbers.json`)
        return json(res, 200, {
          incoming_phone_numbers: [{ phone_number: TWILIO.phoneNumber, friendly_name: 'Bench line' }],
        });
      state.unexpected.push(`${req.method} ${url.pathname.replace(TELEGRAM_TOKEN, '<token>')}`);
      return json(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${server.address().port}`;
  return {
    state,
    env: {
      PARLEY_TELEGRAM_API_URL: origin,
      PARLEY_WHATSAPP_API_URL: `${origin}/v21.0`,
      PARLEY_TWILIO_API_URL: origin,
    },
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

/** A call of the relay's admin API with the bench's admin token; throws with the answer unless 2xx. */
async function admin(port, method, path, body) {
  const response = await fetch(`http://127.0.0.1:${port}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${CREDENTIALS.parley.adminToken}`,
      ...(body ? { 'content-type': 'application/json' } : {}),
    },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text.slice(0, 300)}`);
  return text ? JSON.parse(text) : undefined;
}

/** Connects one channel of each kind on the relay's default site; what each needs to post as its provider. */
async function connectChannels(port, apis) {
  const api = await admin(port, 'POST', '/v1/admin/api-channels', {
    name: 'Bench bridge',
    // Never called: (ch) sends no staff replies.
    webhookUrl: `http://127.0.0.1:${port}/bench-bridge-never-called`,
  });
  const connect = (provider, credentials) =>
    admin(port, 'POST', '/v1/admin/messaging-channels', { provider, credentials });
  const telegram = await connect('telegram', { token: TELEGRAM_TOKEN });
  if (!apis.state.telegramSecret) throw new Error('the relay connected its Telegram bot without a secret_token');
  const whatsapp = await connect('whatsapp', WHATSAPP);
  const twilio = await connect('twilio', TWILIO);
  return {
    api: { url: `http://127.0.0.1:${port}/v1/channels/api/messages`, token: api.token },
    telegram: { url: telegram.webhookUrl, secret: apis.state.telegramSecret },
    whatsapp: { url: whatsapp.webhookUrl },
    twilio: { url: twilio.webhookUrl },
  };
}

const text = (i) => `Hello, is my order #${10_000 + i} shipped yet? I ordered it last week.`;

/**
 * The request for message `i` of a pass (`prefix` keeps the passes' provider ids apart) from contact `i % contacts`,
 * on `channel`: the provider's documented payload, signed.
 */
function request(channel, target, prefix, i, contacts) {
  const contact = i % contacts;
  if (channel === 'api') {
    return {
      headers: { authorization: `Bearer ${target.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        contactId: `+1555100${String(contact).padStart(4, '0')}`,
        messageId: `${prefix}-${i}`,
        text: text(i),
      }),
    };
  }
  if (channel === 'telegram') {
    // core.telegram.org/bots/api#update: a private chat's text message (the docs' "Testing your bot" example).
    const from = {
      id: 200_000_000 + contact,
      is_bot: false,
      first_name: `Customer ${contact}`,
      username: `customer${contact}`,
    };
    const updateId = (prefix === 'warm' ? 1 : 2) * 100_000_000 + i;
    return {
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': target.secret },
      body: JSON.stringify({
        update_id: updateId,
        message: { message_id: 1000 + i, from, chat: { ...from, type: 'private' }, date: 1_764_000_000, text: text(i) },
      }),
    };
  }
  if (channel === 'whatsapp') {
    // Meta's "messages" webhook reference: one text message of the number, with its contact's profile.
    const waId = `1650555${String(contact).padStart(4, '0')}`;
    const body = JSON.stringify({
      object: 'whatsapp_business_account',
      entry: [
        {
          id: WHATSAPP.businessAccountId,
          changes: [
            {
              value: {
                messaging_product: 'whatsapp',
                metadata: { display_phone_number: '15550002222', phone_number_id: WHATSAPP.phoneNumberId },
                contacts: [{ profile: { name: `Customer ${contact}` }, wa_id: waId }],
                messages: [
                  {
                    from: waId,
                    id: `wamid.${prefix}${Buffer.from(`${i}`).toString('base64url')}`,
                    timestamp: '1764000000',
                    type: 'text',
                    text: { body: text(i) },
                  },
                ],
              },
              field: 'messages',
            },
          ],
        },
      ],
    });
    return {
      headers: {
        'content-type': 'application/json',
        'x-hub-signature-256': `sha256=${createHmac('sha256', WHATSAPP.appSecret).update(body).digest('hex')}`,
      },
      body,
    };
  }
  // Twilio's incoming-message webhook (twilio.com/docs/messaging/guides/webhook-request), signed over the public
  // address and the sorted parameters (twilio.com/docs/usage/webhooks/webhooks-security).
  const sid = `SM${prefix === 'warm' ? 'a' : 'b'}${i.toString(16).padStart(31, '0')}`;
  const form = {
    ToCountry: 'US',
    SmsMessageSid: sid,
    NumMedia: '0',
    SmsSid: sid,
    SmsStatus: 'received',
    Body: text(i),
    To: TWILIO.phoneNumber,
    NumSegments: '1',
    MessageSid: sid,
    AccountSid: TWILIO.accountSid,
    From: `+1555200${String(contact).padStart(4, '0')}`,
    ApiVersion: '2010-04-01',
  };
  const signed = Object.keys(form)
    .sort()
    .reduce((data, name) => data + name + form[name], target.url);
  return {
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-twilio-signature': createHmac('sha1', TWILIO.authToken).update(signed).digest('base64'),
    },
    body: new URLSearchParams(form).toString(),
  };
}

/**
 * Until the relay is idle again: its CPU sampled every 50 ms until an interval spends under 2 ms (at most 5 s).
 * Resolves to its CPU time, in µs, at the start of that idle interval.
 */
async function settledCpu(pid) {
  let last = cpuMicros(pid);
  for (const deadline = Date.now() + 5000; Date.now() < deadline;) {
    await sleep(50);
    const now = cpuMicros(pid);
    if (now - last < 2000) return last;
    last = now;
  }
  return last;
}

/** One pass of `n` messages on `channel`: its CPU per message, rate and answers. */
async function pass(server, channel, target, prefix, n, size) {
  const requests = Array.from({ length: n }, (_, i) => request(channel, target, prefix, i, size.contacts));
  const statuses = {};
  let next = 0;
  const cpuBefore = cpuMicros(server.pid);
  const started = performance.now();
  await Promise.all(
    Array.from({ length: size.concurrency }, async () => {
      while (next < requests.length) {
        const { headers, body } = requests[next++];
        const response = await fetch(target.url, {
          method: 'POST',
          headers,
          body,
          signal: AbortSignal.timeout(size.timeoutMs),
        });
        await response.arrayBuffer();
        statuses[response.status] = (statuses[response.status] ?? 0) + 1;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const cpu = (await settledCpu(server.pid)) - cpuBefore;
  const taken = Object.entries(statuses)
    .filter(([status]) => status.startsWith('2'))
    .reduce((sum, [, count]) => sum + count, 0);
  return {
    messages: n,
    taken,
    statuses,
    seconds: Math.round(seconds * 1000) / 1000,
    messagesPerSec: Math.round(taken / seconds),
    relayCpuUsPerMessage: taken > 0 ? Math.round((cpu / taken) * 10) / 10 : null,
  };
}

/** The site's conversations (admin API): one per contact and channel is what the round should have made. */
async function conversationCount(port) {
  let count = 0;
  let cursor;
  do {
    const query = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
    const page = await admin(port, 'GET', `/v1/admin/conversations?limit=100${query}`);
    count += page.items.length;
    cursor = page.nextCursor;
  } while (cursor);
  return count;
}

/**
 * Runs (ch) once (one round): a relay of this build on SQLite with an API channel and a Telegram, a WhatsApp and a
 * Twilio channel; each channel's warm-up and measured pass, in `order`. `serverOptions.nodeArgs` as the other
 * workloads take them (--profile).
 */
export async function runChannels(size, { nodeArgs = [], order = CHANNELS } = {}) {
  const apis = await startProviderApis();
  const dataDir = mkdtempSync(join(tmpdir(), 'parley-bench-ch-'));
  let server;
  try {
    const port = await freePort();
    const env = relayEnv(
      { port, dataDir },
      {
        ...apis.env,
        PARLEY_PUBLIC_URL: `http://127.0.0.1:${port}`,
        // The bridge's webhook URL is on loopback (never called: no staff replies here).
        PARLEY_WEBHOOK_ALLOW_PRIVATE: 'true',
        // One bridge posts every message: its per-channel rate limit would measure itself.
        PARLEY_API_CHANNEL_MESSAGES_PER_MINUTE: '0',
        PARLEY_ADMIN_RATE_LIMIT_BURST: '0',
        PARLEY_ADMIN_RATE_LIMIT_PER_SECOND: '0',
      },
    );
    // --node and --bundled run this relay as they run `parley`.
    const relay = SERVERS.parley;
    server = await startServer({
      command: relay.nodeBinary ?? process.execPath,
      args: [...nodeArgs, relay.entry ?? relayMain],
      env,
      port,
    });
    const targets = await connectChannels(port, apis);
    const channels = {};
    for (const channel of order) {
      const warmup = size.warmup > 0 ? await pass(server, channel, targets[channel], 'warm', size.warmup, size) : null;
      const measured = await pass(server, channel, targets[channel], 'bench', size.messages, size);
      channels[channel] = { ...measured, ...(warmup ? { warmup } : {}) };
    }
    const api = channels.api?.relayCpuUsPerMessage;
    for (const channel of order)
      channels[channel].overApi =
        typeof api === 'number' && api > 0 && typeof channels[channel].relayCpuUsPerMessage === 'number'
          ? Math.round((channels[channel].relayCpuUsPerMessage / api) * 1000) / 1000
          : null;
    const conversations = await conversationCount(port);
    if (apis.state.unexpected.length)
      throw new Error(
        `the relay called the providers' APIs on the inbound path: ${apis.state.unexpected.slice(0, 5).join(', ')}`,
      );
    // Each contact writes on each channel into one open conversation: fewer is a message lost or misfiled, more is
    // one stored twice apart.
    const expectedConversations = order.length * Math.min(size.contacts, size.messages);
    const answered = (p) => p.taken === p.messages;
    return {
      order,
      contacts: size.contacts,
      concurrency: size.concurrency,
      conversations,
      expectedConversations,
      channels,
      finished:
        conversations === expectedConversations &&
        order.every((c) => answered(channels[c]) && (!channels[c].warmup || answered(channels[c].warmup))),
    };
  } finally {
    await server?.stop();
    await apis.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * (ch)'s rounds as one row: per channel, its median round by CPU per message (the lower middle of an even count),
 * that round's figures whole (`overApi` is that round's ratio); `rounds`, every round in brief (each channel's CPU
 * per message, rate and ratio to the API channel's in the same round), for the spread.
 */
export function channelRounds(list) {
  const done = list.filter((r) => !r.error);
  const brief = (r) =>
    r.error
      ? { error: r.error.split('\n')[0].slice(0, 200) }
      : {
          finished: r.finished,
          channels: Object.fromEntries(
            Object.entries(r.channels).map(([c, v]) => [
              c,
              { relayCpuUsPerMessage: v.relayCpuUsPerMessage, messagesPerSec: v.messagesPerSec, overApi: v.overApi },
            ]),
          ),
        };
  if (done.length === 0) return { ...list[0], rounds: list.map(brief) };
  const channels = {};
  for (const channel of CHANNELS) {
    const rows = done.map((r) => r.channels[channel]).filter(Boolean);
    const key = (v) => v.relayCpuUsPerMessage ?? Infinity;
    const sorted = [...rows].sort((x, y) => key(x) - key(y));
    if (sorted.length) channels[channel] = sorted[Math.floor((sorted.length - 1) / 2)];
  }
  return {
    ...done[0],
    channels,
    finished: done.every((r) => r.finished),
    rounds: list.map(brief),
  };
}

/** Round `round`'s order of the channels (1-based): turned by one each round, so that none always runs first. */
export function channelOrder(round) {
  const k = (round - 1) % CHANNELS.length;
  return [...CHANNELS.slice(k), ...CHANNELS.slice(0, k)];
}

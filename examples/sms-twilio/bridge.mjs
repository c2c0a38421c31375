#!/usr/bin/env node
// SMS for Parley through Twilio's Messaging API: a small bridge between Twilio and a Parley API channel.
//
//   Twilio ──(inbound SMS webhook, X-Twilio-Signature)──▶ POST /twilio/sms ──▶ Parley POST /v1/channels/api/messages
//   Parley ──(staff reply, Parley-Signature)──▶ POST /parley/replies ──▶ Twilio POST /2010-04-01/Accounts/{sid}/Messages.json
//
//   node examples/sms-twilio/bridge.mjs
//
// Environment (README.md says where each comes from):
//   PARLEY_URL              the relay, e.g. https://chat.example.com
//   PARLEY_CHANNEL_TOKEN    the API channel's token (pac_…)
//   PARLEY_CHANNEL_SECRET   the API channel's signing secret (whsec_…)
//   TWILIO_ACCOUNT_SID      AC…
//   TWILIO_AUTH_TOKEN       signs Twilio's webhooks, and authenticates the bridge's API calls
//   TWILIO_FROM             the Twilio number replies are sent from, e.g. +15550006666
//   TWILIO_API_BASE         default https://api.twilio.com (tests point it at a fake on loopback)
//   BRIDGE_PUBLIC_URL       the bridge's address as Twilio calls it, e.g. https://sms.example.com (signatures
//                           cover the URL); default: http://<Host header>
//   PORT, HOST              where the bridge listens; default 8787 on 127.0.0.1
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';

/** The most of a request body the bridge reads. */
const MAX_BODY_BYTES = 64 * 1024;
/** How old a Parley signature may be (seconds): an older one is a replay. */
const SIGNATURE_TOLERANCE_S = 5 * 60;
/** The longest SMS body Twilio takes; longer replies go as several messages, in order. */
const MAX_SMS_CHARS = 1600;

/**
 * Twilio's request signature (https://www.twilio.com/docs/usage/security#validating-requests): the full URL Twilio
 * called, then each POST parameter's name and value, sorted by name, with no separators; HMAC-SHA1 keyed with the
 * auth token; base64.
 *
 * @param {string} authToken
 * @param {string} url
 * @param {URLSearchParams} params
 */
export function twilioSignature(authToken, url, params) {
  const names = [...new Set(params.keys())].sort();
  let data = url;
  for (const name of names) for (const value of params.getAll(name)) data += name + value;
  return createHmac('sha1', authToken).update(data, 'utf8').digest('base64');
}

/** Equal in constant time (lengths may differ). */
function same(a, b) {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * Checks a `Parley-Signature` header (`t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`), as
 * docs/webhooks.md says: the signed timestamp must be recent.
 *
 * @param {string} secret
 * @param {string | undefined} header
 * @param {string} body
 * @param {number} [now] ms
 */
export function parleySignatureValid(secret, header, body, now = Date.now()) {
  const match = /^t=(\d{1,12}),v1=([0-9a-f]{64})$/.exec(header ?? '');
  if (!match) return false;
  const timestamp = Number(match[1]);
  if (Math.abs(now / 1000 - timestamp) > SIGNATURE_TOLERANCE_S) return false;
  const expected = createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
  return same(expected, match[2]);
}

/** The body, at most {@link MAX_BODY_BYTES}; `undefined` when larger. */
function readBody(request) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    request.on('data', (chunk) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        resolve(undefined);
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

/** `text` in pieces of at most `max` characters, never splitting a surrogate pair. */
function pieces(text, max) {
  const out = [];
  let piece = '';
  for (const char of text) {
    if (piece.length + char.length > max) {
      out.push(piece);
      piece = '';
    }
    piece += char;
  }
  if (piece !== '') out.push(piece);
  return out;
}

/**
 * @typedef {object} BridgeConfig
 * @property {string} parleyUrl
 * @property {string} parleyToken
 * @property {string} parleySecret
 * @property {string} twilioAccountSid
 * @property {string} twilioAuthToken
 * @property {string} twilioFrom
 * @property {string} [twilioApiBase] default https://api.twilio.com
 * @property {string} [publicUrl] the bridge's origin as Twilio calls it
 * @property {(line: string) => void} [log] default console.log
 */

/**
 * The bridge's HTTP server (not yet listening). `config` is read at each request, so a caller may fill it in after
 * the server listens (the channel's webhook URL needs the bridge's port).
 *
 * @param {BridgeConfig} config
 */
export function createBridge(config) {
  const log = config.log ?? ((line) => console.log(line));
  /** Replies already sent, by event id: Parley may deliver one twice (a retry after a lost answer). */
  const sent = new Set();

  /** POSTs one SMS through Twilio's Messaging API; resolves with Twilio's answer status. */
  async function sendSms(to, body) {
    const base = (config.twilioApiBase ?? 'https://api.twilio.com').replace(/\/$/, '');
    const sid = encodeURIComponent(config.twilioAccountSid);
    const response = await fetch(`${base}/2010-04-01/Accounts/${sid}/Messages.json`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${config.twilioAccountSid}:${config.twilioAuthToken}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ To: to, From: config.twilioFrom, Body: body }).toString(),
      signal: AbortSignal.timeout(10_000),
    });
    await response.arrayBuffer();
    return response.status;
  }

  /** Twilio's inbound SMS webhook: the message goes to Parley as the sender's. */
  async function inbound(request, response, raw) {
    const params = new URLSearchParams(raw);
    const origin = config.publicUrl?.replace(/\/$/, '') ?? `http://${request.headers.host ?? ''}`;
    const expected = twilioSignature(config.twilioAuthToken, `${origin}${request.url}`, params);
    if (!same(expected, String(request.headers['x-twilio-signature'] ?? ''))) {
      log('twilio: refused a request with a wrong signature');
      return void response.writeHead(403).end();
    }
    const from = params.get('From');
    const messageSid = params.get('MessageSid');
    const text = (params.get('Body') ?? '').trim();
    if (!from || !messageSid) return void response.writeHead(400).end();
    // An MMS without text: nothing Parley can show (this bridge does not carry media).
    if (text !== '') {
      const posted = await fetch(`${config.parleyUrl.replace(/\/$/, '')}/v1/channels/api/messages`, {
        method: 'POST',
        headers: { authorization: `Bearer ${config.parleyToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ contactId: from, messageId: messageSid, text: text.slice(0, 4000) }),
        signal: AbortSignal.timeout(10_000),
      });
      const answer = await posted.text();
      if (posted.status !== 200 && posted.status !== 201) {
        log(`parley: refused ${messageSid} with ${posted.status}: ${answer.slice(0, 200)}`);
        // Twilio retries only when told to (connection overrides); the status is there for its debugger.
        return void response.writeHead(502).end();
      }
    }
    // Nothing to say back at once: replies come from staff, through Parley.
    response.writeHead(200, { 'content-type': 'text/xml' }).end('<?xml version="1.0" encoding="UTF-8"?><Response/>');
  }

  /** Parley's staff-reply webhook: the reply goes out as an SMS to the contact. */
  async function reply(request, response, raw) {
    if (!parleySignatureValid(config.parleySecret, request.headers['parley-signature'], raw)) {
      log('parley: refused a reply with a wrong or stale signature');
      return void response.writeHead(401).end();
    }
    let event;
    try {
      event = JSON.parse(raw);
    } catch {
      return void response.writeHead(400).end();
    }
    if (event.type !== 'reply.created') return void response.writeHead(204).end();
    if (sent.has(event.id)) return void response.writeHead(204).end();
    for (const body of pieces(event.message.text, MAX_SMS_CHARS)) {
      const status = await sendSms(event.contactId, body);
      if (status !== 200 && status !== 201) {
        log(`twilio: sending ${event.id} answered ${status}`);
        // Parley retries with backoff; the conversation's later replies wait for this one.
        return void response.writeHead(502).end();
      }
    }
    sent.add(event.id);
    if (sent.size > 10_000) sent.delete(sent.values().next().value);
    response.writeHead(204).end();
  }

  return createServer((request, response) => {
    const path = (request.url ?? '').split('?')[0];
    const route = request.method !== 'POST' ? undefined : { '/twilio/sms': inbound, '/parley/replies': reply }[path];
    if (!route) return void response.writeHead(404).end();
    readBody(request)
      .then((raw) => (raw === undefined ? response.writeHead(413).end() : route(request, response, raw)))
      .catch((error) => {
        log(`bridge: ${path} failed: ${error instanceof Error ? error.message : String(error)}`);
        if (!response.headersSent) response.writeHead(502).end();
      });
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const need = (name) => {
    const value = process.env[name];
    if (!value) {
      console.error(`bridge: set ${name} (see examples/sms-twilio/README.md)`);
      process.exit(1);
    }
    return value;
  };
  const config = {
    parleyUrl: need('PARLEY_URL'),
    parleyToken: need('PARLEY_CHANNEL_TOKEN'),
    parleySecret: need('PARLEY_CHANNEL_SECRET'),
    twilioAccountSid: need('TWILIO_ACCOUNT_SID'),
    twilioAuthToken: need('TWILIO_AUTH_TOKEN'),
    twilioFrom: need('TWILIO_FROM'),
    twilioApiBase: process.env.TWILIO_API_BASE,
    publicUrl: process.env.BRIDGE_PUBLIC_URL,
  };
  const port = Number(process.env.PORT ?? 8787);
  const host = process.env.HOST ?? '127.0.0.1';
  const server = createBridge(config);
  server.listen(port, host, () => console.log(`bridge: listening on http://${host}:${port}`));
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.close(() => process.exit(0)));
}

#!/usr/bin/env node
// A diagnostic, never a result: the FAQ match's time per visitor message as the relay itself reports it
// (`parley_faq_match_seconds_total` over `parley_faq_matches_total` in /metrics), with FAQ answers on and 1,000
// generated entries (bench/lib/faq-entries.mjs, the FAQ bench/faq-match.mjs times), beside the matcher alone timed
// in the same process on the same messages. The built relay runs in this process on SQLite; visitors write three
// messages each (the bot stops matching after three it could not answer).
//
//   npm run build && node bench/diagnostics/faq-relay-match.mjs [--visitors 1000]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { FaqIndex } from '../../packages/relay/dist/automations/faq-matcher.js';
import { startRelay } from '../../packages/relay/dist/index.js';
import { faqGenerator } from '../lib/faq-entries.mjs';
import { commandLine } from '../../scripts/command-line.mjs';

const USAGE = `Usage: node bench/diagnostics/faq-relay-match.mjs [--visitors 1000]   (after npm run build)

A diagnostic: the FAQ match's time per visitor message as the relay reports it, with 1,000 entries.

  --visitors N   visitors, three messages each (default 1000)`;

const { values } = commandLine({
  name: 'faq-relay-match',
  usage: USAGE,
  options: { visitors: { type: 'string', default: '1000' } },
});
const visitors = Number(values.visitors);
const siteKey = 'pk_faq_diagnostic';
const adminToken = 'st_admin_faq_diagnostic_0123456789';
const dataDir = mkdtempSync(join(tmpdir(), 'parley-faq-diagnostic-'));
const relay = await startRelay({
  port: 0,
  host: '127.0.0.1',
  dataDir,
  siteKey,
  adminToken,
  allowedOrigins: ['*'],
  ipRateLimitPerSecond: 0,
  newConversationsPerAddressPerHour: 0,
  newConversationsPerSitePerMinute: 0,
  logLevel: 'silent',
});
const headers = { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' };
await fetch(`${relay.httpUrl}/v1/admin/automations`, {
  method: 'PUT',
  headers,
  body: JSON.stringify({
    botName: 'Bench',
    hours: null,
    welcome: { enabled: false, texts: {} },
    away: { enabled: false, texts: {}, emailTexts: {} },
    csat: { enabled: false, texts: {} },
    faq: { enabled: true },
  }),
});
const site = (await (await fetch(`${relay.httpUrl}/v1/admin/me`, { headers })).json()).site.id;
const faq = faqGenerator();
const entries = faq.entries(1000);
// Straight into the store (the admin API would rebuild the index per entry), then one rebuild.
for (const { id, ...entry } of entries) await relay.admin.store.createFaqEntry(site, id, entry, Date.now(), 1000);
relay.admin.core.siteSettingsChanged(site, 'faq', { changedAt: Date.now() });
const messages = faq.messages(entries, visitors * 3);

/** The matcher alone, on the same entries and messages, after 1,000 matches of warm-up (µs a match). */
function alone() {
  const index = new FaqIndex(entries);
  for (const message of messages.slice(0, 1000)) index.match(message, 'en');
  const started = performance.now();
  for (const message of messages) index.match(message, 'en');
  return ((performance.now() - started) / messages.length) * 1000;
}
async function figures() {
  const text = await (await fetch(`${relay.httpUrl}/metrics`)).text();
  const read = (name) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1]);
  return { matches: read('parley_faq_matches_total'), seconds: read('parley_faq_match_seconds_total') };
}

const aloneBefore = alone();
let warm;
for (let v = 0; v < visitors; v++) {
  if (v === Math.floor(visitors / 5)) warm = await figures();
  const ws = new WebSocket(relay.wsUrl, ['parley.v2']);
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  ws.send(JSON.stringify({ type: 'hello', siteKey, context: { locale: 'en-US' } }));
  for (let k = 0; k < 3; k++) {
    const id = `m${v}x${k}`;
    const acked = new Promise((resolve) => {
      const on = (data) => {
        if (JSON.parse(String(data)).id !== id) return;
        ws.off('message', on);
        resolve();
      };
      ws.on('message', on);
    });
    ws.send(JSON.stringify({ type: 'send', id, text: messages[v * 3 + k] }));
    await acked;
  }
  ws.close();
}
const end = await figures();
const aloneAfter = alone();
const micros = (seconds, matches) => Math.round((seconds / matches) * 1e7) / 10;
console.log(
  JSON.stringify(
    {
      entries: entries.length,
      matches: end.matches,
      relayMicrosPerMatch: micros(end.seconds, end.matches),
      relayMicrosPerMatchAfterWarmUp: micros(end.seconds - warm.seconds, end.matches - warm.matches),
      matcherAloneMicros: { before: Math.round(aloneBefore * 10) / 10, after: Math.round(aloneAfter * 10) / 10 },
    },
    null,
    2,
  ),
);
await relay.close();
rmSync(dataDir, { recursive: true, force: true });

#!/usr/bin/env node
// A diagnostic, never a result: how long a 5 MB attachment takes over loopback, end to end (docs/attachments.md). A
// relay from the built tree on port 0 in a fresh data folder; a visitor speaking protocol 3 on a WebSocket; then,
// one after another, each file uploaded with fetch under its own client id and the message that carries it sent
// and acknowledged (stored). Two files: a ~5 MB JPEG (streamed to disk, checked, decoded, turned upright,
// re-encoded, thumbnailed, hashed, stored) and a 5 MB PDF (streamed, checked, hashed, stored: the transfer and
// bookkeeping alone). Prints, for each, the median and best of the upload alone and of upload + acknowledged
// message, and the MB/s of the end-to-end median.
//
//   npm run build && node bench/diagnostics/attachment-upload.mjs [--runs 8]
import { createRequire } from 'node:module';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { startRelay } from '../../packages/relay/dist/index.js';
import { commandLine } from '../../scripts/command-line.mjs';

const sharp = createRequire(new URL('../../packages/relay/package.json', import.meta.url))('sharp');
const USAGE = `Usage: node bench/diagnostics/attachment-upload.mjs [--runs 8]   (after npm run build)

A diagnostic: how long a 5 MB attachment (a JPEG, a PDF) takes over loopback, upload and acknowledged message.

  --runs N   uploads of each file, timed (default 8)`;

const { values } = commandLine({
  name: 'attachment-upload',
  usage: USAGE,
  options: { runs: { type: 'string', default: '8' } },
});
const runs = Number(values.runs);
const siteKey = 'pk_bench_attachments';
const dir = mkdtempSync(join(tmpdir(), 'parley-upload-bench-'));
const relay = await startRelay({ port: 0, host: '127.0.0.1', dataDir: dir, logLevel: 'silent', siteKey });

const ws = new WebSocket(relay.wsUrl, 'parley.v3');
try {
  const acks = new Map();
  const token = await new Promise((resolve, reject) => {
    ws.on('open', () => ws.send(JSON.stringify({ type: 'hello', siteKey })));
    ws.on('message', (data) => {
      const frame = JSON.parse(String(data));
      if (frame.type === 'welcome') resolve(frame.visitorToken);
      else if (frame.type === 'ack' || frame.type === 'error') acks.get(frame.id ?? frame.ref)?.(frame);
    });
    ws.on('error', reject);
  });
  const acked = (id) => new Promise((resolve) => acks.set(id, resolve));
  const jpeg = await sharp({
    create: { width: 2900, height: 2200, channels: 3, noise: { type: 'gaussian', mean: 128, sigma: 40 } },
  })
    .jpeg({ quality: 95 })
    .toBuffer();
  const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(5 * 1024 * 1024 - 9, 0x41)]);
  let n = 0;
  const time = async (body, name) => {
    const id = `b-${n++}`;
    const started = performance.now();
    const response = await fetch(`${relay.httpUrl}/v1/attachments?clientId=${id}&name=${name}`, {
      method: 'POST',
      body,
      headers: { authorization: `Bearer ${token}` },
    });
    const answer = await response.json();
    if (response.status !== 201) throw new Error(`upload refused: ${JSON.stringify(answer)}`);
    const uploaded = performance.now() - started;
    const ack = acked(id);
    ws.send(JSON.stringify({ type: 'send', id, text: '', attachments: [{ id: answer.id }] }));
    const frame = await ack;
    if (frame.type !== 'ack') throw new Error(`message refused: ${JSON.stringify(frame)}`);
    return { uploaded, total: performance.now() - started };
  };
  for (const [label, body, name] of [
    [`JPEG ${(jpeg.length / 1e6).toFixed(1)} MB, 2900×2200`, jpeg, 'photo.jpg'],
    [`PDF ${(pdf.length / 1e6).toFixed(1)} MB`, pdf, 'doc.pdf'],
  ]) {
    await time(body, name); // warm-up
    const results = [];
    for (let i = 0; i < runs; i++) results.push(await time(body, name));
    const [upload, total] = ['uploaded', 'total'].map((key) => results.map((r) => r[key]).sort((a, b) => a - b));
    const median = (times) => times[Math.floor(times.length / 2)];
    console.log(
      `${label}: upload median ${median(upload).toFixed(0)} ms (best ${upload[0].toFixed(0)}); ` +
        `upload + acknowledged message median ${median(total).toFixed(0)} ms (best ${total[0].toFixed(0)}), ` +
        `${(body.length / 1e6 / (median(total) / 1000)).toFixed(1)} MB/s end to end (${runs} runs)`,
    );
  }
} finally {
  ws.close();
  await relay.close();
  rmSync(dir, { recursive: true, force: true });
}

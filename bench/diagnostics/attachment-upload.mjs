#!/usr/bin/env node
// A diagnostic, never a result: how long a 5 MB upload takes over loopback, end to end (docs/attachments.md). A
// relay from the built tree on port 0 in a fresh data folder; a visitor token from a WebSocket hello; then uploads
// one after another with fetch, each with its own client id: a ~5 MB JPEG (streamed to disk, checked, decoded,
// turned upright, re-encoded, thumbnailed, hashed, stored) and a 5 MB PDF (streamed, checked, hashed, stored: the
// transfer and bookkeeping alone). Prints the median and best time of each and the median's MB/s.
//
//   npm run build && node bench/diagnostics/attachment-upload.mjs [--runs 8]
import { createRequire } from 'node:module';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import WebSocket from 'ws';
import { startRelay } from '../../packages/relay/dist/index.js';

const sharp = createRequire(new URL('../../packages/relay/package.json', import.meta.url))('sharp');
const { values } = parseArgs({ options: { runs: { type: 'string', default: '8' } } });
const runs = Number(values.runs);
const siteKey = 'pk_bench_attachments';
const dir = mkdtempSync(join(tmpdir(), 'parley-upload-bench-'));
const relay = await startRelay({ port: 0, host: '127.0.0.1', dataDir: dir, logLevel: 'silent', siteKey });

try {
  const token = await new Promise((resolve, reject) => {
    const ws = new WebSocket(relay.wsUrl, 'parley.v1');
    ws.on('open', () => ws.send(JSON.stringify({ type: 'hello', siteKey })));
    ws.on('message', (data) => {
      const frame = JSON.parse(String(data));
      if (frame.type === 'welcome') {
        ws.close();
        resolve(frame.visitorToken);
      }
    });
    ws.on('error', reject);
  });
  const jpeg = await sharp({
    create: { width: 2900, height: 2200, channels: 3, noise: { type: 'gaussian', mean: 128, sigma: 40 } },
  })
    .jpeg({ quality: 95 })
    .toBuffer();
  const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(5 * 1024 * 1024 - 9, 0x41)]);
  let n = 0;
  const time = async (body, name) => {
    const started = performance.now();
    const response = await fetch(`${relay.httpUrl}/v1/attachments?clientId=b-${n++}&name=${name}`, {
      method: 'POST',
      body,
      headers: { authorization: `Bearer ${token}` },
    });
    const answer = await response.json();
    if (response.status !== 201) throw new Error(`upload refused: ${JSON.stringify(answer)}`);
    return performance.now() - started;
  };
  for (const [label, body, name] of [
    [`JPEG ${(jpeg.length / 1e6).toFixed(1)} MB, 2900×2200`, jpeg, 'photo.jpg'],
    [`PDF ${(pdf.length / 1e6).toFixed(1)} MB`, pdf, 'doc.pdf'],
  ]) {
    await time(body, name); // warm-up
    const times = [];
    for (let i = 0; i < runs; i++) times.push(await time(body, name));
    times.sort((a, b) => a - b);
    const median = times[Math.floor(times.length / 2)];
    console.log(
      `${label}: median ${median.toFixed(0)} ms, best ${times[0].toFixed(0)} ms, ${(body.length / 1e6 / (median / 1000)).toFixed(1)} MB/s (${runs} runs)`,
    );
  }
} finally {
  await relay.close();
  rmSync(dir, { recursive: true, force: true });
}

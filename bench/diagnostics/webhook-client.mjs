#!/usr/bin/env node
// A diagnostic, never a result: the CPU one webhook POST costs the sending process, with node:http's keep-alive
// Agent against undici's Agent (a pool per origin), both with 16 connections, 64 requests in flight, a ~450-byte
// signed JSON body, to the bench's webhook receiver (bench/peers/webhook-receiver.mjs, its own process) on
// loopback. Rounds alternate the clients; each prints CPU µs per request (this process, user + system) and
// requests/s. Why the relay sends webhooks with undici: docs/decisions/0024-webhook-http-client-undici.md.
// Two more undici rows: `request()` with one abort signal shared by every request (as the relay's deliveries of a
// claim share one), and `dispatch()` with a handler instead of a response stream (docs/performance.md, "The
// accept queue": what a delivery's HTTP costs now).
//
//   node bench/diagnostics/webhook-client.mjs [--requests 20000] [--rounds 3]
import { spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { createRequire } from 'node:module';
import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { commandLine } from '../../scripts/command-line.mjs';
import { freePort } from '../lib/proc.mjs';

const { values } = commandLine({
  name: 'webhook-client',
  usage: 'Usage: node bench/diagnostics/webhook-client.mjs [--requests 20000] [--rounds 3]',
  options: { requests: { type: 'string', default: '20000' }, rounds: { type: 'string', default: '3' } },
});
const requests = Number(values.requests);
const { Agent: UndiciAgent } = createRequire(new URL('../../packages/relay/package.json', import.meta.url))('undici');

const port = await freePort();
const receiver = spawn(process.execPath, [new URL('../peers/webhook-receiver.mjs', import.meta.url).pathname], {
  env: { ...process.env, PORT: String(port) },
  stdio: 'inherit',
});
for (;;) {
  try {
    await fetch(`http://127.0.0.1:${port}/count`);
    break;
  } catch {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
const body = JSON.stringify({ id: 'evt_diagnostic', type: 'message.created', data: { text: 'x'.repeat(400) } });
const headers = {
  'content-type': 'application/json',
  'user-agent': 'Parley-Webhooks/1',
  'parley-event-id': 'evt_diagnostic',
  'parley-event-type': 'message.created',
  'parley-signature': `t=1,v1=${createHmac('sha256', 'whsec_diagnostic').update(`1.${body}`).digest('hex')}`,
};
const httpAgent = new HttpAgent({ keepAlive: true, maxSockets: 16 });
const viaHttp = () =>
  new Promise((resolve) => {
    const request = httpRequest(`http://127.0.0.1:${port}/hook`, {
      method: 'POST',
      headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
      agent: httpAgent,
      signal: AbortSignal.timeout(10_000),
    });
    request.on('response', (response) => {
      response.on('data', () => {});
      response.on('end', resolve);
    });
    request.on('error', resolve);
    request.end(body);
  });
const undiciAgent = new UndiciAgent({ connections: 16 });
/** undici's `request()`, its answer read to the end, under `signal`. */
const viaRequest = async (signal) => {
  const response = await undiciAgent.request({
    origin: `http://127.0.0.1:${port}`,
    path: '/hook',
    method: 'POST',
    headers,
    body,
    signal,
  });
  await response.body.dump();
};
const viaUndici = () => viaRequest(AbortSignal.timeout(10_000));
// undici's handler interface, as the relay would use it: no response stream, the answer's first bytes kept.
const shared = AbortSignal.timeout(600_000);
const viaDispatch = () =>
  new Promise((resolve) => {
    let status = 0;
    const chunks = [];
    undiciAgent.dispatch(
      { origin: `http://127.0.0.1:${port}`, path: '/hook', method: 'POST', headers, body },
      {
        onRequestStart(controller) {
          if (shared.aborted) controller.abort(shared.reason);
        },
        onResponseStart(_controller, statusCode) {
          status = statusCode;
        },
        onResponseData(_controller, chunk) {
          chunks.push(chunk);
        },
        onResponseEnd() {
          resolve(status);
        },
        onResponseError(_controller, error) {
          resolve(error);
        },
      },
    );
  });
const viaUndiciShared = () => viaRequest(shared);
async function measure(name, post) {
  let started = 0;
  const cpu = process.cpuUsage();
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: 64 }, async () => {
      while (started++ < requests) await post();
    }),
  );
  const used = process.cpuUsage(cpu);
  const ms = performance.now() - t0;
  console.log(
    `${name.padEnd(10)} ${((used.user + used.system) / requests).toFixed(1)} µs CPU/request, ${Math.round((requests / ms) * 1000)} requests/s`,
  );
}
for (let round = 0; round < Number(values.rounds); round++) {
  await measure('node:http', viaHttp);
  await measure('undici', viaUndici);
  await measure('undici-shared', viaUndiciShared);
  await measure('dispatch', viaDispatch);
}
receiver.kill('SIGTERM');
await undiciAgent.close();
httpAgent.destroy();

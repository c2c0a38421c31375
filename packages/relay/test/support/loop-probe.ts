import { request } from 'node:http';
import { Worker } from 'node:worker_threads';

/** How long the event loop of a relay stood still while a piece of work ran, seen from outside and from inside. */
export interface Stall {
  /**
   * The longest time between two `/healthz` answers, less the probe's pause between requests: what a client of
   * any site waited for an answer while the work ran.
   */
  readonly probeGapMs: number;
  /** `/healthz` answers seen while the work ran (at least a few, or the probe saw nothing). */
  readonly probes: number;
  /** The relay's own longest event-loop delay over the same time (`parley_event_loop_delay_max_seconds`). */
  readonly relayMaxMs: number;
  /** How long the work took, start to end. */
  readonly workMs: number;
}

/**
 * The probe, in a thread of its own so that the test's own work (building a body, sending 10 MiB) never delays
 * it: one kept-alive connection, `/healthz` every 10 ms, the longest gap between two answers less the pause.
 */
const probeSource = `
const { parentPort, workerData } = require('node:worker_threads');
const { Agent, request } = require('node:http');
const agent = new Agent({ keepAlive: true, maxSockets: 1 });
const PAUSE_MS = 10;
let running = true;
let probes = 0;
let worst = 0;
const get = () => new Promise((resolve, reject) => {
  const req = request({ host: '127.0.0.1', port: workerData.port, path: '/healthz', agent }, (res) => {
    res.on('data', () => undefined);
    res.on('end', resolve);
    res.on('error', reject);
  });
  req.on('error', reject);
  req.end();
});
parentPort.once('message', () => { running = false; });
(async () => {
  await get();
  parentPort.postMessage('started');
  let last = performance.now();
  while (running) {
    await get();
    const now = performance.now();
    probes += 1;
    worst = Math.max(worst, now - last - PAUSE_MS);
    last = now;
    await new Promise((resolve) => setTimeout(resolve, PAUSE_MS));
  }
  agent.destroy();
  parentPort.postMessage({ probes, worst: Math.max(0, worst) });
})().catch((error) => parentPort.postMessage({ error: String(error) }));
`;

/**
 * Runs `work` against a relay in another process while a probe (in its own thread) asks its `/healthz` every
 * 10 ms, and reports the longest stall of the relay's event loop: the largest gap between two answers (less the
 * pause), and the relay's own `monitorEventLoopDelay` maximum over the same time, read from `/metrics` (each
 * scrape starts a new window).
 *
 * @example
 * const stall = await watchStall(relay, () => call(relay, 'POST', '/v1/admin/faq/match', hostile));
 * assert.ok(stall.relayMaxMs < 50);
 */
export async function watchStall(relay: { readonly port: number }, work: () => Promise<unknown>): Promise<Stall> {
  const worker = new Worker(probeSource, { eval: true, workerData: { port: relay.port } });
  const messages: unknown[] = [];
  let wake: (() => void) | undefined;
  worker.on('message', (message: unknown) => {
    messages.push(message);
    wake?.();
  });
  const next = async (): Promise<unknown> => {
    while (messages.length === 0) await new Promise<void>((resolve) => (wake = resolve));
    return messages.shift();
  };
  try {
    await next(); // 'started': the probe's connection is open
    await get(relay.port, '/metrics'); // starts the relay's delay window
    const started = performance.now();
    // A few answers first, so that the first gap measured is not the probe's own start.
    await new Promise((resolve) => setTimeout(resolve, 30));
    await work();
    // Work the relay finishes after answering (a fan-out, a job) shows in the next few probes.
    await new Promise((resolve) => setTimeout(resolve, 50));
    const workMs = performance.now() - started;
    worker.postMessage('stop');
    const result = (await next()) as { probes: number; worst: number; error?: string };
    if (result.error) throw new Error(`the probe failed: ${result.error}`);
    const metrics = (await get(relay.port, '/metrics')).toString();
    const max = /^parley_event_loop_delay_max_seconds (\S+)$/m.exec(metrics);
    if (!max) throw new Error('the relay reports no parley_event_loop_delay_max_seconds');
    return { probeGapMs: result.worst, probes: result.probes, relayMaxMs: Number(max[1]) * 1000, workMs };
  } finally {
    await worker.terminate();
  }
}

/** A GET on loopback; resolves with the body. */
function get(port: number, path: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve(Buffer.concat(chunks)));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

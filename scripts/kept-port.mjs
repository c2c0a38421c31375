// Ports for tests and the benchmark that a server keeps across a restart while other files run beside it.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

/**
 * Ports a test keeps for a while with nothing listening (a server it stops and starts again, a relay told to use a
 * port before anything is behind it) while other test files run beside it.
 *
 * A port the kernel hands out for `listen(0)` would not do: it comes from the ephemeral range, the same range every
 * other file's relays, browsers and outgoing connections take their ports from, so one of them could take it in
 * the meantime. These ports come from below that range, where only an explicit bind lands, at random (two files
 * picking the same one is unlikely), each checked free when picked. A caller whose server fails to bind the port
 * anyway picks another ({@link keptPort} again). Used by the relay's services and e2e-style tests
 * (`packages/relay/test-services/support/services.ts`, `test/email-crash.test.ts`) and the benchmark's servers.
 */

/** The lowest port of the kernel's ephemeral range (`net.ipv4.ip_local_port_range`; Linux's default 32768). */
function ephemeralLow() {
  try {
    const low = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]);
    if (Number.isInteger(low) && low > 2048) return low;
  } catch {
    // not Linux: its default
  }
  return 32768;
}

const LOWEST = 10_000;

/**
 * True when nothing listens on 127.0.0.1:`port` now.
 * @param {number} port
 * @returns {Promise<boolean>}
 */
function isFree(port) {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/**
 * A loopback port below the ephemeral range that nothing listens on now.
 * @returns {Promise<number>}
 */
export async function keptPort() {
  const high = Math.max(LOWEST + 1_000, ephemeralLow());
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = LOWEST + Math.floor(Math.random() * (high - LOWEST));
    if (await isFree(port)) return port;
  }
  throw new Error(`no free port between ${LOWEST} and ${high} in 50 tries`);
}

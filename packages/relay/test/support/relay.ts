import { startRelay, type RunningRelay, type StartOptions } from '../../src/index.js';
import { tempDir } from './temp.js';

/**
 * Starts a relay in this process on 127.0.0.1, port 0, with a fresh data directory and no logging; `options`
 * (site key, tokens, limits…) go on top. Close it with `relay.close()`.
 */
export function startTestRelay(options: StartOptions = {}): Promise<RunningRelay> {
  return startRelay({
    port: 0,
    host: '127.0.0.1',
    dataDir: tempDir('parley-relay-'),
    logLevel: 'silent',
    ...options,
  });
}

/** The relay's `/healthz` document (`connections` is its count of open sockets). */
export async function health(relay: { httpUrl: string }): Promise<Record<string, unknown> & { status: string }> {
  const response = await fetch(`${relay.httpUrl}/healthz`);
  return (await response.json()) as Record<string, unknown> & { status: string };
}

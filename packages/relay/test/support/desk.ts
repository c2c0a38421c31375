import { rmSync } from 'node:fs';
import type { RunningRelay, StartOptions } from '../../src/index.js';
import { adminCaller, type AdminAnswer } from './http.js';
import { startTestRelay } from './relay.js';
import { tempDir } from './temp.js';

// Every desk has the same credentials: each is a relay of its own (own port, own data dir), so nothing is shared,
// and a test reads `siteKey` and `adminToken` from here rather than declaring its own.

/** The default site's public key on every desk. */
export const siteKey = 'pk_test_desk';
/** The owner's staff token on every desk (what `PARLEY_ADMIN_TOKEN` sets). */
export const adminToken = 'st_admin_test_desk_0123456789abcdef';
/** An identity secret, for the tests that start a desk with `{ identitySecret }` (identified visitors). */
export const identitySecret = 'identity-secret-for-the-desk-0123456789';
/** A relay secret, for the tests that compute what the relay signs with it (reply addresses, push keys). */
export const relaySecret = 'relay-secret-for-the-desk-0123456789abcdef';

/** A caller of any desk's admin API as its owner (`adminToken`); see {@link adminCaller}. */
export const call = adminCaller(adminToken);

/** A relay started by {@link startDesk}: the relay itself, plus what its tests reach for. */
export interface Desk extends RunningRelay {
  /** The data directory: the desk's own temp dir, or the one `options.dataDir` named. */
  readonly dataDir: string;
  /** Calls this desk's admin API as the owner (or `as` another token). */
  call(method: string, path: string, body?: unknown, as?: string): Promise<AdminAnswer>;
  /** Makes a staff token (an agent unless `role` says otherwise) through the admin API: its id and secret. */
  agent(name: string, role?: string): Promise<{ id: string; token: string }>;
  /** Stops the relay, then removes its data dir unless the caller named it (a test that restarts on it). */
  close(): Promise<void>;
}

/**
 * Starts a relay on 127.0.0.1, port 0, in a temp dir of its own, with the desk's site key and admin token and no
 * logging; `options` go on top (limits, clocks, features, or a `dataDir` the test restarts on).
 *
 * @example
 * const relay = await startDesk({ ipRateLimitPerSecond: 0 });
 * const ana = await relay.agent('Ana');
 * await relay.close();
 */
export async function startDesk(options: StartOptions = {}): Promise<Desk> {
  const ownDir = options.dataDir === undefined ? tempDir('parley-desk-') : undefined;
  const dataDir = options.dataDir ?? ownDir!;
  const relay = await startTestRelay({ siteKey, adminToken, ...options, dataDir });
  const stop = relay.close;
  // The relay object itself, with more on it: a test's `relay.wsUrl`, `relay.store`… read what they always read.
  return Object.assign(relay, {
    dataDir,
    call: (method: string, path: string, body?: unknown, as?: string) => call(relay, method, path, body, as),
    agent: async (name: string, role = 'agent') => {
      const made = await call(relay, 'POST', '/v1/admin/tokens', { name, role });
      if (made.status !== 201) throw new Error(`making the staff token ${name} answered ${made.status}`);
      return { id: made.body.id as string, token: made.body.token as string };
    },
    close: async () => {
      await stop();
      if (ownDir) rmSync(ownDir, { recursive: true, force: true });
    },
  });
}

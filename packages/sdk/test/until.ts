import type { ParleyClient } from '../src/index.js';

/**
 * Resolves when `check()` holds, re-checking on every event the client emits; rejects after `ms` naming `what`.
 * Shared by the Node suites and the browser suites (browser/helpers.ts re-exports it).
 */
export function until(client: ParleyClient, check: () => boolean, what = 'a condition', ms = 10_000): Promise<void> {
  if (check()) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const offs = (['message', 'messageStatus', 'stateChange', 'welcome', 'unreadChange', 'read'] as const).map((type) =>
      client.on(type, () => {
        if (!check()) return;
        clearTimeout(timer);
        offs.forEach((off) => off());
        resolve();
      }),
    );
    const timer = setTimeout(() => {
      offs.forEach((off) => off());
      reject(new Error(`timed out waiting for ${what}`));
    }, ms);
  });
}

// The SQLite store the diagnostics write to: a built `SqliteStore` (from `checkout`'s dist/), migrated, with the one
// site their appends name (`site_1`).
import { join } from 'node:path';

/** Opens the store at `path` with `options`, from the build in `checkout` (default: this checkout). */
export async function openBenchStore(path, options = {}, checkout = join(import.meta.dirname, '../..')) {
  const { SqliteStore } = await import(join(checkout, 'packages/relay/dist/store/sqlite-store.js'));
  const { MIGRATIONS } = await import(join(checkout, 'packages/relay/dist/features/features.js'));
  const store = new SqliteStore({ path, migrations: MIGRATIONS, ...options });
  await store.init();
  await store.upsertSite({
    id: 'site_1',
    name: 'x',
    siteKey: 'pk_x',
    allowedOrigins: [],
    identitySecret: 's',
    requireIdentity: false,
  });
  return store;
}

/**
 * The `n`th message the diagnostics append: a visitor's, in conversation `n % conversations` of `site_1` (the
 * conversation is made by its first message), with a client id of its own.
 */
export function benchMessage(n, conversations) {
  const c = n % conversations;
  return {
    siteId: 'site_1',
    conversationId: `c${c}`,
    visitorId: `v${c}`,
    clientId: `01JD${String(n + 1).padStart(12, '0')}`,
    author: { role: 'visitor', id: `v${c}` },
    text: `${n + 1} the quick brown fox jumps over the lazy dog 0123456789`,
    kind: 'text',
  };
}

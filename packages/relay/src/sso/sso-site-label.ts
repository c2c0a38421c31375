import type { SqlDb } from '../store/sql/sql-db.js';

/**
 * The name a site's sign-in buttons carry beside their providers' (issue #80): the site's, when the relay holds other
 * sites too, whose admins name their providers as they like ("Sign in with Okta (Acme)"); `undefined` on a relay of
 * one site, where a provider's name is unambiguous. Two indexed reads, whatever the number of sites.
 */
export async function ssoSiteLabel(db: SqlDb, siteId: string): Promise<string | undefined> {
  const [others] = await db.all<{ one: number }>('SELECT 1 AS one FROM sites WHERE id <> ? LIMIT 1', [siteId]);
  if (!others) return undefined;
  const [site] = await db.all<{ name: string }>('SELECT name FROM sites WHERE id = ?', [siteId]);
  return site?.name;
}

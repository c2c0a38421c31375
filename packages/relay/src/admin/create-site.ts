import * as z from 'zod/mini';
import { hashToken, randomId, randomToken } from '../auth/tokens.js';
import type { SiteListing } from '../store/admin-store.js';
import type { Repositories } from '../store/repositories.js';
import type { Site, Staff } from '../store/store.js';
import { SiteCreate } from '@parley/protocol/admin';

/** The input of {@link createSite}: what `POST /v1/admin/sites` takes (`SiteCreate`, the admin API's contract). */
export type NewSite = z.input<typeof SiteCreate>;

/** A created site, and its first admin token (the only time it is seen: only its hash is stored). */
export interface CreatedSite {
  readonly site: SiteListing;
  readonly adminId: string;
  readonly adminToken: string;
}

/**
 * Creates a site beside the others on this relay, with fresh credentials (a public site key, an identity secret)
 * and a first admin token, in one transaction. The CLI (`parley-relay site create`) and the admin API
 * (`POST /v1/admin/sites`) both create sites here.
 */
export async function createSite(
  repos: Pick<Repositories, 'sites'>,
  input: NewSite,
  now: number,
  sealer: { seal(secret: string): string } | undefined,
): Promise<CreatedSite> {
  const { name, allowedOrigins } = z.parse(SiteCreate, input);
  const site: Site = {
    id: randomId('site'),
    name,
    siteKey: randomToken('pk', 18),
    allowedOrigins,
    // Stored sealed with the data key, as every identity secret is (store/secret-sealer.ts).
    identitySecret: sealer ? sealer.seal(randomToken('is', 32)) : randomToken('is', 32),
    requireIdentity: false,
  };
  const adminToken = randomToken('st', 32);
  const admin: Staff = {
    id: randomId('staff'),
    siteId: site.id,
    name: 'Admin',
    role: 'admin',
    tokenHash: hashToken(adminToken),
    createdAt: now,
    revokedAt: null,
  };
  const listing = await repos.sites.createSite(site, admin, now);
  return { site: listing, adminId: admin.id, adminToken };
}

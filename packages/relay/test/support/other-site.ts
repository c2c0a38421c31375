import { hashToken } from '../../src/auth/tokens.js';
import type { Desk } from './desk.js';

/**
 * A second site on the test relay (`other`, its admin Olga signing in with `adminToken`): what a tenant test asks of
 * another company on the same relay, which must never see or touch the first site's channels, contacts or files.
 */
export async function addOtherSite(relay: Desk, siteKey: string, adminToken: string): Promise<void> {
  await relay.store.upsertSite({
    id: 'other',
    name: 'Other',
    siteKey,
    allowedOrigins: ['*'],
    identitySecret: 'other-identity-secret-0123456789',
    requireIdentity: false,
  });
  await relay.store.createStaff({
    id: 'other_admin',
    siteId: 'other',
    name: 'Olga',
    role: 'admin',
    tokenHash: hashToken(adminToken),
    createdAt: Date.now(),
    revokedAt: null,
  });
}

import type { ServedRoute } from '../../src/features/admin-routes/route-permission.js';
import { adminRoutesOf } from '../../src/features/feature-host.js';
import { FEATURES } from '../../src/features/features.js';

/**
 * Every route of the admin API: the features' (features/features.ts), as the relay serves them with every feature.
 * `docs/api/openapi.json` describes exactly these (admin-api.test.ts checks both ways).
 */
export const ADMIN_ROUTES: readonly ServedRoute[] = adminRoutesOf(FEATURES);

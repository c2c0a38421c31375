import * as z from 'zod/mini';
import { configSection } from '../features/config-section.js';

/** Single sign-on's configuration (docs/accounts.md, "Single sign-on"). */
export const ssoConfig = configSection({
  /**
   * Accept identity providers at `http:` issuers: development and tests on loopback only. In production every
   * issuer is `https:` (the ID token's keys and the code's exchange travel there).
   */
  ssoAllowHttp: { env: 'PARLEY_SSO_ALLOW_HTTP', kind: 'bool', schema: z._default(z.boolean(), false) },
});

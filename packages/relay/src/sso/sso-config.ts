import * as z from 'zod/mini';
import { configSection } from '../features/config-section.js';

/** Single sign-on's configuration (docs/accounts.md, "Single sign-on"). */
export const ssoConfig = configSection({
  /**
   * Accept identity providers at `http:` issuers: development and tests on loopback only. In production every
   * issuer is `https:` (the ID token's keys and the code's exchange travel there).
   */
  ssoAllowHttp: { env: 'PARLEY_SSO_ALLOW_HTTP', kind: 'bool', schema: z._default(z.boolean(), false) },
  /**
   * Reach identity providers at loopback and private addresses (a provider on the operator's own network, tests).
   * Without it discovery, keys and the code's exchange only go to public unicast addresses, checked after DNS
   * resolution on the address connected to: a site's admin chooses the issuer, the relay fetches it.
   */
  ssoAllowPrivate: { env: 'PARLEY_SSO_ALLOW_PRIVATE', kind: 'bool', schema: z._default(z.boolean(), false) },
  /**
   * The DNS servers asked when a site verifies an email domain of its providers (`host` or `host:port`, comma-
   * separated). Default: the system's resolvers.
   */
  dnsServers: {
    env: 'PARLEY_DNS_SERVERS',
    kind: 'list',
    schema: z._default(z.array(z.string().check(z.minLength(1), z.maxLength(100))), []),
  },
});

import { companySigningText } from '@parley/protocol';
import { verifyAttributesHash } from '../auth/tokens.js';
import type { VisitorSeen } from '../core/hooks.js';

/** The company an identified visitor's hello carried (docs/companies.md). */
export interface VisitorCompany {
  /** The site's own id of the company. */
  readonly id: string;
  readonly name?: string | undefined;
  readonly attributes?: Readonly<Record<string, string | number | boolean | null>> | undefined;
  /** True when `user.companyHash` is the site's signature of it: it counts as verified. */
  readonly signed: boolean;
}

/**
 * The company an identified visitor's hello claimed (`user.company`), signed (`user.companyHash`, over
 * `companySigningText`) or not; the core checked the identity itself. `undefined` when the hello named none.
 */
export function identifiedCompany(visitor: VisitorSeen): VisitorCompany | undefined {
  const user = visitor.user;
  const company = user?.company;
  if (!user || !company) return undefined;
  const signed =
    user.companyHash !== undefined &&
    verifyAttributesHash(visitor.site.identitySecret, companySigningText(user.id, company), user.companyHash);
  return { id: company.id, name: company.name, attributes: company.attributes, signed };
}

import { attributesSigningText } from '@parley/protocol/admin';
import { verifyAttributesHash } from '../auth/tokens.js';
import type { VisitorAttributes, VisitorSeen } from '../core/hooks.js';

/**
 * The custom attributes a visitor's hello or pre-chat form carried (docs/attributes.md): an identified visitor's
 * `user.attributes`, signed when `user.attributesHash` is the site's signature of them (the core checked the identity
 * itself), else what they gave otherwise (the pre-chat form's values, unsigned); `undefined` when none.
 */
export function claimedAttributes(visitor: VisitorSeen): VisitorAttributes | undefined {
  const user = visitor.user;
  if (!user?.attributes || Object.keys(user.attributes).length === 0) return visitor.attributes;
  const signed =
    user.attributesHash !== undefined &&
    verifyAttributesHash(
      visitor.site.identitySecret,
      attributesSigningText(user.id, user.attributes),
      user.attributesHash,
    );
  return { values: user.attributes, signed };
}

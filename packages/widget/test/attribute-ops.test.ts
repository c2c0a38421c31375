// The inbox's comparisons by attribute type (pages/attributes/attribute-ops.ts) are the protocol's `attributeOpsFor`
// written out, so that the rules' and saved views' chunks need no zod: the two must never differ.
import { expect } from '@open-wc/testing';
import { ATTRIBUTE_OPS, ATTRIBUTE_TYPES, attributeOpsFor } from '@parley/protocol/admin';
import { attributeOps } from '../src/chat-admin/pages/attributes/attribute-ops.js';

describe('attributeOps', () => {
  it('offers for each attribute type what the protocol (and so the relay) accepts, and every comparison for none', () => {
    for (const type of ATTRIBUTE_TYPES) expect(attributeOps(type), type).to.deep.equal(attributeOpsFor(type));
    expect(attributeOps(undefined)).to.deep.equal(ATTRIBUTE_OPS);
  });
});

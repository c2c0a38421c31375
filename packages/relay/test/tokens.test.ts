// Visitor tokens: a genuine token verifies; anything else is unknown (undefined), never an exception, whatever
// bytes the signature holds.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { VisitorTokens } from '../src/auth/tokens.js';

describe('VisitorTokens', () => {
  const tokens = new VisitorTokens('relay-secret-for-token-tests-0123456789');
  const claims = { siteId: 'default', visitorId: 'v_1', conversationId: 'c_1' };

  it('verifies a token it signed', () => {
    const verified = tokens.verify(tokens.sign(claims));
    assert.deepEqual({ ...verified, iat: 0 }, { ...claims, iat: 0 });
  });

  it('treats a signature of the right character length with non-ASCII in it as unknown, without throwing', () => {
    const [version, body, mac] = tokens.sign(claims).split('.') as [string, string, string];
    const forged = [
      'é'.repeat(mac.length),
      `${mac.slice(0, -2)}🦊`,
      `${mac.slice(0, -1)}\u0080`,
      `${mac.slice(1)}\u00ff`,
    ];
    for (const signature of forged) {
      assert.equal(signature.length, mac.length);
      assert.equal(tokens.verify(`${version}.${body}.${signature}`), undefined, signature);
    }
  });

  it('treats a signature of another length, or a flipped character, as unknown', () => {
    const [version, body, mac] = tokens.sign(claims).split('.') as [string, string, string];
    const flipped = `${mac.slice(0, -1)}${mac.endsWith('A') ? 'B' : 'A'}`;
    for (const signature of ['', mac.slice(1), `${mac}A`, flipped]) {
      assert.equal(tokens.verify(`${version}.${body}.${signature}`), undefined, signature);
    }
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { clientAddress } from '../src/http/client-address.js';

describe('clientAddress', () => {
  it('is the socket address unless a proxy is trusted', () => {
    assert.equal(clientAddress('10.0.0.2', '203.0.113.9', false), '10.0.0.2');
    assert.equal(clientAddress('10.0.0.2', '', true), '10.0.0.2');
  });

  it('behind a trusted proxy, is the entry the proxy appended (the last), not what the client wrote', () => {
    assert.equal(clientAddress('10.0.0.2', '1.2.3.4, 203.0.113.9', true), '203.0.113.9');
    assert.equal(clientAddress('10.0.0.2', ' 2001:db8::1 ', true), '2001:db8::1');
    assert.equal(clientAddress('10.0.0.2', '203.0.113.9,', true), '10.0.0.2');
    assert.equal(clientAddress('10.0.0.2', '1.2.3.4, not-an-address', true), '10.0.0.2');
    assert.equal(clientAddress('10.0.0.2', 'x'.repeat(5000), true), '10.0.0.2');
  });
});

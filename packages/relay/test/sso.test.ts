/** Single sign-on on SQLite (the suite: `support/sso-suite.ts`; PostgreSQL's: `test-services/sso-postgres.test.ts`). */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { startDesk } from './support/desk.js';
import { ssoSuite } from './support/sso-suite.js';

ssoSuite('SQLite', () => ({}));

describe('single sign-on: issuers', () => {
  it('refuses an http: issuer unless the operator allows it, and a URL with credentials, query or fragment', async () => {
    const relay = await startDesk();
    try {
      const base = { name: 'Acme', clientId: 'parley', clientSecret: 'secret', allowedDomains: ['acme.test'] };
      for (const issuer of [
        'http://idp.acme.test',
        'https://user:pass@idp.acme.test',
        'https://idp.acme.test/?tenant=1',
        'https://idp.acme.test/#x',
      ]) {
        const refused = await relay.call('POST', '/v1/admin/sso/providers', { ...base, issuer });
        assert.equal(refused.status, 400, issuer);
      }
      assert.deepEqual((await relay.call('GET', '/v1/admin/sso/providers')).body.items, [], 'nothing stored');
      const made = await relay.call('POST', '/v1/admin/sso/providers', { ...base, issuer: 'https://idp.acme.test/' });
      assert.equal(made.status, 201);
      assert.equal(made.body.issuer, 'https://idp.acme.test/', 'kept exactly as given (discovery compares it)');
      const required = await relay.call('PUT', '/v1/admin/sso/settings', { requireSso: true });
      assert.equal(required.status, 200);
      const last = await relay.call('DELETE', `/v1/admin/sso/providers/${made.body.id}`);
      assert.equal(last.status, 409, 'the last enabled provider of a site that requires it stays');
    } finally {
      await relay.close();
    }
  });
});

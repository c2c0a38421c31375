/** Single sign-on on SQLite (the suite: `support/sso-suite.ts`; PostgreSQL's: `test-services/sso-postgres.test.ts`). */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import { DISCOVERY_FAILED } from '../src/sso/sso-providers.js';
import { startDesk } from './support/desk.js';
import { ssoSitesSuite } from './support/sso-sites-suite.js';
import { ssoSuite } from './support/sso-suite.js';

ssoSuite('SQLite', () => ({}));
ssoSitesSuite('SQLite', () => ({}));

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

describe('single sign-on: discovery and the address guard', () => {
  /** A loopback HTTP service that counts what reaches it (a service on the relay's network). */
  const service = async (): Promise<{ server: Server; port: number; hits: () => number }> => {
    let hits = 0;
    const server = createServer((_req, res) => {
      hits += 1;
      res.writeHead(404, { server: 'internal-admin-panel/1.0' }).end('not here');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return { server, port: (server.address() as AddressInfo).port, hits: () => hits };
  };
  const base = { name: 'Acme', clientId: 'parley', clientSecret: 'secret', allowedDomains: ['acme.test'] };

  it('refuses a loopback or private issuer before connecting, unless the operator allows private providers', async () => {
    const internal = await service();
    const relay = await startDesk({ ssoAllowHttp: true });
    try {
      for (const issuer of [
        `http://127.0.0.1:${internal.port}`,
        `http://localhost:${internal.port}`,
        'http://10.1.2.3',
      ]) {
        const made = await relay.call('POST', '/v1/admin/sso/providers', { ...base, issuer });
        assert.equal(made.status, 201);
        const checked = await relay.call('POST', `/v1/admin/sso/providers/${made.body.id}/check`);
        assert.equal(checked.status, 200);
        assert.deepEqual(
          { ok: checked.body.ok, problem: checked.body.problem },
          { ok: false, problem: DISCOVERY_FAILED },
          issuer,
        );
        const started = await fetch(`${relay.httpUrl}/v1/sso/start/${made.body.id}`, { redirect: 'manual' });
        assert.equal(started.headers.get('location'), '/admin#sso-error=sso_failed');
      }
      assert.equal(internal.hits(), 0, 'nothing reached the loopback service');
    } finally {
      await relay.close();
      internal.server.close();
    }
  });

  it('answers the admin one generic problem, whatever failed (no port or service oracle)', async () => {
    const internal = await service();
    const closed = await service();
    closed.server.close();
    const relay = await startDesk({ ssoAllowHttp: true, ssoAllowPrivate: true });
    try {
      const problems = new Set<string>();
      for (const issuer of [`http://127.0.0.1:${internal.port}`, `http://127.0.0.1:${closed.port}`]) {
        const made = await relay.call('POST', '/v1/admin/sso/providers', { ...base, issuer });
        const checked = await relay.call('POST', `/v1/admin/sso/providers/${made.body.id}/check`);
        assert.equal(checked.body.ok, false);
        problems.add(checked.body.problem);
      }
      assert.deepEqual([...problems], [DISCOVERY_FAILED], 'an open port and a closed one read alike');
      assert.equal(internal.hits(), 1, 'allowed: the private provider was asked');
    } finally {
      await relay.close();
      internal.server.close();
    }
  });
});

/**
 * Query parameters refuse unknown names, API-wide (issue #82): a route declares its parameters once (`query`), the
 * router parses them before the handler runs and refuses one the route does not declare, naming it; nothing is done.
 * A route that declares none takes none.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ADMIN_ROUTES } from './support/admin-routes.js';
import { ApiError, type AdminRequest } from '../src/http/admin-http.js';
import { parseQuery } from '../src/features/admin-routes/route-query.js';
import { adminRoutesOf } from '../src/features/feature-host.js';
import { selectFeatures } from '../src/features/features.js';
import { siteKey, startDesk, type Desk } from './support/desk.js';
import { TestClient } from './support/client.js';

const requestWith = (query: string): AdminRequest => ({ query: new URLSearchParams(query) }) as AdminRequest;
const withQuery = ADMIN_ROUTES.filter((route) => route.query !== undefined);

describe('query parameters refuse unknown names, API-wide', () => {
  it("every route's declared query: nothing given is taken, one more parameter is refused naming it", () => {
    for (const route of withQuery) {
      const name = `${route.method} ${route.path}`;
      const mandatory = Object.entries(route.query!).filter(([, param]) => param.mandatory);
      // Required parameters (a report's range) are given, as digits, so that only the unknown one is wrong.
      const given = mandatory.map(([param], i) => `${param}=${i}`).join('&');
      if (mandatory.length === 0) parseQuery(requestWith(''), route.query!);
      assert.throws(
        () => parseQuery(requestWith(`${given}&surplusParameter=1`), route.query!),
        (error: unknown) =>
          error instanceof ApiError &&
          error.code === 'bad_request' &&
          error.message === 'Invalid query: unknown parameter surplusParameter.',
        name,
      );
    }
    assert.ok(withQuery.length >= 1, 'no route declares a query');
  });

  it('the conversation list takes the parameters features contribute, and only while they run', () => {
    const list = (without: string[]) =>
      adminRoutesOf(selectFeatures(without)).find(
        (route) => route.method === 'GET' && route.path === '/v1/admin/conversations',
      )!;
    const names = Object.keys(list([]).query!);
    // Custom attributes' and companies' filters' parameters, before the page's own `cursor` and `limit` (the
    // document's order).
    assert.deepEqual(names.slice(-5), ['attribute', 'attributeValues', 'company', 'cursor', 'limit']);
    const without = list(['attributes', 'companies']);
    assert.equal(Object.hasOwn(without.query!, 'attribute'), false);
    assert.equal(Object.hasOwn(without.query!, 'company'), false);
    assert.throws(
      () => parseQuery(requestWith('attribute=contact.plan:is:Pro'), without.query!),
      (error: unknown) => error instanceof ApiError && error.message === 'Invalid query: unknown parameter attribute.',
    );
  });

  describe('over HTTP', () => {
    let relay: Desk;
    let visitor: TestClient;
    let conversationId: string;

    before(async () => {
      // One call per route, from one token: more than the admin rate limit's burst.
      relay = await startDesk({ ipRateLimitPerSecond: 0, adminRateLimitBurst: 0 });
      const { client, welcome } = await TestClient.hello(relay.wsUrl, { siteKey });
      await client.say('v-1', 'Hello?');
      visitor = client;
      conversationId = welcome.conversationId!;
    });
    after(async () => {
      visitor.close();
      await relay.close();
    });

    it('every route, with a declared query or none, answers 400 naming the parameter, and writes nothing', async () => {
      const audit = async (): Promise<number> => (await relay.call('GET', '/v1/admin/audit')).body.items.length;
      const entries = await audit();
      assert.ok(ADMIN_ROUTES.length > withQuery.length, 'some routes declare no query');
      for (const route of ADMIN_ROUTES) {
        const path = route.path.replaceAll('{id}', conversationId).replaceAll(/\{[A-Za-z]+\}/g, 'x');
        const answer = await relay.call(route.method, `${path}?surplusParameter=1`);
        assert.equal(answer.status, 400, `${route.method} ${route.path}: ${JSON.stringify(answer.body)}`);
        assert.deepEqual(
          answer.body.error,
          { code: 'bad_request', message: 'Invalid query: unknown parameter surplusParameter.' },
          `${route.method} ${route.path}`,
        );
      }
      assert.equal(await audit(), entries, 'nothing was audited: nothing was done');
    });

    it("the accounts' routes take no query parameter: one given is refused, named, before anything is done", async () => {
      const answer = await fetch(`${relay.httpUrl}/v1/auth/login?remember=1`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'nobody@example.com', password: 'not the password' }),
      });
      assert.equal(answer.status, 400);
      assert.deepEqual(((await answer.json()) as { error: unknown }).error, {
        code: 'bad_request',
        message: 'Invalid query: unknown parameter remember.',
      });
    });

    it('a declared parameter is still read, and checked by name', async () => {
      const mentions = await relay.call('GET', '/v1/admin/me/mentions?unread=true&limit=5');
      assert.equal(mentions.status, 200, JSON.stringify(mentions.body));
      const wrong = await relay.call('GET', '/v1/admin/me/mentions?unread=yes');
      assert.equal(wrong.status, 400);
      assert.match(wrong.body.error.message, /^Invalid query\.unread: /);
    });
  });
});

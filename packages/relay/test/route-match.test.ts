import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { routeMatcher } from '../src/http/route-match.js';

const routes = [
  { method: 'GET', path: '/v1/things/{id}' },
  { method: 'DELETE', path: '/v1/things/{id}' },
  { method: 'GET', path: '/v1/things' },
] as const;

describe('routeMatcher', () => {
  it('matches a route with its parameters, answers 405 for another method and 404 for no path', () => {
    const match = routeMatcher(routes, { decodeParams: false });
    assert.deepEqual(match('GET', '/v1/things/t_1'), { route: routes[0], params: { id: 't_1' } });
    assert.deepEqual(match('DELETE', '/v1/things/t_1'), { route: routes[1], params: { id: 't_1' } });
    assert.equal(match('POST', '/v1/things/t_1'), 'method');
    assert.equal(match('GET', '/v1/other'), undefined);
    assert.equal(match('GET', '/v1/things/a.b'), undefined, 'a parameter outside A–Z a–z 0–9 _ -');
    assert.equal(match('GET', `/v1/things/${'x'.repeat(129)}`), undefined, 'a parameter over 128 characters');
  });

  it('percent-decodes parameters only when asked, and a part that does not decode matches nothing', () => {
    assert.deepEqual(routeMatcher(routes, { decodeParams: true })('GET', '/v1/things/t%5F1'), {
      route: routes[0],
      params: { id: 't_1' },
    });
    assert.equal(routeMatcher(routes, { decodeParams: false })('GET', '/v1/things/t%5F1'), undefined);
    assert.equal(routeMatcher(routes, { decodeParams: true })('GET', '/v1/things/%E0%A4%A'), undefined);
  });
});

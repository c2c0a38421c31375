/**
 * Request bodies refuse unknown fields, API-wide (issue #80): every route's body is parsed strict, at every depth, and
 * the refusal names the field; nothing is acted on. The finding: `{ "kind": "note" }` instead of `"note": true` on
 * `POST /v1/admin/conversations/{id}/messages` sent the "note" to the visitor.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { exampleOf } from '@parley/protocol/admin';
import { ADMIN_ROUTES } from './support/admin-routes.js';
import { ApiError, parseBody, type AdminRequest } from '../src/http/admin-http.js';
import { AUTH_ROUTES } from '../src/admin-api/auth-api.js';
import { TestClient } from './support/client.js';
import { siteKey, startDesk, type Desk } from './support/desk.js';

/** A request whose body is `value` as JSON: all `parseBody` reads. */
const requestWith = (value: unknown): AdminRequest =>
  ({ body: Promise.resolve(Buffer.from(JSON.stringify(value))) }) as AdminRequest;

const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

describe('request bodies refuse unknown fields, API-wide', () => {
  it("every route's body: its example is taken, the example with one more field is refused naming it", async () => {
    let checked = 0;
    for (const route of [...ADMIN_ROUTES, ...AUTH_ROUTES]) {
      const example = route.requestBody ? exampleOf(route.requestBody) : undefined;
      if (!route.requestBody || !isObject(example)) continue;
      const name = `${route.method} ${route.path}`;
      await parseBody(requestWith(example), route.requestBody);
      await assert.rejects(
        parseBody(requestWith({ ...example, surplusField: true }), route.requestBody),
        (error: unknown) =>
          error instanceof ApiError &&
          error.code === 'bad_request' &&
          error.message === 'Invalid body: unknown field surplusField.',
        name,
      );
      checked += 1;
    }
    // Most routes with a body carry an example (the authorization matrix sends it): the loop is not vacuous.
    assert.ok(checked >= 60, `only ${checked} routes checked`);
  });

  describe('over HTTP', () => {
    let relay: Desk;
    let conversationId: string;
    let visitor: TestClient;

    before(async () => {
      relay = await startDesk({ ipRateLimitPerSecond: 0 });
      const { client, welcome } = await TestClient.hello(relay.wsUrl, { siteKey });
      await client.say('v-1', 'Hello?');
      visitor = client;
      conversationId = welcome.conversationId!;
    });
    after(async () => {
      visitor.close();
      await relay.close();
    });

    const messages = async (): Promise<string[]> =>
      (await relay.call('GET', `/v1/admin/conversations/${conversationId}/messages`)).body.items.map(
        (message: { text: string }) => message.text,
      );

    it('a message with `kind` for `note` is refused naming `kind`, and nothing is sent', async () => {
      const sent = await relay.call('POST', `/v1/admin/conversations/${conversationId}/messages`, {
        id: 'strict-1',
        text: 'Internal: this customer is difficult',
        kind: 'note',
      });
      assert.equal(sent.status, 400, JSON.stringify(sent.body));
      assert.deepEqual(sent.body.error, { code: 'bad_request', message: 'Invalid body: unknown field kind.' });
      assert.deepEqual(await messages(), ['Hello?']);
    });

    it('an unknown field deeper in the body is refused by its path', async () => {
      const sent = await relay.call('POST', `/v1/admin/conversations/${conversationId}/messages`, {
        id: 'strict-2',
        text: 'Pick one',
        buttons: [{ label: 'Yes' }, { label: 'No', colour: 'red' }],
      });
      assert.equal(sent.status, 400, JSON.stringify(sent.body));
      assert.equal(sent.body.error.message, 'Invalid body.buttons.1: unknown field colour.');
      assert.deepEqual(await messages(), ['Hello?']);
      const patched = await relay.call('PATCH', `/v1/admin/conversations/${conversationId}`, {
        status: 'resolved',
        state: 'closed',
      });
      assert.equal(patched.status, 400, JSON.stringify(patched.body));
      assert.equal(patched.body.error.message, 'Invalid body: unknown field state.');
      const conversation = await relay.call('GET', `/v1/admin/conversations/${conversationId}`);
      assert.equal(conversation.body.status, 'open', 'the known field was not acted on either');
    });
  });
});

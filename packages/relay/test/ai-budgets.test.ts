/**
 * Each AI feature's own monthly budget (issue #83, docs/ai.md "Budget and usage"): checked beside the site's, a spent
 * feature refused while the others still go, the status naming it, the usage answering each feature's budget, and a
 * bad map refused naming its key with nothing changed.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { TestClient } from './support/client.js';
import { startModelServer, type ModelServer } from './support/model-servers.js';
import { adminToken, siteKey, startDesk, type Desk } from './support/desk.js';

/** Every feature without a budget of its own, as the settings answer it. */
const NONE = { draft: null, rewrite: null, summary: null, translate: null, agent: null, classify: null };

describe('ai feature budgets', () => {
  let relay: Desk;
  let model: ModelServer;
  let client: TestClient;
  let conversationId: string;

  before(async () => {
    model = await startModelServer('openai');
    relay = await startDesk({ ipRateLimitPerSecond: 0, aiAllowPrivate: true });
    const saved = await relay.call('PUT', '/v1/admin/ai', {
      enabled: true,
      provider: 'openai',
      baseUrl: model.baseUrl,
      model: 'budgeted',
    });
    assert.equal(saved.status, 200, JSON.stringify(saved.body));
    assert.deepEqual(saved.body.featureBudgets, NONE);
    const hello = await TestClient.hello(relay.wsUrl, { siteKey });
    client = hello.client;
    conversationId = hello.welcome.conversationId!;
    await client.say('m-0', 'My parcel never came.');
  });
  after(async () => {
    client.close();
    await Promise.all([relay.close(), model.close()]);
  });

  const rewrite = () => relay.call('POST', '/v1/admin/ai/rewrite', { text: 'hello', style: 'fix' });
  const summary = () => relay.call('POST', `/v1/admin/conversations/${conversationId}/ai/summary`, {});

  it('refuses a feature past its own budget while another still works, and the site’s budget still applies', async () => {
    // Each call of the model server uses 42 + 7 = 49 tokens.
    const saved = await relay.call('PUT', '/v1/admin/ai', {
      enabled: true,
      featureBudgets: { rewrite: 49, translate: 1_000 },
    });
    assert.equal(saved.status, 200, JSON.stringify(saved.body));
    assert.deepEqual(saved.body.featureBudgets, { ...NONE, rewrite: 49, translate: 1_000 });

    assert.equal((await rewrite()).status, 200);
    const asked = model.requests.length;
    // Read raw for its Retry-After (until the next month).
    const refused = await fetch(`${relay.httpUrl}/v1/admin/ai/rewrite`, {
      method: 'POST',
      headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'hello', style: 'fix' }),
    });
    assert.equal(refused.status, 429);
    assert.equal(((await refused.json()) as { error: { code: string } }).error.code, 'ai_budget_exhausted');
    assert.ok(Number(refused.headers.get('retry-after')) > 0);
    assert.equal(model.requests.length, asked, 'the provider was not called');
    assert.deepEqual((await relay.call('GET', '/v1/admin/ai/status')).body, {
      enabled: true,
      budgetExhausted: false,
      featuresExhausted: ['rewrite'],
    });

    // Another feature, on the same site, still goes.
    const summed = await summary();
    assert.equal(summed.status, 200, JSON.stringify(summed.body));
    assert.equal(model.requests.length, asked + 1);

    const usage = (await relay.call('GET', '/v1/admin/ai/usage')).body;
    assert.deepEqual(usage.features, [
      { feature: 'rewrite', calls: 2, failures: 1, inputTokens: 42, outputTokens: 7, budget: 49 },
      { feature: 'summary', calls: 1, failures: 0, inputTokens: 42, outputTokens: 7, budget: null },
      { feature: 'translate', calls: 0, failures: 0, inputTokens: 0, outputTokens: 0, budget: 1_000 },
    ]);
    assert.equal(usage.recent[1].outcome, 'budget');

    // Both apply: the site's budget, reached (98 tokens used), refuses a feature with room in its own.
    await relay.call('PUT', '/v1/admin/ai', { enabled: true, monthlyTokenBudget: 98 });
    const site = await summary();
    assert.equal(site.status, 429);
    assert.equal(site.body.error.code, 'ai_budget_exhausted');
    assert.equal(model.requests.length, asked + 1);
    assert.deepEqual((await relay.call('GET', '/v1/admin/ai/status')).body, {
      enabled: true,
      budgetExhausted: true,
      featuresExhausted: ['rewrite'],
    });

    // A save without `featureBudgets` keeps them; one with it replaces them as a whole.
    await relay.call('PUT', '/v1/admin/ai', { enabled: true, monthlyTokenBudget: null });
    assert.deepEqual((await relay.call('GET', '/v1/admin/ai')).body.featureBudgets, {
      ...NONE,
      rewrite: 49,
      translate: 1_000,
    });
    await relay.call('PUT', '/v1/admin/ai', { enabled: true, featureBudgets: { rewrite: null } });
    assert.deepEqual((await relay.call('GET', '/v1/admin/ai')).body.featureBudgets, NONE);
    assert.equal((await rewrite()).status, 200);
  });

  it('refuses a bad map naming the key, and changes nothing', async () => {
    await relay.call('PUT', '/v1/admin/ai', { enabled: true, featureBudgets: { draft: 500 } });
    const refusals: Array<[unknown, RegExp]> = [
      [{ tone: 10 }, /body\.featureBudgets: unknown field tone/],
      [{ draft: 0 }, /body\.featureBudgets\.draft/],
      [{ summary: 2.5 }, /body\.featureBudgets\.summary/],
      [{ agent: '100' }, /body\.featureBudgets\.agent/],
      [[100], /body\.featureBudgets/],
    ];
    for (const [featureBudgets, message] of refusals) {
      const refused = await relay.call('PUT', '/v1/admin/ai', { enabled: false, featureBudgets });
      assert.equal(refused.status, 400, JSON.stringify(featureBudgets));
      assert.match(refused.body.error.message, message);
    }
    const shown = (await relay.call('GET', '/v1/admin/ai')).body;
    assert.equal(shown.enabled, true);
    assert.deepEqual(shown.featureBudgets, { ...NONE, draft: 500 });
  });
});

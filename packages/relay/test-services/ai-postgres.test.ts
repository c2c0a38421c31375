/**
 * The AI feature on PostgreSQL (issue #83): its setting (the key sealed), a call recorded with the provider's token
 * figures, the month's usage and the budget read back, through the admin API of a relay on a schema of its own.
 * The provider is the loopback OpenAI-compatible server of the relay's own tests.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { TestClient } from '../test/support/client.js';
import { siteKey, type Desk } from '../test/support/desk.js';
import { startModelServer, type ModelServer } from '../test/support/model-servers.js';
import { startAiDesk } from './support/ai-desk.js';
import { TestSchemas, type TestSchema } from './support/postgres.js';

const schemas = new TestSchemas('parley_ai');
const KEY = 'sk-test-postgres-key-0123456789';

describe('ai (PostgreSQL)', () => {
  let relay: Desk;
  let openai: ModelServer;
  let schema: TestSchema;
  const clients: TestClient[] = [];

  before(async () => {
    openai = await startModelServer('openai');
    schema = await schemas.create();
    relay = await startAiDesk(schema);
  });
  after(async () => {
    for (const client of clients) client.close();
    await relay?.close();
    await openai?.close();
    await schemas.dropAll();
  });

  it('keeps the setting with its key sealed, records each call, and reads the usage and the budgets back', async () => {
    const saved = await relay.call('PUT', '/v1/admin/ai', {
      enabled: true,
      provider: 'openai',
      baseUrl: openai.baseUrl,
      model: 'gpt-test',
      apiKey: KEY,
      monthlyTokenBudget: 1_000,
      featureBudgets: { draft: 900 },
    });
    assert.equal(saved.status, 200, JSON.stringify(saved.body));
    assert.equal(saved.body.keySet, true);
    assert.equal(saved.body.featureBudgets.draft, 900);
    assert.ok(!JSON.stringify(saved.body).includes(KEY));

    // At rest the key is sealed: no row of the feature's tables holds it.
    const tables = await schema.query<{ table_name: string }>(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = $1 AND table_name LIKE 'ai%'",
      [schema.name],
    );
    assert.ok(tables.length > 0, 'the feature has tables');
    for (const { table_name: table } of tables) {
      const rows = await schema.query(`SELECT * FROM $schema."${table}"`);
      assert.ok(!JSON.stringify(rows).includes(KEY), `${table} holds no key in the clear`);
    }

    const { client: visitor, welcome } = await TestClient.hello(relay.wsUrl, { siteKey });
    clients.push(visitor);
    await visitor.say('m-1', 'Where is my parcel?');
    openai.script({ answer: 'It is on its way.', usage: { input: 700, output: 200 } });
    const drafted = await relay.call('POST', `/v1/admin/conversations/${welcome.conversationId}/ai/draft`, {});
    assert.equal(drafted.status, 200, JSON.stringify(drafted.body));
    assert.equal(drafted.body.text, 'It is on its way.');

    const usage = await relay.call('GET', '/v1/admin/ai/usage');
    assert.equal(usage.status, 200, JSON.stringify(usage.body));
    assert.equal(usage.body.usedTokens, 900);
    assert.deepEqual(
      usage.body.features.find((feature: { feature: string }) => feature.feature === 'draft'),
      { feature: 'draft', calls: 1, failures: 0, inputTokens: 700, outputTokens: 200, budget: 900 },
    );
    assert.equal(usage.body.recent[0].outcome, 'ok');

    // The draft's own 900 tokens are spent: another draft is refused, the provider not asked; the rewrite still goes.
    assert.deepEqual((await relay.call('GET', '/v1/admin/ai/status')).body, {
      enabled: true,
      budgetExhausted: false,
      featuresExhausted: ['draft'],
    });
    const before = openai.requests.length;
    const spent = await relay.call('POST', `/v1/admin/conversations/${welcome.conversationId}/ai/draft`, {});
    assert.equal(spent.status, 429);
    assert.equal(spent.body.error.code, 'ai_budget_exhausted');
    assert.equal(openai.requests.length, before);

    // 900 of 1,000 tokens used: the next call goes; once past the budget, the provider is no longer asked.
    openai.script({ answer: 'Anything else?', usage: { input: 150, output: 10 } });
    assert.equal((await relay.call('POST', '/v1/admin/ai/rewrite', { text: 'ok', style: 'fix' })).status, 200);
    const asked = openai.requests.length;
    const refused = await relay.call('POST', '/v1/admin/ai/rewrite', { text: 'ok', style: 'fix' });
    assert.equal(refused.status, 429);
    assert.equal(refused.body.error.code, 'ai_budget_exhausted');
    assert.equal(openai.requests.length, asked);
    assert.equal((await relay.call('GET', '/v1/admin/ai/status')).body.budgetExhausted, true);
  });
});

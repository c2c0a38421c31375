/**
 * The rule action "classify with AI" on PostgreSQL (issue #83, docs/ai.md “Classify”): the site's labels read for the
 * prompt (most used first, another site's never), the model's choice applied with the rule's next change in one
 * write. The provider is the loopback OpenAI-compatible server of the relay's own tests.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { TestClient } from '../test/support/client.js';
import { siteKey, type Desk } from '../test/support/desk.js';
import { startModelServer, type ModelServer } from '../test/support/model-servers.js';
import { addOtherSite } from '../test/support/other-site.js';
import { until } from '../test/support/until.js';
import { startAiDesk } from './support/ai-desk.js';
import { TestSchemas, type TestSchema } from './support/postgres.js';

const schemas = new TestSchemas('parley_ai_classify');
const otherToken = 'st_other_admin_classify_pg_0123456789';

describe('ai classify (PostgreSQL)', () => {
  let relay: Desk;
  let openai: ModelServer;
  let schema: TestSchema;
  const clients: TestClient[] = [];

  before(async () => {
    openai = await startModelServer('openai');
    schema = await schemas.create();
    relay = await startAiDesk(schema, { outboxTiming: { pollMs: 50 } });
    await addOtherSite(relay, 'pk_other_classify_pg', otherToken);
  });
  after(async () => {
    for (const client of clients) client.close();
    await relay?.close();
    await openai?.close();
    await schemas.dropAll();
  });

  async function visitor(key: string, text: string): Promise<string> {
    const { client, welcome } = await TestClient.hello(relay.wsUrl, { siteKey: key });
    clients.push(client);
    await client.say('m-1', text);
    return welcome.conversationId!;
  }

  it('offers the site’s own labels, most used first, and applies the choice with the rule’s next change', async () => {
    for (const [labels, key, token] of [
      [['refund', 'billing'], siteKey, undefined],
      [['billing'], siteKey, undefined],
      [['other-secret-label'], 'pk_other_classify_pg', otherToken],
    ] as const) {
      const id = await visitor(key, 'seed');
      assert.equal(
        (await relay.call('PATCH', `/v1/admin/conversations/${id}`, { labels: [...labels] }, token)).status,
        200,
      );
    }
    assert.equal(
      (
        await relay.call('PUT', '/v1/admin/ai', {
          enabled: true,
          provider: 'openai',
          baseUrl: openai.baseUrl,
          model: 'gpt-test',
        })
      ).status,
      200,
    );
    const rule = await relay.call('POST', '/v1/admin/rules', {
      name: 'Triage',
      trigger: 'message.visitor',
      conditions: [{ field: 'text', op: 'starts_with', value: 'classify' }],
      actions: [
        { type: 'ai_classify', classify: ['labels', 'priority'], mode: 'apply' },
        { type: 'set_status', status: 'pending' },
      ],
    });
    assert.equal(rule.status, 201, JSON.stringify(rule.body));
    openai.script({ answer: JSON.stringify({ labels: ['refund', 'other-secret-label'], priority: 'urgent' }) });
    const before = openai.requests.length;
    const id = await visitor(siteKey, 'classify: I want my money back');
    const run = await until(async () => {
      const runs = (await relay.call('GET', `/v1/admin/rules/${rule.body.id}/runs`)).body.items;
      return runs.find(
        (each: { conversationId: string; status: string }) => each.conversationId === id && each.status !== 'pending',
      );
    }, 'the rule’s run');
    assert.equal(run.status, 'done', run.detail);
    assert.match(run.detail, /ignored: label "other-secret-label"/);
    const conversation = (await relay.call('GET', `/v1/admin/conversations/${id}`)).body;
    assert.deepEqual(conversation.labels, ['refund']);
    assert.equal(conversation.priority, 'urgent');
    assert.equal(conversation.status, 'pending');
    const prompt = openai.requests[before]!.raw;
    assert.match(prompt, /\[\\"billing\\",\\"refund\\"\]/, 'the site’s labels, most used first');
    assert.ok(!prompt.includes('other-secret-label'), 'another site’s label reached the prompt');
  });
});

/**
 * Spam and review on PostgreSQL (docs/safety.md, "Spam and review"): the scenarios of moderation-scenarios.ts, and a
 * block made through one relay holding on another once it reads the blocks again (its refresh).
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { MODERATION_DESK, attempt, moderationScenarios, visitor } from '../test/moderation-scenarios.js';
import { startDesk } from '../test/support/desk.js';
import { TestSchemas } from './support/postgres.js';

const schemas = new TestSchemas('parley_moderation');
after(() => schemas.dropAll());

const postgres = async () => ({
  store: 'postgres' as const,
  databaseUrl: (await schemas.create()).connectionString,
  relaySecret: 'relay-secret-moderation-pg-0123456789',
  dataKey: Buffer.alloc(32, 7).toString('base64'),
});

moderationScenarios('PostgreSQL', postgres);

describe('spam blocks across relays (PostgreSQL)', () => {
  it('a conversation marked through one relay blocks its visitor and network on the other, and undo lifts it', async () => {
    const options = { ...MODERATION_DESK, ...(await postgres()) };
    const a = await startDesk(options);
    const b = await startDesk(options);
    try {
      const spammer = await visitor(a, '192.0.2.50');
      assert.equal((await attempt(spammer.client, 'x-1', 'buy now')).outcome, 'ack');
      const marked = await a.call('POST', `/v1/admin/conversations/${spammer.conversationId}/spam`);
      assert.equal(marked.status, 200);
      // The network of the conversation's opening, recorded by relay a, is read by relay b from the store.
      const other = await visitor(b, '192.0.2.51');
      await b.use('moderation')!.refresh();
      assert.equal((await attempt(other.client, 'x-2', 'hello from next door')).outcome, 'blocked');
      // The same visitor on relay b (their token) is blocked too.
      const back = await visitor(b, '198.51.100.50');
      assert.equal((await attempt(back.client, 'x-3', 'a new visitor elsewhere')).outcome, 'ack');

      assert.equal((await b.call('DELETE', `/v1/admin/conversations/${spammer.conversationId}/spam`)).status, 200);
      await a.use('moderation')!.refresh();
      assert.equal((await attempt(spammer.client, 'x-4', 'sorry')).outcome, 'ack');
      for (const client of [spammer.client, other.client, back.client]) client.close();
    } finally {
      await b.close();
      await a.close();
    }
  });
});

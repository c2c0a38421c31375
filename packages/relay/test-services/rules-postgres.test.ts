/**
 * Rules on PostgreSQL with two relays (issue #40): the exactly-once property test of rules-scenarios.ts with both
 * relays taking visitors and staff and reading the log, and the idle sweep run by both at once firing once.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { ONCE_DESK, exactlyOnceCase, startDesk } from '../test/rules-scenarios.js';
import { TestClient } from '../test/support/client.js';
import { siteKey } from '../test/support/desk.js';
import { TestSchemas } from './support/postgres.js';

const schemas = new TestSchemas('parley_rules');
after(() => schemas.dropAll());

describe('rules fire exactly once (PostgreSQL, two relays)', () => {
  it('over random rule sets and event sequences through both relays, the log read again by either', async () => {
    const clock = { offset: 0, now: () => Date.now() + clock.offset };
    const options = {
      ...ONCE_DESK,
      store: 'postgres' as const,
      databaseUrl: (await schemas.create()).connectionString,
      relaySecret: 'relay-secret-rules-pg-0123456789',
      dataKey: Buffer.alloc(32, 9).toString('base64'),
      clock: clock.now,
      outboxClock: clock.now,
    };
    const relays = [await startDesk(options), await startDesk(options)];
    try {
      for (const seed of [7, 8, 9, Date.now() % 1_000_000]) await exactlyOnceCase(seed, relays, undefined);

      // Idle: both relays sweep at once; each conversation fires once per idle spell.
      for (const rule of (await relays[0]!.call('GET', '/v1/admin/rules')).body.items)
        await relays[0]!.call('DELETE', `/v1/admin/rules/${rule.id}`);
      const made = await relays[0]!.call('POST', '/v1/admin/rules', {
        name: 'Nudge',
        trigger: 'conversation.idle',
        idleMinutes: 10,
        conditions: [],
        actions: [{ type: 'add_note', text: 'idle' }],
      });
      assert.equal(made.status, 201, JSON.stringify(made.body));
      for (const relay of relays) await relay.use('rules')!.rules.refresh();
      const ids: string[] = [];
      for (let v = 0; v < 3; v++) {
        const { client, welcome } = await TestClient.hello(relays[v % 2]!.wsUrl, { siteKey });
        await client.say(`idle-${v}`, 'are you there?');
        ids.push(welcome.conversationId!);
        client.close();
      }
      clock.offset += 11 * 60_000;
      const fired = await Promise.all(relays.map((relay) => relay.use('rules')!.rules.sweepIdle()));
      const again = await Promise.all(relays.map((relay) => relay.use('rules')!.rules.sweepIdle()));
      assert.equal(
        again.reduce((sum, n) => sum + n, 0),
        0,
        'a spell fires once',
      );
      // Every conversation of this case and the earlier ones is idle now: each fired once, by one relay or the other.
      assert.ok(fired.reduce((sum, n) => sum + n, 0) >= ids.length);
      for (const id of ids) {
        const notes = async () =>
          (
            (await relays[1]!.call('GET', `/v1/admin/conversations/${id}/messages`)).body.items as Array<{
              kind: string;
              text: string;
            }>
          ).filter((message) => message.kind === 'note' && message.text === 'idle');
        const deadline = Date.now() + 10_000;
        while ((await notes()).length < 1 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
        await new Promise((resolve) => setTimeout(resolve, 200));
        assert.equal((await notes()).length, 1, `one idle note in ${id}`);
      }
    } finally {
      for (const relay of relays) await relay.close();
    }
  });
});

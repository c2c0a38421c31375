/**
 * Rules fire exactly once per event on SQLite (issue #40): the property test of rules-scenarios.ts with restarts on
 * one data directory, and a relay killed with SIGKILL in the middle of a firing's actions.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ONCE_DESK, exactlyOnceCase, startDesk } from './rules-scenarios.js';
import { TestClient } from './support/client.js';
import { adminToken, call, siteKey } from './support/desk.js';
import { RelayProcess } from './support/relay-process.js';
import { tempDir } from './support/temp.js';
import { until } from './support/until.js';
import { WebhookReceiver } from './support/webhook-receiver.js';

describe('rules fire exactly once (SQLite)', () => {
  it('over random rule sets and event sequences, with the log read again and restarts', async () => {
    const dataDir = tempDir('parley-rules-once-');
    const options = { ...ONCE_DESK, dataDir };
    const relays = [await startDesk(options)];
    try {
      // Seeds from the clock, printed by any failure (the case's label); a few fixed ones always run.
      const seeds = [1, 2, 3, 42, Date.now() % 1_000_000];
      for (const seed of seeds)
        await exactlyOnceCase(seed, relays, async (index) => {
          await relays[index]!.close();
          return startDesk(options);
        });
    } finally {
      await relays[0]!.close();
    }
  });

  it('a relay killed with SIGKILL mid-firing: after the restart each action is done once (the webhook under one id)', async () => {
    const receiver = await WebhookReceiver.start();
    // The first call hangs: the relay is killed while the firing waits on it, its note already stored.
    let calls = 0;
    receiver.answer = (_request, response) => {
      if (calls++ > 0) response.writeHead(204).end();
    };
    const env = {
      PARLEY_DATA_DIR: tempDir('parley-rules-kill-'),
      PARLEY_SITE_KEY: siteKey,
      PARLEY_ADMIN_TOKEN: adminToken,
      PARLEY_WEBHOOK_ALLOW_PRIVATE: 'true',
      PARLEY_RATE_LIMIT_BURST: '1000',
      PARLEY_RATE_LIMIT_PER_SECOND: '1000',
      PARLEY_ADMIN_RATE_LIMIT_PER_SECOND: '1000',
      PARLEY_ADMIN_RATE_LIMIT_BURST: '1000',
      // The killed relay's lease on the firing runs out a moment after the outbox's longest handler timeout: the email
      // replies' 60 s, registered on every relay since a team's mailbox may send them (outbox-worker.ts, #claim).
      PARLEY_TEST_OUTBOX_TIMING: JSON.stringify({ pollMs: 50, leaseMarginMs: 200 }),
    };
    let first: RelayProcess | undefined = await RelayProcess.start(env);
    let second: RelayProcess | undefined;
    try {
      const made = await call(first, 'POST', '/v1/admin/rules', {
        name: 'Note and call',
        trigger: 'message.visitor',
        conditions: [{ field: 'text', op: 'contains', value: 'refund' }],
        actions: [
          { type: 'add_note', text: 'Refund asked' },
          { type: 'call_webhook', url: receiver.url() },
          { type: 'add_labels', labels: ['refund'] },
        ],
      });
      assert.equal(made.status, 201, JSON.stringify(made.body));
      const { client, welcome } = await TestClient.hello(first.wsUrl, { siteKey });
      await client.say('m-1', 'I want a refund');
      const id = welcome.conversationId!;
      await until(() => receiver.requests.length === 1, 'the webhook call under way');
      await first.kill('SIGKILL');
      first = undefined;
      client.close();

      second = await RelayProcess.start(env);
      const notes = async () => {
        const answer = await call(second!, 'GET', `/v1/admin/conversations/${id}/messages`);
        assert.equal(answer.status, 200, JSON.stringify(answer.body));
        return (
          answer.body.items as Array<{
            kind: string;
            text: string;
          }>
        ).filter((message) => message.kind === 'note');
      };
      await until(
        async () => (await call(second!, 'GET', `/v1/admin/conversations/${id}`)).body.labels?.includes('refund'),
        'the firing finished after the restart',
        { timeoutMs: 90_000 },
      );
      assert.deepEqual(
        (await notes()).map((note) => note.text),
        ['Refund asked'],
        'the note stored once',
      );
      const ids = receiver.requests.map((request) => JSON.parse(request.body).id as string);
      assert.ok(ids.length >= 2, 'called again after the restart');
      assert.equal(new Set(ids).size, 1, `one delivery id for the one call: ${ids.join(', ')}`);
      const runs = await call(second, 'GET', `/v1/admin/rules/${made.body.id}/runs`);
      assert.deepEqual(
        runs.body.items.map((run: { status: string }) => run.status),
        ['done'],
      );
    } finally {
      await first?.kill('SIGKILL');
      await second?.kill('SIGTERM');
      await receiver.close();
    }
  });
});

/**
 * Send later on PostgreSQL (issue #40): two relays on one database both run the outbox; a message scheduled on one
 * and edited on the other is sent once, at its time, with its last text; one due while both were down is sent once
 * after they start again; erasing the contact erases its scheduled messages.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { StartOptions } from '../src/index.js';
import { TestClient } from '../test/support/client.js';
import { adminToken, siteKey, startDesk, type Desk } from '../test/support/desk.js';
import { RelayProcess } from '../test/support/relay-process.js';
import { scheduledAccessSuite } from '../test/support/scheduled-access-suite.js';
import { until } from '../test/support/until.js';
import { TestSchemas } from './support/postgres.js';

const schemas = new TestSchemas('parley_scheduled');
const hour = 3_600_000;

describe('send later on PostgreSQL with two relays', () => {
  let relays: Desk[] = [];
  let options: StartOptions;
  const clock = { offset: 0, now: () => Date.now() + clock.offset };

  before(async () => {
    const { connectionString } = await schemas.create('two');
    options = {
      relaySecret: 'relay-secret-scheduled-pg-0123456789abcdef',
      dataKey: Buffer.alloc(32, 9).toString('base64'),
      ipRateLimitPerSecond: 0,
      newConversationsPerAddressPerHour: 10_000,
      store: 'postgres',
      databaseUrl: connectionString,
      clock: clock.now,
      outboxClock: clock.now,
      outboxTiming: { pollMs: 50 },
    };
    relays = [await startDesk(options), await startDesk(options)];
  });

  after(async () => {
    for (const relay of relays) await relay.close();
    await schemas.dropAll();
  });

  async function conversation(relay: Desk): Promise<{ id: string; client: TestClient }> {
    const { client, welcome } = await TestClient.hello(relay.wsUrl, { siteKey }, { protocol: 'parley.v2' });
    await client.say('m-1', 'Please write back on Monday.');
    return { id: welcome.conversationId!, client };
  }

  async function staffTexts(relay: Desk, id: string): Promise<string[]> {
    const page = await relay.call('GET', `/v1/admin/conversations/${id}/messages`);
    return page.body.items
      .filter((message: { author: { role: string } }) => message.author.role === 'staff')
      .map((message: { text: string }) => message.text);
  }

  it('scheduled on one relay, edited on the other, sent once at its time with its last text', async () => {
    const [first, second] = relays as [Desk, Desk];
    const { id, client } = await conversation(first);
    const texts = ['One', 'Two', 'Three'];
    const made = [];
    for (const text of texts) {
      const answer = await first.call('POST', `/v1/admin/conversations/${id}/scheduled`, {
        text,
        sendAt: clock.now() + hour,
      });
      assert.equal(answer.status, 201);
      made.push(answer.body);
    }
    const edited = await second.call('PATCH', `/v1/admin/scheduled/${made[1].id}`, {
      text: 'Two, edited',
      sendAt: clock.now() + 90 * 60_000,
    });
    assert.equal(edited.status, 200);
    assert.equal((await second.call('DELETE', `/v1/admin/scheduled/${made[2].id}`)).status, 200);
    assert.deepEqual(
      (await second.call('GET', `/v1/admin/conversations/${id}/scheduled`)).body.items.map(
        (item: { text: string }) => item.text,
      ),
      ['One', 'Two, edited'],
    );
    clock.offset += 2 * hour;
    await until(async () => (await staffTexts(first, id)).length === 2, 'both to be sent');
    await new Promise((resolve) => setTimeout(resolve, 400));
    // Both were due when the clock jumped: each once (their order between two relays is not promised).
    assert.deepEqual((await staffTexts(second, id)).sort(), ['One', 'Two, edited']);
    const rows = await first.call('GET', `/v1/admin/conversations/${id}/scheduled`);
    assert.deepEqual(rows.body.items, []);
    assert.equal((await first.call('PATCH', `/v1/admin/scheduled/${made[0].id}`, { text: 'late' })).status, 409);
    client.close();
  });

  it('one due while both relays were down is sent once after they start again', async () => {
    const { id, client } = await conversation(relays[0]!);
    const made = await relays[0]!.call('POST', `/v1/admin/conversations/${id}/scheduled`, {
      text: 'After the outage',
      sendAt: clock.now() + hour,
    });
    assert.equal(made.status, 201);
    client.close();
    for (const relay of relays) await relay.close();
    relays = [];
    clock.offset += 2 * hour;
    relays = [await startDesk(options), await startDesk(options)];
    await until(async () => (await staffTexts(relays[1]!, id)).length === 1, 'the message after the restart');
    await new Promise((resolve) => setTimeout(resolve, 400));
    assert.deepEqual(await staffTexts(relays[0]!, id), ['After the outage']);
  });

  it('erasing the contact erases its scheduled messages', async () => {
    const [first] = relays as [Desk, Desk];
    const { id, client } = await conversation(first);
    const made = await first.call('POST', `/v1/admin/conversations/${id}/scheduled`, {
      text: 'Never sent',
      sendAt: clock.now() + hour,
    });
    assert.equal(made.status, 201);
    // A contact's id is its visitor's.
    const contactId = (await first.call('GET', `/v1/admin/conversations/${id}`)).body.visitor.id as string;
    assert.ok(await first.use('scheduled')!.get('default', made.body.id));
    assert.equal((await first.call('DELETE', `/v1/admin/contacts/${contactId}`)).status, 204);
    assert.equal(await first.use('scheduled')!.get('default', made.body.id), undefined);
    assert.equal((await first.call('PATCH', `/v1/admin/scheduled/${made.body.id}`, { text: 'x' })).status, 404);
    assert.equal(
      (await first.admin.repos.outbox.listOutbox('default', { kind: 'scheduled.send', status: 'pending' }, 100)).items
        .length,
      0,
      'its job is erased with it',
    );
    client.close();
  });
});

describe('send later on PostgreSQL: a relay killed (SIGKILL) just after it stored the message', () => {
  const killSchemas = new TestSchemas('parley_scheduled_kill');
  after(() => killSchemas.dropAll());

  it('the next relay finishes the sending, and the message is stored once', async () => {
    const schema = await killSchemas.create('kill');
    const marker = 'kill-after-commit-7f3a';
    const env = {
      PARLEY_STORE: 'postgres',
      PARLEY_DATABASE_URL: schema.url(),
      PARLEY_SITE_KEY: siteKey,
      PARLEY_ADMIN_TOKEN: adminToken,
      PARLEY_RELAY_SECRET: 'relay-secret-scheduled-kill-0123456789abcdef',
      PARLEY_DATA_KEY: Buffer.alloc(32, 5).toString('base64'),
      PARLEY_TEST_OUTBOX_TIMING: JSON.stringify({ pollMs: 50, baseDelayMs: 300, maxDelayMs: 600, leaseMarginMs: 300 }),
    };
    const api = async (at: RelayProcess, method: string, path: string, body?: unknown) => {
      const response = await fetch(`${at.httpUrl}${path}`, {
        method,
        headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      return { status: response.status, body: (await response.json()) as any };
    };
    // The fixture kills this relay as soon as PostgreSQL has committed a message carrying the marker.
    let first: RelayProcess | undefined = await RelayProcess.start({ ...env, PARLEY_TEST_KILL_AFTER_COMMIT: marker });
    let second: RelayProcess | undefined;
    try {
      const { client, welcome } = await TestClient.hello(first.wsUrl, { siteKey });
      await client.say('m-1', 'Ping me in a moment');
      const id = welcome.conversationId!;
      const made = await api(first, 'POST', `/v1/admin/conversations/${id}/scheduled`, {
        text: `Here I am (${marker})`,
        sendAt: Date.now() + 1_000,
      });
      assert.equal(made.status, 201);
      const killed = await first.exited;
      first = undefined;
      assert.equal(killed.signal, 'SIGKILL', 'killed mid-send');
      client.close();
      const [row] = await schema.query<{ status: string }>(
        'SELECT status FROM $schema.scheduled_messages WHERE id = $1',
        [made.body.id],
      );
      assert.equal(row?.status, 'sending', 'taken, stored, not recorded as sent');
      // The dead relay's claim on the job would run out after the longest handler's timeout; end it now.
      await schema.query(
        `UPDATE $schema.outbox SET lease_until = 0 WHERE kind = 'scheduled.send' AND status = 'pending'`,
      );

      second = await RelayProcess.start(env);
      await until(async () => {
        const [state] = await schema.query<{ status: string }>(
          'SELECT status FROM $schema.scheduled_messages WHERE id = $1',
          [made.body.id],
        );
        return state?.status === 'sent';
      }, 'the sending finished by the next relay');
      const messages = (await api(second, 'GET', `/v1/admin/conversations/${id}/messages`)).body.items as Array<{
        text: string;
        author: { role: string };
      }>;
      assert.deepEqual(
        messages.filter((message) => message.author.role === 'staff').map((message) => message.text),
        [`Here I am (${marker})`],
      );
    } finally {
      await first?.kill('SIGKILL');
      await second?.kill('SIGTERM');
    }
  });
});

const accessSchemas = new TestSchemas('parley_scheduled_access');
scheduledAccessSuite('PostgreSQL', async () => ({
  store: 'postgres',
  databaseUrl: (await accessSchemas.create('access')).connectionString,
}));
after(() => accessSchemas.dropAll());

/**
 * Send later (issue #40): a staff message scheduled for a time, editable and cancellable until then, sent once at
 * its time as the staff member who scheduled it, through the admin API's message path; durable across restarts.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { StartOptions } from '../src/index.js';
import { scheduledClientId } from '../src/scheduled/scheduled-messages.js';
import { TestClient } from './support/client.js';
import { siteKey, startDesk, type Desk } from './support/desk.js';
import { scheduledAccessSuite } from './support/scheduled-access-suite.js';
import { tempDir } from './support/temp.js';
import { until } from './support/until.js';

const hour = 3_600_000;

describe('send later (admin API)', () => {
  let relay: Desk;
  const clock = { offset: 0, now: () => Date.now() + clock.offset };
  const dataDir = tempDir('parley-scheduled-');
  const options: StartOptions = {
    dataDir,
    ipRateLimitPerSecond: 0,
    newConversationsPerAddressPerHour: 10_000,
    clock: clock.now,
    outboxClock: clock.now,
    outboxTiming: { pollMs: 50 },
  };

  before(async () => {
    relay = await startDesk(options);
  });
  after(async () => {
    await relay.close();
  });

  async function conversation(): Promise<{ id: string; client: TestClient }> {
    const { client, welcome } = await TestClient.hello(relay.wsUrl, { siteKey }, { protocol: 'parley.v2' });
    await client.say('m-1', 'Can you get back to me tomorrow?');
    return { id: welcome.conversationId!, client };
  }

  /** The conversation's staff messages, as `author: text`. */
  async function staffMessages(id: string): Promise<string[]> {
    const page = await relay.call('GET', `/v1/admin/conversations/${id}/messages`);
    return page.body.items
      .filter((message: { author: { role: string } }) => message.author.role === 'staff')
      .map((message: { author: { name: string }; text: string }) => `${message.author.name}: ${message.text}`);
  }

  const pending = async (id: string): Promise<Array<{ id: string; text: string; sendAt: number; status: string }>> =>
    (await relay.call('GET', `/v1/admin/conversations/${id}/scheduled`)).body.items;

  it('schedules, edits, and sends once at its time, as who scheduled it; the visitor gets it', async () => {
    const ana = await relay.agent('Ana');
    const { id, client } = await conversation();
    const sendAt = clock.now() + 2 * hour;
    const made = await relay.call(
      'POST',
      `/v1/admin/conversations/${id}/scheduled`,
      { text: 'Good morning!', sendAt },
      ana.token,
    );
    assert.equal(made.status, 201, JSON.stringify(made.body));
    assert.equal(made.body.status, 'scheduled');
    assert.equal(made.body.staffName, 'Ana');
    assert.equal(made.body.siteId, undefined);
    const edited = await relay.call(
      'PATCH',
      `/v1/admin/scheduled/${made.body.id}`,
      { text: 'Good morning, here is the answer.' },
      ana.token,
    );
    assert.equal(edited.status, 200);
    assert.equal(edited.body.text, 'Good morning, here is the answer.');
    assert.equal(edited.body.staffName, 'Ana', 'still sent as who scheduled it');
    assert.deepEqual(
      (await pending(id)).map((item) => [item.text, item.sendAt, item.status]),
      [['Good morning, here is the answer.', sendAt, 'scheduled']],
    );

    // An hour on, nothing yet.
    clock.offset += hour;
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.deepEqual(await staffMessages(id), []);
    // Past its time: sent once, as Ana, and the visitor's connection gets it.
    clock.offset += hour + 1000;
    const frame = client.next('message', (message: any) => message.message?.author?.role === 'staff');
    await until(async () => (await staffMessages(id)).length > 0, 'the scheduled message to be sent');
    assert.deepEqual(await staffMessages(id), ['Ana: Good morning, here is the answer.']);
    assert.equal(((await frame) as any).message.text, 'Good morning, here is the answer.');
    assert.deepEqual(await pending(id), []);
    const sent = await relay.call('PATCH', `/v1/admin/scheduled/${made.body.id}`, { text: 'too late' });
    assert.equal(sent.status, 409);
    assert.match(sent.body.error.message, /has been sent; it can no longer be changed/);
    assert.equal((await relay.call('DELETE', `/v1/admin/scheduled/${made.body.id}`)).status, 409);
    const audit = await relay.call('GET', '/v1/admin/audit?limit=20');
    const actions = audit.body.items
      .filter((entry: { targetId: string }) => entry.targetId === id)
      .map((entry: { action: string; actorName: string }) => `${entry.action} by ${entry.actorName}`);
    assert.ok(actions.includes('message.schedule by Ana'), actions.join());
    assert.ok(actions.includes('message.schedule.update by Ana'), actions.join());
    assert.ok(actions.includes('message.create by Ana'), actions.join());
    client.close();
  });

  it('moved to a later time, it goes at the later time; cancelled, it never goes', async () => {
    const { id, client } = await conversation();
    const first = await relay.call('POST', `/v1/admin/conversations/${id}/scheduled`, {
      text: 'Moved',
      sendAt: clock.now() + hour,
    });
    const second = await relay.call('POST', `/v1/admin/conversations/${id}/scheduled`, {
      text: 'Cancelled',
      sendAt: clock.now() + hour,
    });
    const later = clock.now() + 3 * hour;
    assert.equal((await relay.call('PATCH', `/v1/admin/scheduled/${first.body.id}`, { sendAt: later })).status, 200);
    const cancelled = await relay.call('DELETE', `/v1/admin/scheduled/${second.body.id}`);
    assert.equal(cancelled.status, 200);
    assert.equal(cancelled.body.status, 'cancelled');
    assert.deepEqual(
      (await pending(id)).map((item) => item.text),
      ['Moved'],
    );
    const again = await relay.call('PATCH', `/v1/admin/scheduled/${second.body.id}`, { text: 'x' });
    assert.equal(again.status, 409);
    assert.match(again.body.error.message, /was cancelled/);

    // The old time passes: nothing goes.
    clock.offset += 2 * hour;
    await until(
      async () =>
        (await relay.admin.repos.outbox.listOutbox('default', { kind: 'scheduled.send', status: 'pending' }, 100)).items
          .length === 1,
      'the jobs of the old time to be done',
    );
    assert.deepEqual(await staffMessages(id), []);
    clock.offset += 2 * hour;
    await until(async () => (await staffMessages(id)).length > 0, 'the moved message to be sent');
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.deepEqual(await staffMessages(id), ['Admin: Moved']);
    client.close();
  });

  it('one whose author lost access is not sent: listed as failed with why, until dismissed', async () => {
    const bo = await relay.agent('Bo');
    const { id, client } = await conversation();
    const made = await relay.call(
      'POST',
      `/v1/admin/conversations/${id}/scheduled`,
      { text: 'From Bo', sendAt: clock.now() + hour },
      bo.token,
    );
    assert.equal(made.status, 201);
    assert.equal((await relay.call('DELETE', `/v1/admin/tokens/${bo.id}`)).status, 204);
    clock.offset += 2 * hour;
    await until(async () => (await pending(id))[0]?.status === 'failed', 'the sending to fail');
    const [failed] = (await relay.call('GET', `/v1/admin/conversations/${id}/scheduled`)).body.items;
    assert.equal(failed.error, 'The staff member who scheduled it no longer has access.');
    assert.deepEqual(await staffMessages(id), []);
    const edit = await relay.call('PATCH', `/v1/admin/scheduled/${made.body.id}`, { text: 'x' });
    assert.equal(edit.status, 409);
    assert.match(edit.body.error.message, /could not be sent; it can no longer be changed/);
    const dismissed = await relay.call('DELETE', `/v1/admin/scheduled/${made.body.id}`);
    assert.equal(dismissed.status, 200);
    assert.equal(dismissed.body.status, 'cancelled');
    assert.deepEqual(await pending(id), []);
    client.close();
  });

  it('refuses bad input with a clear error, and changes nothing', async () => {
    const { id, client } = await conversation();
    const path = `/v1/admin/conversations/${id}/scheduled`;
    const refusals: Array<[unknown, RegExp]> = [
      [{ text: 'Hi' }, /sendAt/],
      [{ sendAt: clock.now() + hour }, /text/],
      [{ text: '', sendAt: clock.now() + hour }, /text/],
      [{ text: 'Hi', sendAt: clock.now() - 1000 }, /body\.sendAt: the time has passed/],
      [{ text: 'Hi', sendAt: clock.now() + 400 * 24 * hour }, /body\.sendAt: at most a year ahead/],
      [{ text: 'Hi', sendAt: 'tomorrow' }, /sendAt/],
      [{ text: 'x'.repeat(20_000), sendAt: clock.now() + hour }, /text/],
      [{ text: 'Hi', sendAt: clock.now() + hour, note: true }, /note/],
    ];
    for (const [body, message] of refusals) {
      const refused = await relay.call('POST', path, body);
      assert.equal(refused.status, 400, JSON.stringify(body).slice(0, 80));
      assert.match(refused.body.error.message, message, JSON.stringify(body).slice(0, 80));
    }
    assert.deepEqual(await pending(id), []);
    assert.equal(
      (
        await relay.call('POST', '/v1/admin/conversations/c_missing/scheduled', {
          text: 'Hi',
          sendAt: clock.now() + hour,
        })
      ).status,
      404,
    );
    const made = await relay.call('POST', path, { text: 'Kept', sendAt: clock.now() + hour });
    const patchRefusals: Array<[unknown, RegExp]> = [
      [{}, /give text, sendAt or both/],
      [{ sendAt: clock.now() - 1 }, /body\.sendAt: the time has passed/],
      [{ text: '' }, /text/],
      [{ text: 'Changed', status: 'sent' }, /status/],
    ];
    for (const [body, message] of patchRefusals) {
      const refused = await relay.call('PATCH', `/v1/admin/scheduled/${made.body.id}`, body);
      assert.equal(refused.status, 400, JSON.stringify(body));
      assert.match(refused.body.error.message, message, JSON.stringify(body));
    }
    assert.deepEqual(
      (await pending(id)).map((item) => [item.text, item.sendAt]),
      [['Kept', made.body.sendAt]],
    );
    assert.equal((await relay.call('PATCH', '/v1/admin/scheduled/sm_missing', { text: 'x' })).status, 404);
    assert.equal((await relay.call('DELETE', `/v1/admin/scheduled/${made.body.id}`)).status, 200);
    client.close();
  });

  it('a sending cut short after the message was stored (a killed relay) stores it once', async () => {
    const { id, client } = await conversation();
    const made = await relay.call('POST', `/v1/admin/conversations/${id}/scheduled`, {
      text: 'Only once',
      sendAt: clock.now() + hour,
    });
    // What a relay killed mid-send leaves: the message stored under its client id, the row and the job not
    // recorded as done. The job goes again at its time and finds the message stored.
    const conversationRecord = await relay.admin.repos.conversations.getConversation('default', id);
    await relay.store.append({
      siteId: 'default',
      conversationId: id,
      visitorId: conversationRecord!.visitorId,
      clientId: scheduledClientId(made.body.id),
      author: { role: 'staff', id: made.body.staffId, name: made.body.staffName },
      text: 'Only once',
      kind: 'text',
    });
    clock.offset += 2 * hour;
    await until(async () => (await pending(id)).length === 0, 'the scheduled message to be finished');
    assert.deepEqual(await staffMessages(id), ['Admin: Only once']);
    client.close();
  });

  it('a message due while the relay was down is sent once after the restart', async () => {
    const { id, client } = await conversation();
    const made = await relay.call('POST', `/v1/admin/conversations/${id}/scheduled`, {
      text: 'Sent after the restart',
      sendAt: clock.now() + hour,
    });
    assert.equal(made.status, 201);
    client.close();
    await relay.close();
    clock.offset += 2 * hour;
    relay = await startDesk(options);
    await until(async () => (await staffMessages(id)).length > 0, 'the message to be sent after the restart');
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.deepEqual(await staffMessages(id), ['Admin: Sent after the restart']);
    assert.deepEqual(await pending(id), []);
  });
});

scheduledAccessSuite('SQLite', () => ({ dataDir: tempDir('parley-scheduled-access-') }));

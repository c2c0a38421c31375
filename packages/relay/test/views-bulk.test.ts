/**
 * Saved views and bulk changes (issue #40): the list filtered by a view's criteria, views shared or personal with
 * their counts, and one change made to many conversations through the one writer, with an outcome per id and one
 * audit entry for the action.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { TestClient } from './support/client.js';
import { siteKey, startDesk, type Desk } from './support/desk.js';
import { until } from './support/until.js';
import { WebhookReceiver } from './support/webhook-receiver.js';

describe('saved views and bulk changes', () => {
  let relay: Desk;
  let receiver: WebhookReceiver;
  let ana: { id: string; token: string };
  let boss: { id: string; token: string };
  const clients: TestClient[] = [];
  /** Five conversations, oldest first. */
  const ids: string[] = [];

  before(async () => {
    receiver = await WebhookReceiver.start();
    relay = await startDesk({
      ipRateLimitPerSecond: 0,
      newConversationsPerAddressPerHour: 10_000,
      webhookAllowPrivate: true,
    });
    ana = await relay.agent('Ana');
    boss = await relay.agent('Boss', 'admin');
    const hook = await relay.call('POST', '/v1/admin/webhooks', {
      url: receiver.url(),
      events: ['conversation.updated'],
    });
    assert.equal(hook.status, 201);
    for (let n = 0; n < 5; n++) {
      const { client, welcome } = await TestClient.hello(relay.wsUrl, { siteKey }, { protocol: 'parley.v2' });
      await client.say(`m-${n}`, `Question ${n}`);
      clients.push(client);
      ids.push(welcome.conversationId!);
    }
    // 0, 1: billing and urgent; 1: Ana's; 2: Ana's, billing only; 3, 4: nothing.
    await relay.call('PATCH', `/v1/admin/conversations/${ids[0]}`, { labels: ['billing', 'urgent'] });
    await relay.call('PATCH', `/v1/admin/conversations/${ids[1]}`, {
      labels: ['billing', 'urgent'],
      assigneeId: ana.id,
    });
    await relay.call('PATCH', `/v1/admin/conversations/${ids[2]}`, { labels: ['billing'], assigneeId: ana.id });
  });

  after(async () => {
    for (const client of clients) client.close();
    await relay.close();
    await receiver.close();
  });

  const listed = async (query: string, as?: string): Promise<string[]> => {
    const page = await relay.call('GET', `/v1/admin/conversations?${query}`, undefined, as);
    assert.equal(page.status, 200, JSON.stringify(page.body));
    return page.body.items.map((item: { id: string }) => item.id).sort();
  };
  const sorted = (...picked: number[]): string[] => picked.map((n) => ids[n]!).sort();

  it('the list takes a view’s criteria as parameters: assignee, labels (all of them), channel, team', async () => {
    assert.deepEqual(await listed('labels=billing,urgent'), sorted(0, 1));
    assert.deepEqual(await listed(`assignee=${ana.id}&labels=billing`), sorted(1, 2));
    assert.deepEqual(await listed('assignee=me', ana.token), sorted(1, 2));
    assert.deepEqual(await listed('assignee=none&labels=billing'), sorted(0));
    assert.deepEqual(await listed('channel=chat&assignee=none'), sorted(0, 3, 4));
    assert.deepEqual(await listed('channel=email'), []);
    assert.deepEqual(await listed('teamId=t_nothing'), []);
    const counts = (await relay.call('GET', '/v1/admin/conversations?labels=billing')).body.counts;
    assert.equal(counts.all, 3);
    assert.equal(counts.unassigned, 1);
    for (const [query, field] of [
      ['channel=fax', /query\.channel/],
      ['labels=a,,b', /query\.labels\.1/],
      ['labels=a,b,c,d,e,f', /query\.labels/],
      ['assignee=not%20an%20id', /query\.assignee: `me`, `none` or a staff id/],
      ['savedView=vw_none', /query\.savedView/],
      ['view=vw_none', /query\.savedView: no such saved view/],
      ['view=someday', /query\.view: one of mine, .*or a saved view’s id/],
    ] as const) {
      const refused = await relay.call('GET', `/v1/admin/conversations?${query}`);
      assert.ok(refused.status === 400 || refused.status === 404, query);
      assert.match(refused.body.error.message, field, query);
    }
  });

  it('saves views, shared (admins) or personal, with their counts; another’s personal view is not found', async () => {
    const mine = await relay.call(
      'POST',
      '/v1/admin/views',
      { name: ' My billing ', filter: { assignee: 'me', labels: ['billing'] } },
      ana.token,
    );
    assert.equal(mine.status, 201, JSON.stringify(mine.body));
    assert.equal(mine.body.name, 'My billing');
    assert.equal(mine.body.shared, false);
    assert.equal(mine.body.count, 2);
    const refused = await relay.call(
      'POST',
      '/v1/admin/views',
      { name: 'Everyone', filter: {}, shared: true },
      ana.token,
    );
    assert.equal(refused.status, 403);
    const shared = await relay.call(
      'POST',
      '/v1/admin/views',
      { name: 'Unassigned billing', filter: { assignee: 'none', labels: ['billing'] }, shared: true, position: 1 },
      boss.token,
    );
    assert.equal(shared.status, 201);
    const bossOwn = await relay.call(
      'POST',
      '/v1/admin/views',
      { name: 'Boss', filter: { status: 'resolved' } },
      boss.token,
    );
    assert.equal(bossOwn.status, 201);

    const anaViews = (await relay.call('GET', '/v1/admin/views', undefined, ana.token)).body.items;
    assert.deepEqual(
      anaViews.map((view: { name: string; count: number; shared: boolean }) => [view.name, view.count, view.shared]),
      [
        ['My billing', 2, false],
        ['Unassigned billing', 1, true],
      ],
    );
    assert.deepEqual(await listed(`savedView=${mine.body.id}`, ana.token), sorted(1, 2));
    // A saved view is a view: the inbox asks for it as `view`.
    assert.deepEqual(await listed(`view=${mine.body.id}`, ana.token), sorted(1, 2));
    // The parameters given with a view override its members.
    assert.deepEqual(await listed(`savedView=${shared.body.id}&assignee=${ana.id}`, ana.token), sorted(1, 2));
    assert.equal(
      (await relay.call('GET', `/v1/admin/conversations?savedView=${bossOwn.body.id}`, undefined, ana.token)).status,
      404,
    );
    assert.equal(
      (await relay.call('PATCH', `/v1/admin/views/${bossOwn.body.id}`, { name: 'x' }, ana.token)).status,
      404,
    );
    assert.equal(
      (await relay.call('PATCH', `/v1/admin/views/${shared.body.id}`, { name: 'x' }, ana.token)).status,
      403,
    );
    assert.equal((await relay.call('DELETE', `/v1/admin/views/${shared.body.id}`, undefined, ana.token)).status, 403);

    const renamed = await relay.call(
      'PATCH',
      `/v1/admin/views/${mine.body.id}`,
      { name: 'Mine', filter: { assignee: 'me' } },
      ana.token,
    );
    assert.equal(renamed.status, 200);
    assert.equal(renamed.body.name, 'Mine');
    assert.equal(renamed.body.count, 2);
    const bad = await relay.call('PATCH', `/v1/admin/views/${mine.body.id}`, { filter: { channel: 'fax' } }, ana.token);
    assert.equal(bad.status, 400);
    assert.match(bad.body.error.message, /body\.filter\.channel/);
    const unknown = await relay.call('POST', '/v1/admin/views', { name: 'x', filter: { colour: 'red' } }, ana.token);
    assert.match(unknown.body.error.message, /body\.filter: unknown field colour/);
    const empty = await relay.call('POST', '/v1/admin/views', { name: '  ', filter: {} }, ana.token);
    assert.match(empty.body.error.message, /body\.name/);

    const audit = (await relay.call('GET', '/v1/admin/audit?action=view.update')).body.items;
    assert.equal(audit.length, 1);
    assert.equal((await relay.call('DELETE', `/v1/admin/views/${mine.body.id}`, undefined, ana.token)).status, 204);
    assert.equal((await relay.call('GET', '/v1/admin/views', undefined, ana.token)).body.items.length, 1);
  });

  it('the personal views of a staff member removed for good go too; shared ones stay', async () => {
    const temp = await relay.agent('Temp', 'admin');
    await relay.call('POST', '/v1/admin/views', { name: 'Temp own', filter: {} }, temp.token);
    await relay.call('POST', '/v1/admin/views', { name: 'Temp shared', filter: {}, shared: true }, temp.token);
    assert.equal((await relay.call('DELETE', `/v1/admin/tokens/${temp.id}`)).status, 204);
    await relay.use('views')!.sweep();
    const names = (await relay.call('GET', '/v1/admin/views')).body.items.map((view: { name: string }) => view.name);
    assert.ok(names.includes('Temp shared'));
    assert.equal(await relay.use('views')!.repository.countOnSite('default'), names.length + 1); // + Boss's own
  });

  it('changes many conversations at once: an outcome per id, webhooks, timelines, one audit entry', async () => {
    const unknown = 'c_not_here';
    const resolved = await relay.call(
      'POST',
      '/v1/admin/conversations/bulk',
      { ids: [ids[3], ids[4], unknown, ids[3]], status: 'resolved' },
      ana.token,
    );
    assert.equal(resolved.status, 200, JSON.stringify(resolved.body));
    assert.deepEqual(resolved.body.results, [
      { id: ids[3], outcome: 'ok' },
      { id: ids[4], outcome: 'ok' },
      { id: unknown, outcome: 'not_found', message: 'No such conversation on this site.' },
    ]);
    assert.equal(resolved.body.changed, 2);
    assert.equal(resolved.body.failed, 1);
    assert.deepEqual(await listed('status=resolved'), sorted(3, 4));
    await until(
      () =>
        receiver.requests.filter((request) => {
          const event = JSON.parse(request.body) as { data: { conversation: { id: string; status: string } } };
          return event.data.conversation.status === 'resolved';
        }).length === 2,
      'a conversation.updated webhook per resolved conversation',
    );
    const timeline = (await relay.call('GET', `/v1/admin/conversations/${ids[3]}/events`)).body.items;
    assert.deepEqual(
      timeline.map((event: { type: string; status: string; actor: { name: string } }) => [
        event.type,
        event.status,
        event.actor.name,
      ]),
      [['status', 'resolved', 'Ana']],
    );
    const bulkAudit = (await relay.call('GET', '/v1/admin/audit?action=conversation.bulk')).body.items;
    assert.equal(bulkAudit.length, 1);
    assert.equal(bulkAudit[0].actorName, 'Ana');
    assert.equal(bulkAudit[0].details.count, 3);
    assert.deepEqual(bulkAudit[0].details.ids, [ids[3], ids[4], unknown]);

    // Labels added and removed; a conversation already so is left as it is.
    const labelled = await relay.call('POST', '/v1/admin/conversations/bulk', {
      ids: [ids[0], ids[2]],
      addLabels: ['vip'],
      removeLabels: ['urgent'],
    });
    assert.equal(labelled.body.changed, 2);
    const first = (await relay.call('GET', `/v1/admin/conversations/${ids[0]}`)).body;
    assert.deepEqual([...first.labels].sort(), ['billing', 'vip']);
    const again = await relay.call('POST', '/v1/admin/conversations/bulk', {
      ids: [ids[0]],
      priority: 'high',
      assigneeId: boss.id,
    });
    assert.equal(again.body.changed, 1);
    const updated = (await relay.call('GET', `/v1/admin/conversations/${ids[0]}`)).body;
    assert.equal(updated.priority, 'high');
    assert.equal(updated.assigneeId, boss.id);

    // Snoozed until a time; a resolved one is a conflict, named.
    const snoozed = await relay.call('POST', '/v1/admin/conversations/bulk', {
      ids: [ids[0], ids[3]],
      snoozeUntil: Date.now() + 3_600_000,
    });
    assert.deepEqual(
      snoozed.body.results.map((result: { outcome: string }) => result.outcome),
      ['ok', 'conflict'],
    );
    assert.match(snoozed.body.results[1].message, /resolved/);
    assert.equal((await relay.call('GET', `/v1/admin/conversations/${ids[0]}`)).body.status, 'snoozed');
  });

  it('refuses bad input with a clear error, and changes nothing', async () => {
    const auditBefore = (await relay.call('GET', '/v1/admin/audit?action=conversation.bulk')).body.items.length;
    const refusals: Array<[unknown, RegExp]> = [
      [{ ids: [ids[1]] }, /give a change/],
      [{ ids: [], status: 'open' }, /body\.ids/],
      [{ ids: Array.from({ length: 101 }, (_, n) => `c_${n}`), status: 'open' }, /body\.ids/],
      [{ ids: [ids[1]], status: 'closed' }, /body\.status/],
      [{ ids: [ids[1]], status: 'snoozed' }, /body\.status: to snooze, give snoozeUntil/],
      [{ ids: [ids[1]], assigneeId: 'st_nobody' }, /body\.assigneeId: no such staff member/],
      [{ ids: [ids[1]], teamId: 't_nothing' }, /body\.teamId: no such team/],
      [{ ids: [ids[1]], snoozeUntil: Date.now() - 1000 }, /body\.snoozeUntil: the time has passed/],
      [{ ids: [ids[1]], snoozeUntil: Date.now() + 3_600_000, status: 'open' }, /snooze goes alone/],
      [{ ids: [ids[1]], addLabels: ['a'], removeLabels: ['a'] }, /body\.removeLabels/],
      [{ ids: [ids[1]], status: 'open', colour: 'red' }, /unknown field colour/],
    ];
    for (const [body, message] of refusals) {
      const refused = await relay.call('POST', '/v1/admin/conversations/bulk', body);
      assert.equal(refused.status, 400, JSON.stringify(body));
      assert.match(refused.body.error.message, message, JSON.stringify(body));
    }
    assert.equal((await relay.call('GET', `/v1/admin/conversations/${ids[1]}`)).body.status, 'open');
    assert.equal((await relay.call('GET', '/v1/admin/audit?action=conversation.bulk')).body.items.length, auditBefore);
  });
});

/**
 * The merge feature's suite (docs/merge.md), run on SQLite (`test/merge.test.ts`) and PostgreSQL
 * (`test-services/merge-postgres.test.ts`): a real relay on port 0, real sockets; with the channels' customers
 * (`merge-channels-scenarios.ts`).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { MERGED_CLOSE, type Message } from '@parley/protocol';
import type { StartOptions } from '../../src/index.js';
import { TestClient } from './client.js';
import { identitySecret, siteKey, startDesk, type Desk } from './desk.js';
import { mergeChannelScenarios } from './merge-channels-scenarios.js';
import { until } from './until.js';
import { WebhookReceiver } from './webhook-receiver.js';
import { WhatsAppGraphApi } from './whatsapp-graph-api.js';

/** A visitor with a conversation opened on the widget, and an older one of theirs stored before it. */
export interface TwoConversations {
  readonly visitorId: string;
  readonly token: string;
  readonly older: string;
  readonly newer: string;
  readonly client: TestClient;
}

let made = 0;

/** Makes a visitor whose older conversation (two messages, stored first) and newer one (on the socket) exist. */
export async function twoConversations(relay: Desk): Promise<TwoConversations> {
  made += 1;
  const { client, welcome } = await TestClient.hello(relay.wsUrl, { siteKey }, { protocol: 'parley.v3' });
  const visitorId = welcome.visitorId!;
  const older = `c_older_${made}_${Date.now()}`;
  for (const [clientId, text, role] of [
    ['o-1', 'Old question', 'visitor'],
    ['o-2', 'Old answer', 'staff'],
  ] as const) {
    await relay.store.append({
      siteId: 'default',
      conversationId: older,
      visitorId,
      clientId,
      author: role === 'visitor' ? { role, id: visitorId } : { role, id: 'staff_x', name: 'Sam' },
      text,
      kind: 'text',
    });
  }
  await client.say('n-1', 'New question');
  // The same client id as the older conversation's first: it is kept apart, not lost.
  await client.say('o-1', 'New detail');
  return { visitorId, token: welcome.visitorToken!, older, newer: welcome.conversationId!, client };
}

/** Messages a connection was sent, by `seq`: its texts. */
function texts(messages: readonly Message[]): string[] {
  return messages.map((message) => `${message.seq} ${message.text}`);
}

/** The suite; `options` picks the store. */
export function mergeSuite(name: string, options: () => Promise<StartOptions> | StartOptions): void {
  describe(`merge (${name})`, () => {
    let relay: Desk;
    let receiver: WebhookReceiver;
    let graph: WhatsAppGraphApi;

    before(async () => {
      receiver = await WebhookReceiver.start();
      graph = await WhatsAppGraphApi.start();
      relay = await startDesk({
        ipRateLimitPerSecond: 0,
        adminRateLimitPerSecond: 0,
        newConversationsPerAddressPerHour: 10_000,
        webhookAllowPrivate: true,
        outboxTiming: { pollMs: 50 },
        // The channels' customers (merge-channels-scenarios.ts): identified visitors, a WhatsApp number.
        identitySecret,
        whatsappApiUrl: graph.url,
        ...(await options()),
      });
      const hook = await relay.call('POST', '/v1/admin/webhooks', {
        url: receiver.url(),
        events: ['conversation.updated'],
      });
      assert.equal(hook.status, 201);
    });
    after(async () => {
      await relay.close();
      await receiver.close();
      await graph.close();
    });

    mergeChannelScenarios(() => ({ relay, graph }));

    it('merges the newer conversation into the older: one history, origins kept, the widget follows', async () => {
      const { older, newer, client, token } = await twoConversations(relay);
      await relay.call('PATCH', `/v1/admin/conversations/${newer}`, { labels: ['billing'], priority: 'high' });
      const merged = await relay.call('POST', `/v1/admin/conversations/${older}/merge`, { from: newer });
      assert.equal(merged.status, 200, JSON.stringify(merged.body));
      assert.deepEqual(merged.body.merged, { from: newer, messages: 2, firstSeq: 3 });
      assert.equal(merged.body.conversation.lastSeq, 4);
      assert.deepEqual(merged.body.conversation.labels, ['billing']);
      assert.equal(merged.body.conversation.priority, 'high');
      assert.equal(merged.body.conversation.status, 'open');

      // The widget on the absorbed conversation is told to reconnect…
      const closed = await client.closed;
      assert.equal(closed.code, MERGED_CLOSE.code);
      // …and its reconnect, with its old cursor, is sent to the result and given its whole history, once, in order.
      const again = await TestClient.hello(
        relay.wsUrl,
        { siteKey, visitorToken: token, resume: { [newer]: 2 } },
        { protocol: 'parley.v3' },
      );
      assert.equal(again.welcome.conversationId, older);
      assert.equal(again.welcome.lastSeq, 0);
      const replay = (await again.client.collect('message', 4)).map((frame) => frame.message);
      assert.deepEqual(texts(replay), ['1 Old question', '2 Old answer', '3 New question', '4 New detail']);
      assert.equal(replay[3]!.clientId, 'mg2_o-1');
      // Each moved message says where it was written; the result's own do not.
      assert.deepEqual(
        replay.map((message) => message.origin),
        [undefined, undefined, { from: newer, seq: 1 }, { from: newer, seq: 2 }],
      );

      // The agent's next reply arrives there.
      const reply = await relay.call('POST', `/v1/admin/conversations/${older}/messages`, {
        id: 'r-1',
        text: 'Both answered here',
      });
      assert.equal(reply.status, 201, JSON.stringify(reply.body));
      const live = await again.client.next('message', (frame) => frame.message.seq === 5);
      assert.deepEqual(texts([live.message]), ['5 Both answered here']);

      // A message the widget had queued for the absorbed conversation is stored in the result.
      const queued = await again.client.say('q-1', 'Sent while it moved', { conversationId: newer });
      assert.equal(queued.conversationId, older);
      assert.equal(queued.seq, 6);

      // Where everything came from, and where the absorbed one went.
      const state = (await relay.call('GET', `/v1/admin/conversations/${older}/merge`)).body;
      assert.equal(state.mergedInto, null);
      assert.deepEqual(
        state.mergedFrom.map((entry: { conversationId: string; messages: number; by: string }) => [
          entry.conversationId,
          entry.messages,
          entry.by,
        ]),
        [[newer, 2, 'Admin']],
      );
      assert.deepEqual(state.origins, [
        { seq: 3, from: newer, fromSeq: 1 },
        { seq: 4, from: newer, fromSeq: 2 },
      ]);
      const gone = (await relay.call('GET', `/v1/admin/conversations/${newer}/merge`)).body;
      assert.equal(gone.mergedInto, older);
      const absorbed = (await relay.call('GET', `/v1/admin/conversations/${newer}`)).body;
      assert.equal(absorbed.status, 'resolved');
      assert.equal(absorbed.lastMessage, undefined);

      // Closed to new messages, for staff too.
      const refused = await relay.call('POST', `/v1/admin/conversations/${newer}/messages`, { id: 'r-2', text: 'Hi' });
      assert.equal(refused.status, 409);
      assert.match(refused.body.error.message, new RegExp(`merged into ${older}`));

      // The staff's view: every message, in order; a timeline event on each; a webhook for each.
      const page = (await relay.call('GET', `/v1/admin/conversations/${older}/messages`)).body.items as Message[];
      assert.deepEqual(
        page.map((message) => message.seq),
        [1, 2, 3, 4, 5, 6],
      );
      assert.deepEqual(
        page.map((message) => message.origin?.seq),
        [undefined, undefined, 1, 2, undefined, undefined],
        'the origin on the moved ones only, not on what came after',
      );
      // And in the conversation's export (JSON), for a reader to put the histories in time order.
      const exported = await relay.call('GET', `/v1/admin/conversations/${older}/export?format=json`);
      assert.equal(exported.status, 200);
      assert.deepEqual(
        (exported.body.messages as { seq: number; origin?: { from: string; seq: number } }[]).map((m) => m.origin),
        [undefined, undefined, { from: newer, seq: 1 }, { from: newer, seq: 2 }, undefined, undefined],
      );
      const events = (await relay.call('GET', `/v1/admin/conversations/${older}/events`)).body.items;
      assert.ok(
        events.some((event: { type: string; from?: string }) => event.type === 'merged' && event.from === newer),
        JSON.stringify(events),
      );
      await until(
        () =>
          receiver.requests
            .map((request) => JSON.parse(request.body) as { type: string; data: { conversation: { id: string } } })
            .filter((event) => event.type === 'conversation.updated')
            .map((event) => event.data.conversation.id)
            .filter((id) => id === older || id === newer).length >= 2,
        'a conversation.updated webhook for each',
      );
      again.client.close();
    });

    it('a reconnect that still names the absorbed conversation by token alone is sent on too', async () => {
      const { older, newer, client, token } = await twoConversations(relay);
      client.close();
      assert.equal((await relay.call('POST', `/v1/admin/conversations/${older}/merge`, { from: newer })).status, 200);
      const again = await TestClient.hello(relay.wsUrl, { siteKey, visitorToken: token }, { protocol: 'parley.v1' });
      assert.equal(again.welcome.conversationId, older);
      const replay = (await again.client.collect('message', 4)).map((frame) => frame.message);
      assert.deepEqual(
        replay.map((message) => message.seq),
        [1, 2, 3, 4],
      );
      again.client.close();
    });

    it('refuses conversations of two contacts (privacy), bad input and repeats, and changes nothing', async () => {
      const a = await twoConversations(relay);
      const b = await twoConversations(relay);
      const across = await relay.call('POST', `/v1/admin/conversations/${a.older}/merge`, { from: b.newer });
      assert.equal(across.status, 409);
      assert.match(across.body.error.message, /different contacts: merge the contacts first/);
      const refusals: Array<[string, unknown, number, RegExp]> = [
        [a.older, {}, 400, /body\.from/],
        [a.older, { from: a.older }, 400, /cannot absorb itself/],
        [a.older, { from: 'c_nope' }, 404, /body\.from/],
        ['c_nope', { from: a.newer }, 404, /No such conversation/],
        [a.older, { from: a.newer, extra: 1 }, 400, /extra/],
      ];
      for (const [id, body, status, message] of refusals) {
        const refused = await relay.call('POST', `/v1/admin/conversations/${id}/merge`, body);
        assert.equal(refused.status, status, JSON.stringify(body));
        assert.match(refused.body.error.message, message, JSON.stringify(body));
      }
      assert.equal((await relay.call('GET', `/v1/admin/conversations/${a.older}`)).body.lastSeq, 2);
      assert.equal((await relay.call('GET', `/v1/admin/conversations/${a.newer}`)).body.lastSeq, 2);
      assert.equal(
        (await relay.call('POST', `/v1/admin/conversations/${a.older}/merge`, { from: a.newer })).status,
        200,
      );
      const twice = await relay.call('POST', `/v1/admin/conversations/${a.older}/merge`, { from: a.newer });
      assert.equal(twice.status, 409);
      assert.match(twice.body.error.message, /merged into/);
      // Any staff member may merge conversations; an agent may not merge contacts.
      const agent = await relay.agent('Ana');
      const byAgent = await relay.call(
        'POST',
        `/v1/admin/conversations/${b.older}/merge`,
        { from: b.newer },
        agent.token,
      );
      assert.equal(byAgent.status, 200);
      const events = (await relay.call('GET', `/v1/admin/conversations/${b.older}/events`)).body.items;
      assert.ok(
        events.some(
          (event: { type: string; actor: { name: string } }) => event.type === 'merged' && event.actor.name === 'Ana',
        ),
      );
      const contacts = await relay.call(
        'POST',
        `/v1/admin/contacts/${a.visitorId}/merge`,
        { from: b.visitorId },
        agent.token,
      );
      assert.equal(contacts.status, 403);
      a.client.close();
      b.client.close();
    });

    it('merges two contacts, audits it, undoes it within the time, and erasure takes what undo kept', async () => {
      const a = await twoConversations(relay);
      const b = await twoConversations(relay);
      await relay.admin.flushContacts();
      assert.equal(
        (await relay.call('PATCH', `/v1/admin/contacts/${a.visitorId}`, { notes: 'Prefers email' })).status,
        200,
      );
      assert.equal(
        (await relay.call('PATCH', `/v1/admin/contacts/${b.visitorId}`, { email: 'vera@example.com', notes: 'VIP' }))
          .status,
        200,
      );
      const merged = await relay.call('POST', `/v1/admin/contacts/${a.visitorId}/merge`, { from: b.visitorId });
      assert.equal(merged.status, 200, JSON.stringify(merged.body));
      assert.deepEqual([...merged.body.conversations].sort(), [b.older, b.newer].sort());
      const kept = (await relay.call('GET', `/v1/admin/contacts/${a.visitorId}`)).body;
      assert.deepEqual([...kept.conversationIds].sort(), [a.older, a.newer, b.older, b.newer].sort());
      assert.equal(kept.notes, 'Prefers email\n\nVIP');
      assert.ok(kept.emailMasked, JSON.stringify(kept));
      assert.equal((await relay.call('GET', `/v1/admin/contacts/${b.visitorId}`)).status, 404);
      const audit = (await relay.call('GET', '/v1/admin/audit?action=contact.merge')).body.items;
      assert.equal(audit[0].targetId, a.visitorId);
      // A merge between two of the conversations it moved is the returned contact's own: it does not stand in the way.
      assert.equal(
        (await relay.call('POST', `/v1/admin/conversations/${b.older}/merge`, { from: b.newer })).status,
        200,
      );

      const undone = await relay.call('POST', `/v1/admin/contact-merges/${merged.body.id}/undo`);
      assert.equal(undone.status, 200, JSON.stringify(undone.body));
      const back = (await relay.call('GET', `/v1/admin/contacts/${b.visitorId}`)).body;
      assert.equal(back.notes, 'VIP');
      assert.equal((await relay.call('GET', `/v1/admin/contacts/${a.visitorId}`)).body.notes, 'Prefers email');
      assert.deepEqual([...back.conversationIds].sort(), [b.older, b.newer].sort());
      const again = await relay.call('POST', `/v1/admin/contact-merges/${merged.body.id}/undo`);
      assert.equal(again.status, 409);

      // Merged again, then the kept contact erased: the merge's record (the other's data) goes with it.
      const second = await relay.call('POST', `/v1/admin/contacts/${a.visitorId}/merge`, { from: b.visitorId });
      assert.equal(second.status, 200);
      assert.equal((await relay.call('DELETE', `/v1/admin/contacts/${a.visitorId}`)).status, 204);
      // Neither the contact nor a record of its merges is left.
      assert.equal((await relay.call('GET', `/v1/admin/contacts/${a.visitorId}/merges`)).status, 404);
      assert.equal((await relay.call('GET', `/v1/admin/contacts/${b.visitorId}/merges`)).status, 404);
      for (const id of [a.older, a.newer, b.older, b.newer])
        assert.equal((await relay.call('GET', `/v1/admin/conversations/${id}`)).status, 404, id);
      a.client.close();
      b.client.close();
    });

    it("carries each contact's company and custom attributes (the stronger word's), undo puts them back, another site's stay", async () => {
      const companies = relay.use('companies')!;
      const attributes = relay.use('attributes')!;
      const site = 'default';
      const made = async (path: string, body: Record<string, unknown>, token?: string): Promise<string> => {
        const answer = await relay.call('POST', path, body, token);
        assert.equal(answer.status, 201, JSON.stringify(answer.body));
        return answer.body.id as string;
      };
      const acme = await made('/v1/admin/companies', { name: 'Acme', externalId: 'acme' });
      const globex = await made('/v1/admin/companies', { name: 'Globex', externalId: 'globex' });
      const initech = await made('/v1/admin/companies', { name: 'Initech', externalId: 'initech' });
      await made('/v1/admin/attributes', { key: 'plan', label: 'Plan', type: 'text', scope: 'contact' });
      await made('/v1/admin/attributes', { key: 'seats', label: 'Seats', type: 'number', scope: 'contact' });
      /** A contact's company (its name and whose word) and attributes (value and whose word), as the admin API answers. */
      const state = async (contactId: string) => {
        const company = await relay.call('GET', `/v1/admin/contacts/${contactId}/company`);
        const values = await relay.call('GET', `/v1/admin/contacts/${contactId}/attributes`);
        assert.equal(company.status, 200, JSON.stringify(company.body));
        assert.equal(values.status, 200, JSON.stringify(values.body));
        return {
          company: company.body.company ? `${company.body.company.name} (${company.body.source})` : null,
          attributes: Object.fromEntries(
            (values.body.items as { key: string; value: unknown; source: string }[]).map((item) => [
              item.key,
              `${String(item.value)} (${item.source})`,
            ]),
          ),
        };
      };
      const merge = async (keep: string, from: string): Promise<string> => {
        const merged = await relay.call('POST', `/v1/admin/contacts/${keep}/merge`, { from });
        assert.equal(merged.status, 200, JSON.stringify(merged.body));
        assert.equal((await relay.call('GET', `/v1/admin/contacts/${from}`)).status, 404);
        return merged.body.id as string;
      };
      const undo = async (id: string) =>
        assert.equal((await relay.call('POST', `/v1/admin/contact-merges/${id}/undo`)).status, 200);

      // A contact with a company (signed) and a value into one with neither: both move to the kept contact.
      const a = await twoConversations(relay);
      const b = await twoConversations(relay);
      await relay.admin.flushContacts();
      await companies.identify(site, b.visitorId, { id: 'acme', signed: true });
      await attributes.identify(site, b.visitorId, { plan: 'Pro' }, true);
      const before = { a: await state(a.visitorId), b: await state(b.visitorId) };
      assert.deepEqual(before.a, { company: null, attributes: {} });
      assert.deepEqual(before.b, { company: 'Acme (signed)', attributes: { plan: 'Pro (signed)' } });
      const first = await merge(a.visitorId, b.visitorId);
      assert.deepEqual(await state(a.visitorId), before.b);
      // The company's page lists the kept contact, with the conversations it took.
      const page = (await relay.call('GET', `/v1/admin/companies/${acme}`)).body;
      assert.deepEqual(
        page.contacts.map((member: { id: string }) => member.id),
        [a.visitorId],
      );
      assert.equal(page.contacts[0].conversations.length, 4);
      await undo(first);
      assert.deepEqual({ a: await state(a.visitorId), b: await state(b.visitorId) }, before);

      // Both with a company and values: the stronger word's is kept (staff, then signed, then the visitor's claim),
      // the kept contact's at equal strength.
      const c = await twoConversations(relay);
      const d = await twoConversations(relay);
      await relay.admin.flushContacts();
      await companies.identify(site, c.visitorId, { id: 'initech', signed: false });
      assert.equal(
        (await relay.call('PATCH', `/v1/admin/contacts/${c.visitorId}/attributes`, { values: { plan: 'Free' } }))
          .status,
        200,
      );
      await attributes.identify(site, c.visitorId, { seats: 3 }, false);
      assert.equal(
        (await relay.call('PUT', `/v1/admin/contacts/${d.visitorId}/company`, { companyId: globex })).status,
        200,
      );
      await attributes.identify(site, d.visitorId, { plan: 'Enterprise', seats: 50 }, true);
      const apart = { c: await state(c.visitorId), d: await state(d.visitorId) };
      assert.deepEqual(apart, {
        c: { company: 'Initech (visitor)', attributes: { plan: 'Free (staff)', seats: '3 (visitor)' } },
        d: { company: 'Globex (staff)', attributes: { plan: 'Enterprise (signed)', seats: '50 (signed)' } },
      });

      // Another site holds rows of the same contact ids (its own company and attribute): no merge of this site's
      // touches them.
      const other = await relay.call('POST', '/v1/admin/sites', { name: 'Other shop' });
      assert.equal(other.status, 201, JSON.stringify(other.body));
      const otherSite = other.body.id as string;
      const otherToken = other.body.adminToken as string;
      const tyrell = await made('/v1/admin/companies', { name: 'Tyrell' }, otherToken);
      const otherPlan = await made(
        '/v1/admin/attributes',
        { key: 'plan', label: 'Plan', type: 'text', scope: 'contact' },
        otherToken,
      );
      await companies.repository.setMembership(otherSite, c.visitorId, tyrell, 'visitor', null, 1);
      await companies.repository.setMembership(otherSite, d.visitorId, tyrell, 'staff', 'Ana', 2);
      await attributes.repository.write(
        otherSite,
        'contact',
        d.visitorId,
        [{ definitionId: otherPlan, value: { text: 'Theirs', num: null } }],
        { source: 'staff', by: 'Ana' },
        3,
      );
      const theirs = async () => ({
        c: await companies.repository.membership(otherSite, c.visitorId),
        d: await companies.repository.membership(otherSite, d.visitorId),
        values: [...(await attributes.repository.values(otherSite, 'contact', d.visitorId)).values()],
        kept: [...(await attributes.repository.values(otherSite, 'contact', c.visitorId)).values()],
      });
      const theirsBefore = await theirs();
      assert.equal(theirsBefore.d?.companyId, tyrell);
      assert.equal(theirsBefore.values.length, 1);

      const second = await merge(c.visitorId, d.visitorId);
      assert.deepEqual(await state(c.visitorId), {
        company: 'Globex (staff)',
        attributes: { plan: 'Free (staff)', seats: '50 (signed)' },
      });
      assert.deepEqual(await theirs(), theirsBefore);
      // Both rows of the absorbed contact are gone: a contact of its id later starts with none.
      assert.equal(await companies.repository.membership(site, d.visitorId), undefined);
      assert.equal((await attributes.repository.values(site, 'contact', d.visitorId)).size, 0);

      await undo(second);
      assert.deepEqual({ c: await state(c.visitorId), d: await state(d.visitorId) }, apart);
      assert.deepEqual(await theirs(), theirsBefore);
      assert.equal((await relay.call('GET', `/v1/admin/companies/${initech}`)).body.company.contactCount, 1);
      for (const visitor of [a, b, c, d]) visitor.client.close();
    });

    it('refuses to undo a contact merge (409, why) once a moved conversation was merged with a kept one', async () => {
      const a = await twoConversations(relay);
      const b = await twoConversations(relay);
      await relay.admin.flushContacts();
      const merged = await relay.call('POST', `/v1/admin/contacts/${a.visitorId}/merge`, { from: b.visitorId });
      assert.equal(merged.status, 200, JSON.stringify(merged.body));
      // A's messages go into one of B's conversations, which the undo would hand back to B.
      const joined = await relay.call('POST', `/v1/admin/conversations/${b.older}/merge`, { from: a.older });
      assert.equal(joined.status, 200, JSON.stringify(joined.body));

      const undo = await relay.call('POST', `/v1/admin/contact-merges/${merged.body.id}/undo`);
      assert.equal(undo.status, 409, JSON.stringify(undo.body));
      assert.equal(undo.body.error.code, 'conflict');
      assert.match(undo.body.error.message, new RegExp(`${a.older} was merged into ${b.older} since`));
      // Nothing changed: B is still A, the conversation with both people's messages still A's, the merge not undone.
      assert.equal((await relay.call('GET', `/v1/admin/contacts/${b.visitorId}`)).status, 404);
      const kept = (await relay.call('GET', `/v1/admin/contacts/${a.visitorId}`)).body;
      assert.deepEqual([...kept.conversationIds].sort(), [a.older, a.newer, b.older, b.newer].sort());
      assert.equal((await relay.call('GET', `/v1/admin/conversations/${b.older}`)).body.visitor.id, a.visitorId);
      const merges = (await relay.call('GET', `/v1/admin/contacts/${a.visitorId}/merges`)).body.items;
      assert.equal(merges.find((item: { id: string }) => item.id === merged.body.id).undoneAt, null);
      a.client.close();
      b.client.close();
    });
  });
}

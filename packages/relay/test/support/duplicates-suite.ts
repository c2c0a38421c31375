/**
 * Merge's likely duplicates and its one-step merge of two contacts' conversations (issue #81, docs/merge.md), run on
 * SQLite (`test/merge-duplicates.test.ts`) and PostgreSQL (`test-services/merge-duplicates-postgres.test.ts`): a real
 * relay on port 0, real sockets, identified visitors whose site signs (or does not sign) their email.
 */
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { emailSigningText, type UserIdentity } from '@parley/protocol';
import { identityHash, type StartOptions } from '../../src/index.js';
import { invite, setUpOwner } from './auth-browser.js';
import { TestClient } from './client.js';
import { identitySecret, siteKey, startDesk, type Desk } from './desk.js';

const sign = (text: string): string => createHmac('sha256', identitySecret).update(text).digest('hex');

/** An identified user whose email the site signs (`signed`), signs wrongly (`forged`) or passes as is (`unsigned`). */
function user(id: string, email: string, how: 'signed' | 'unsigned' | 'forged' = 'signed'): UserIdentity {
  const emailHash =
    how === 'signed'
      ? sign(emailSigningText(id, email))
      : how === 'forged'
        ? sign(emailSigningText(id, 'someone.else@example.com'))
        : undefined;
  return { id, hash: identityHash(identitySecret, id), email, ...(emailHash ? { emailHash } : {}) };
}

/** The suite; `options` picks the store. */
export function duplicatesSuite(name: string, options: () => Promise<StartOptions> | StartOptions): void {
  describe(`merge: likely duplicates, and both merges in one step (${name})`, () => {
    let relay: Desk;
    let made = 0;

    before(async () => {
      relay = await startDesk({
        identitySecret,
        ipRateLimitPerSecond: 0,
        adminRateLimitBurst: 0,
        newConversationsPerAddressPerHour: 10_000,
        ...(await options()),
      });
    });
    after(() => relay.close());

    /** A visitor who wrote once (so their contact is stored): their contact id, conversation and token. */
    const visitor = async (
      hello: Omit<Parameters<typeof TestClient.hello>[1], 'siteKey'>,
      key = siteKey,
    ): Promise<{ id: string; conversationId: string; token: string }> => {
      made += 1;
      const { client, welcome } = await TestClient.hello(relay.wsUrl, { siteKey: key, ...hello });
      await client.say(`m-${made}`, 'Hello');
      client.close();
      return { id: welcome.visitorId!, conversationId: welcome.conversationId!, token: welcome.visitorToken! };
    };
    const duplicates = async (id: string, as?: string): Promise<string[]> => {
      const answer = await relay.call('GET', `/v1/admin/contacts/${id}/duplicates`, undefined, as);
      assert.equal(answer.status, 200, JSON.stringify(answer.body));
      return answer.body.items.map((contact: { id: string }) => contact.id).sort();
    };

    it('suggests only records of the site whose same email is vouched for (signed or set by staff)', async () => {
      const ada = await visitor({ user: user('ada-1', 'ada@example.com') });
      // Another account of hers, the address in another case: the same address.
      const again = await visitor({ user: user('ada-2', 'ADA@example.com ') });
      // Claims of her address: typed on the pre-chat form, given by a signed-in user's page without the site's
      // signature of it, or with a signature of another address.
      const typed = await visitor({ name: 'Mallory', email: 'ada@example.com' });
      const unsigned = await visitor({ user: user('mallory-1', 'ada@example.com', 'unsigned') });
      const forged = await visitor({ user: user('mallory-2', 'ada@example.com', 'forged') });
      // An address staff set is their word.
      const desk = await visitor({ name: 'Ada at the desk' });
      const set = await relay.call('PATCH', `/v1/admin/contacts/${desk.id}`, { email: 'ada@example.com' });
      assert.equal(set.status, 200, JSON.stringify(set.body));
      // Another site's contact of the same address, set by its own staff: never suggested here, nor ours there.
      const site = await relay.call('POST', '/v1/admin/sites', { name: 'Other shop' });
      assert.equal(site.status, 201, JSON.stringify(site.body));
      const theirs = await visitor({ name: 'Ada elsewhere' }, site.body.siteKey);
      const otherAdmin = site.body.adminToken as string;
      assert.equal(
        (await relay.call('PATCH', `/v1/admin/contacts/${theirs.id}`, { email: 'ada@example.com' }, otherAdmin)).status,
        200,
      );

      assert.deepEqual(await duplicates(ada.id), [again.id, desk.id].sort());
      assert.deepEqual(await duplicates(desk.id), [ada.id, again.id].sort());
      for (const claim of [typed, unsigned, forged]) assert.deepEqual(await duplicates(claim.id), [], claim.id);
      assert.deepEqual(await duplicates(theirs.id, otherAdmin), []);
      // The answer is the contacts as the API shows them, newest first.
      const listed = await relay.call('GET', `/v1/admin/contacts/${ada.id}/duplicates`);
      assert.equal(listed.body.items[0].id, desk.id);
      assert.equal(listed.body.items[0].emailMasked, 'a***@ex***.com');
      assert.deepEqual(listed.body.items[0].conversationIds, [desk.conversationId]);

      // Another site's admin learns nothing of ours; an agent may not ask (it is a hint for those who may merge).
      assert.equal(
        (await relay.call('GET', `/v1/admin/contacts/${ada.id}/duplicates`, undefined, otherAdmin)).status,
        404,
      );
      assert.equal((await relay.call('GET', '/v1/admin/contacts/v_nobody/duplicates')).status, 404);
      const agent = await relay.agent('Agent Ann');
      const refused = await relay.call('GET', `/v1/admin/contacts/${ada.id}/duplicates`, undefined, agent.token);
      assert.equal(refused.status, 403);
    });

    it('a claim of another address takes the vouching away; the same address unsigned keeps it', async () => {
      const bea = await visitor({ user: user('bea-1', 'bea@example.com') });
      const moved = await visitor({ user: user('bea-2', 'bea@example.com') });
      const kept = await visitor({ user: user('bea-3', 'bea@example.com') });
      assert.deepEqual(await duplicates(bea.id), [kept.id, moved.id].sort());
      // Back on their token alone (no identity): one types another address, the other the same one.
      for (const [who, email] of [
        [moved, 'not.bea@example.com'],
        [kept, 'bea@example.com'],
      ] as const) {
        const { client } = await TestClient.hello(relay.wsUrl, { siteKey, visitorToken: who.token, email });
        await client.say(`again-${who.id}`, 'Me again');
        client.close();
      }
      assert.deepEqual(await duplicates(bea.id), [kept.id]);
    });

    it('merges two contacts’ conversations in one step for those allowed; that contact merge has no undo', async () => {
      const cy = await visitor({ user: user('cy-1', 'cy@example.com') });
      const anonymous = await visitor({ name: 'Cy (before signing in)' });
      const path = `/v1/admin/conversations/${anonymous.conversationId}/merge`;
      const contactOf = async (id: string) => (await relay.call('GET', `/v1/admin/contacts/${id}`)).status;

      // Refused, nothing changed: without asking, by an agent, or with a bad field.
      const plain = await relay.call('POST', path, { from: cy.conversationId });
      assert.equal(plain.status, 409);
      assert.match(plain.body.error.message, /merge the contacts first/);
      const agent = await relay.agent('Agent Al');
      const byAgent = await relay.call('POST', path, { from: cy.conversationId, mergeContacts: true }, agent.token);
      assert.equal(byAgent.status, 403);
      assert.match(byAgent.body.error.message, /body\.mergeContacts/);
      const bad = await relay.call('POST', path, { from: cy.conversationId, mergeContacts: 'yes' });
      assert.equal(bad.status, 400);
      assert.match(bad.body.error.message, /mergeContacts/);
      assert.deepEqual([await contactOf(cy.id), await contactOf(anonymous.id)], [200, 200]);

      // An admin: the contacts become one (the verified one kept), then the conversations.
      const merged = await relay.call('POST', path, { from: cy.conversationId, mergeContacts: true });
      assert.equal(merged.status, 200, JSON.stringify(merged.body));
      assert.equal(merged.body.contactMerge.contactId, cy.id);
      assert.equal(merged.body.contactMerge.mergedContactId, anonymous.id);
      assert.deepEqual(merged.body.merged, { from: cy.conversationId, messages: 1, firstSeq: 2 });
      assert.equal(merged.body.conversation.visitor.id, cy.id);
      assert.deepEqual([await contactOf(cy.id), await contactOf(anonymous.id)], [200, 404]);
      const audit = await relay.call('GET', '/v1/admin/audit?limit=5');
      assert.deepEqual(
        audit.body.items
          .slice(0, 3)
          .map((entry: { action: string }) => entry.action)
          .sort(),
        ['contact.merge', 'conversation.update', 'conversation.update'],
      );

      // The conversation now holds both records' messages: the contact merge is not undone, and says why.
      const undo = await relay.call('POST', `/v1/admin/contact-merges/${merged.body.contactMerge.id}/undo`);
      assert.equal(undo.status, 409);
      assert.match(undo.body.error.message, /holds both contacts’ messages|holds both contacts' messages/);
      assert.equal(await contactOf(anonymous.id), 404);
    });

    it('lists duplicates’ conversations only as far as the caller may see them', async () => {
      const owner = await setUpOwner(relay);
      const dee = await visitor({ user: user('dee-1', 'dee@example.com') });
      const twin = await visitor({ user: user('dee-2', 'dee@example.com') });
      const merger = await owner.call('POST', '/v1/admin/roles', { name: 'Merger', permissions: ['contacts.manage'] });
      assert.equal(merger.status, 201, JSON.stringify(merger.body));
      const mia = await invite(relay, owner, 'agent', 'mia@example.com', 'mia password 1234');
      const miaId = (await mia.call('GET', '/v1/admin/me')).body.id;
      assert.equal((await owner.call('PATCH', `/v1/admin/team/${miaId}`, { roleId: merger.body.id })).status, 200);
      assert.equal((await owner.call('PUT', '/v1/admin/visibility', { mode: 'own', unassigned: false })).status, 200);
      try {
        const seen = await mia.call('GET', `/v1/admin/contacts/${dee.id}/duplicates`);
        assert.equal(seen.status, 200, JSON.stringify(seen.body));
        assert.deepEqual(
          seen.body.items.map((contact: { id: string; conversationIds: string[] }) => [
            contact.id,
            contact.conversationIds,
          ]),
          [[twin.id, []]],
        );
        assert.equal(
          (await owner.call('PATCH', `/v1/admin/conversations/${twin.conversationId}`, { assigneeId: miaId })).status,
          200,
        );
        const assigned = await mia.call('GET', `/v1/admin/contacts/${dee.id}/duplicates`);
        assert.deepEqual(assigned.body.items[0].conversationIds, [twin.conversationId]);
      } finally {
        await owner.call('PUT', '/v1/admin/visibility', { mode: 'all', unassigned: true });
      }
    });
  });
}

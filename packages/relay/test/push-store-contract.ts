import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PushSubscriptionRecord } from '../src/push/push-store.js';
import type { Staff } from '../src/store/store.js';
import { adminStoreOpener, otherSite, type AdminDbFactory } from './admin-store-contract.js';
import { contractInput, contractSite } from './store-contract.js';

const staff = (id: string, siteId = contractSite.id): Staff => ({
  id,
  siteId,
  name: id,
  role: 'agent',
  tokenHash: `hash_${id}`,
  createdAt: 1,
  revokedAt: null,
});

const subscription = (staffId: string, overrides: Partial<PushSubscriptionRecord> = {}): PushSubscriptionRecord => ({
  endpoint: 'https://push.example/send/abc',
  siteId: contractSite.id,
  staffId,
  p256dh: `key_${staffId}`,
  auth: `auth_${staffId}`,
  createdAt: 10,
  ...overrides,
});

/** The cases every push store must pass (issue #33): an endpoint stays bound to the member and site that saved it. */
export function pushStoreContract(name: string, make: AdminDbFactory): void {
  describe(`${name} (push store contract)`, () => {
    const open = adminStoreOpener(make);

    it('keeps an endpoint with whoever saved it: another member or site re-posting it changes nothing', async () => {
      const { store, admin } = await open();
      for (const member of [staff('st_a'), staff('st_b'), staff('st_c', otherSite.id)]) await store.createStaff(member);
      assert.equal(await admin.repos.push.savePushSubscription(subscription('st_a')), true);
      // Its owner again (the browser re-subscribed): new keys taken.
      assert.equal(
        await admin.repos.push.savePushSubscription(subscription('st_a', { p256dh: 'key_new', createdAt: 20 })),
        true,
      );
      // A colleague, and someone on another site, with the same endpoint: refused, nothing moved or changed.
      assert.equal(await admin.repos.push.savePushSubscription(subscription('st_b')), false);
      assert.equal(await admin.repos.push.savePushSubscription(subscription('st_c', { siteId: otherSite.id })), false);
      assert.deepEqual(await admin.repos.push.pushSubscriptions(contractSite.id), [
        subscription('st_a', { p256dh: 'key_new', createdAt: 20 }),
      ]);
      assert.equal(await admin.repos.push.countPushSubscriptions(contractSite.id, 'st_b'), 0);
      assert.deepEqual(await admin.repos.push.pushSubscriptions(otherSite.id), []);
      assert.deepEqual(await admin.repos.push.sitesWithPush(), [contractSite.id]);
      // Once its owner removes it, the endpoint is free for someone else.
      assert.equal(
        await admin.repos.push.deletePushSubscription(contractSite.id, 'st_a', subscription('st_a').endpoint),
        true,
      );
      assert.equal(await admin.repos.push.savePushSubscription(subscription('st_b')), true);
      assert.deepEqual(await admin.repos.push.pushSubscriptions(contractSite.id), [subscription('st_b')]);
    });

    it('keeps what each browser was shown until it is closed, and which session saved it (issue #43)', async () => {
      const { store, admin } = await open();
      const push = admin.repos.push;
      await store.createStaff(staff('st_a'));
      const desk = subscription('st_a', { endpoint: 'https://push.example/desk', sessionId: 'as_desk' });
      const phone = subscription('st_a', { endpoint: 'https://push.example/phone', sessionId: 'as_phone' });
      for (const each of [desk, phone]) assert.equal(await push.savePushSubscription(each), true);
      assert.deepEqual(await push.pushSubscriptions(contractSite.id), [desk, phone]);
      const shown = (endpoint: string, tag: string, conversationId: string, seq: number) => ({
        endpoint,
        tag,
        siteId: contractSite.id,
        conversationId,
        seq,
      });
      await push.recordShown(
        [
          shown(desk.endpoint, 'conversation:c_1', 'c_1', 1),
          shown(phone.endpoint, 'conversation:c_1', 'c_1', 1),
          shown(phone.endpoint, 'mention:c_1:2', 'c_1', 2),
        ],
        100,
      );
      // A newer message replaces the older one's row (the same tag).
      await push.recordShown([shown(phone.endpoint, 'conversation:c_1', 'c_1', 3)], 200);
      assert.equal(await push.hasShown(contractSite.id, 'c_1'), true);
      assert.equal(await push.hasShown(contractSite.id, 'c_2'), false);
      assert.equal(await push.hasShown(otherSite.id, 'c_1'), false);
      const tags = async () =>
        (await push.shownOnSite(contractSite.id, 10)).map((each) => `${each.endpoint} ${each.tag} ${each.seq}`).sort();
      assert.deepEqual(await tags(), [
        'https://push.example/desk conversation:c_1 1',
        'https://push.example/phone conversation:c_1 3',
        'https://push.example/phone mention:c_1:2 2',
      ]);
      assert.deepEqual((await push.shownOnSite(contractSite.id, 10))[0]!.subscription, desk);
      // The phone's session read up to 2: what the phone showed up to 2 goes, its newer message stays.
      await push.forgetShownOfSession(otherSite.id, 'c_1', 'as_phone', 2);
      assert.equal((await tags()).length, 3, 'another site’s read forgets nothing here');
      await push.forgetShownOfSession(contractSite.id, 'c_1', 'as_phone', 2);
      assert.deepEqual(await tags(), [
        'https://push.example/desk conversation:c_1 1',
        'https://push.example/phone conversation:c_1 3',
      ]);
      await push.forgetShown(desk.endpoint, ['conversation:c_1']);
      assert.deepEqual(await tags(), ['https://push.example/phone conversation:c_1 3']);
      // A subscription forgotten takes what it showed with it.
      await push.forgetPushEndpoint(phone.endpoint);
      assert.equal(await push.hasShown(contractSite.id, 'c_1'), false);
    });

    it('tells which notifications were read since they were pushed, for every conversation in one read', async () => {
      const { store, admin } = await open();
      const push = admin.repos.push;
      await store.createStaff(staff('st_a'));
      await store.createStaff(staff('st_b'));
      const desk = subscription('st_a', { endpoint: 'https://push.example/desk' });
      assert.equal(await push.savePushSubscription(desk), true);
      // c_1 has 3 messages, read by the desk up to 2; c_2 has 1, unread.
      for (const [conversationId, count] of [
        ['c_1', 3],
        ['c_2', 1],
      ] as const)
        for (let i = 0; i < count; i++)
          await store.append(contractInput({ conversationId, clientId: `${conversationId}-${i}`, visitorId: 'v' }));
      assert.equal(await store.markRead('c_1', 'staff', 2), 2);
      // st_a is mentioned in c_2's note 1 (unread) and c_1's 3 (read); st_b in c_2's 1 (st_b's own reading).
      for (const [conversationId, seq, staffIds] of [
        ['c_1', 3, ['st_a']],
        ['c_2', 1, ['st_a', 'st_b']],
      ] as const)
        await admin.repos.mentions.recordMentions(
          { siteId: contractSite.id, conversationId, seq, authorId: 'st_x', staffIds, createdAt: 50 },
          () => [],
        );
      await admin.repos.mentions.markMentionsRead(contractSite.id, 'st_a', 'c_1', 60);
      await admin.repos.mentions.markMentionsRead(contractSite.id, 'st_b', 'c_2', 60);
      const shown = (tag: string, conversationId: string, seq: number) => ({
        endpoint: desk.endpoint,
        tag,
        siteId: contractSite.id,
        conversationId,
        seq,
      });
      await push.recordShown(
        [
          shown('conversation:c_1', 'c_1', 2),
          shown('conversation:c_2', 'c_2', 1),
          shown('mention:c_1:3', 'c_1', 3),
          shown('mention:c_2:1', 'c_2', 1),
          shown('conversation:c_gone', 'c_gone', 4),
          shown('mention:c_gone:4', 'c_gone', 4),
        ],
        100,
      );
      const read = Object.fromEntries(
        (await push.shownOnSite(contractSite.id, 10)).map((each) => [each.tag, each.read]),
      );
      assert.deepEqual(read, {
        'conversation:c_1': true,
        'conversation:c_2': false,
        'mention:c_1:3': true,
        'mention:c_2:1': false,
        'conversation:c_gone': true,
        'mention:c_gone:4': true,
      });
      // Read further: the conversation's notification of message 3 would now close too.
      await push.recordShown([shown('conversation:c_1', 'c_1', 3)], 200);
      const again = async () =>
        (await push.shownOnSite(contractSite.id, 10)).find((each) => each.tag === 'conversation:c_1')?.read;
      assert.equal(await again(), false);
      assert.equal(await store.markRead('c_1', 'staff', 3), 3);
      assert.equal(await again(), true);
    });
  });
}

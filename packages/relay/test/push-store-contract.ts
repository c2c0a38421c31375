import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PushSubscriptionRecord } from '../src/store/push-store.js';
import type { Staff } from '../src/store/store.js';
import { adminStoreOpener, otherSite, type AdminDbFactory } from './admin-store-contract.js';
import { contractSite } from './store-contract.js';

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
  });
}

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { OutboxInsert } from '../src/outbox/outbox.js';
import type { WebhookEndpointRecord } from '../src/webhooks/webhook-store.js';
import { adminStoreOpener, otherSite, type AdminDbFactory } from './admin-store-contract.js';
import { contractInput, contractSite } from './store-contract.js';

const site = contractSite.id;

function endpoint(id: string, siteId = site, events = ['message.created']): WebhookEndpointRecord {
  return {
    id,
    siteId,
    url: `https://hooks.example.com/${id}`,
    events,
    secretSealed: `sealed:v1:${id}`,
    enabled: true,
    batch: false,
    disabledReason: null,
    disabledAt: null,
    createdAt: 1000,
    updatedAt: 1000,
  };
}

const hook = (siteId: string, n: number): OutboxInsert => ({
  kind: 'webhook',
  siteId,
  key: `wh_1:c${n}`,
  conversationId: `c${n}`,
  payload: { endpointId: 'wh_1', event: { id: `evt_${n}`, type: 'message.created' } },
});

/**
 * The webhook part of the admin store contract ({@link WebhookRepository}, and the effects written with admin changes):
 * every store runs it, SQLite here, PostgreSQL in the services suite.
 */
export function webhookStoreContract(name: string, make: AdminDbFactory): void {
  describe(`${name} (webhook store contract)`, () => {
    const open = adminStoreOpener(make);

    it('keeps endpoints per site: create, list, update (enabling clears the reason), delete', async () => {
      const { admin } = await open();
      await admin.repos.webhooks.createWebhook(endpoint('wh_1'));
      await admin.repos.webhooks.createWebhook(endpoint('wh_2', site, ['contact.erased', 'note.created']));
      await admin.repos.webhooks.createWebhook(endpoint('wh_x', otherSite.id));
      assert.deepEqual(
        (await admin.repos.webhooks.listWebhooks(site)).map((e) => e.id),
        ['wh_1', 'wh_2'],
      );
      assert.deepEqual((await admin.repos.webhooks.getWebhook(site, 'wh_2'))?.events, [
        'contact.erased',
        'note.created',
      ]);
      assert.equal(
        await admin.repos.webhooks.getWebhook(site, 'wh_x'),
        undefined,
        'another site’s endpoint is not found',
      );
      assert.equal(await admin.repos.webhooks.updateWebhook(site, 'wh_x', { enabled: false }, 2000), undefined);

      assert.equal(
        await admin.repos.webhooks.disableWebhook(site, 'wh_1', 'HTTP 500 for a day', 2000, [hook(site, 9)]),
        true,
      );
      assert.equal(
        await admin.repos.webhooks.disableWebhook(site, 'wh_1', 'again', 2001, [hook(site, 10)]),
        false,
        'once',
      );
      const disabled = await admin.repos.webhooks.getWebhook(site, 'wh_1');
      assert.equal(disabled?.enabled, false);
      assert.equal(disabled?.disabledReason, 'HTTP 500 for a day');
      assert.equal(disabled?.disabledAt, 2000);
      const written = await admin.repos.outbox.listOutbox(site, { kind: 'webhook' }, 10);
      assert.equal(written.items.length, 1, 'the effect was written once, with the change');
      assert.deepEqual(
        (await admin.repos.webhooks.enabledWebhooks()).map((e) => e.id),
        ['wh_2', 'wh_x'],
      );

      const enabled = await admin.repos.webhooks.updateWebhook(
        site,
        'wh_1',
        { enabled: true, url: 'https://new.example.com/' },
        3000,
      );
      assert.equal(enabled?.enabled, true);
      assert.equal(enabled?.disabledReason, null);
      assert.equal(enabled?.url, 'https://new.example.com/');
      assert.equal(enabled?.updatedAt, 3000);

      assert.equal(await admin.repos.webhooks.deleteWebhook(site, 'wh_1'), true);
      assert.equal(await admin.repos.webhooks.deleteWebhook(site, 'wh_1'), false);
      assert.equal(await admin.repos.webhooks.deleteWebhook(site, 'wh_x'), false, 'not across sites');
    });

    it('keeps whether an endpoint batches, and a batch row’s event count', async () => {
      const { admin } = await open();
      await admin.repos.webhooks.createWebhook({ ...endpoint('wh_b'), batch: true });
      assert.equal((await admin.repos.webhooks.getWebhook(site, 'wh_b'))?.batch, true);
      assert.equal((await admin.repos.webhooks.enabledWebhooks())[0]?.batch, true);
      const off = await admin.repos.webhooks.updateWebhook(site, 'wh_b', { batch: false }, 2000);
      assert.equal(off?.batch, false);
      assert.equal(off?.enabled, true, 'nothing else changed');
      const row = {
        siteId: site,
        endpointId: 'wh_b',
        jobId: 'ml_10-250',
        eventId: 'evt_first',
        eventType: 'batch',
        conversationId: null,
        attempt: 1,
        at: 3000,
        outcome: 'delivered' as const,
        statusCode: 200,
        error: null,
        latencyMs: 3,
        excerpt: null,
      };
      await admin.repos.webhooks.recordWebhookDeliveries([
        { ...row, eventCount: 240 },
        { ...row, jobId: 'ml_251' },
      ]);
      const { items } = await admin.repos.webhooks.listWebhookDeliveries(site, 'wh_b', undefined, 10);
      assert.deepEqual(
        items.map((item) => [item.jobId, item.eventCount, item.resendable]),
        [
          ['ml_251', 1, true],
          ['ml_10-250', 240, true],
        ],
      );
    });

    it('logs deliveries, pages them, resends one with its payload, prunes old rows', async () => {
      const { admin } = await open();
      await admin.repos.webhooks.createWebhook(endpoint('wh_1'));
      await admin.repos.outbox.enqueueOutbox([hook(site, 1)], 1000);
      const [job] = (await admin.repos.outbox.listOutbox(site, { kind: 'webhook' }, 10)).items;
      for (const [attempt, at] of [
        [1, 1000],
        [2, 2000],
        [3, 3000],
      ] as const) {
        await admin.repos.webhooks.recordWebhookDelivery({
          siteId: site,
          endpointId: 'wh_1',
          jobId: attempt === 3 ? 'ob_pruned' : job!.id,
          eventId: 'evt_1',
          eventType: 'message.created',
          conversationId: 'c1',
          attempt,
          at,
          outcome: attempt === 2 ? 'delivered' : 'failed',
          statusCode: attempt === 2 ? 200 : 500,
          error: attempt === 2 ? null : 'HTTP 500',
          latencyMs: 12,
          excerpt: 'ok',
        });
      }
      const first = await admin.repos.webhooks.listWebhookDeliveries(site, 'wh_1', undefined, 2);
      assert.deepEqual(
        first.items.map((row) => [row.attempt, row.resendable]),
        [
          [3, false],
          [2, true],
        ],
      );
      assert.ok(first.next);
      const second = await admin.repos.webhooks.listWebhookDeliveries(site, 'wh_1', first.next, 2);
      assert.deepEqual(
        second.items.map((row) => row.attempt),
        [1],
      );
      assert.equal(second.next, undefined);
      assert.equal(
        (await admin.repos.webhooks.listWebhookDeliveries(otherSite.id, 'wh_1', undefined, 10)).items.length,
        0,
      );

      const resent = await admin.repos.webhooks.resendWebhookDelivery(site, 'wh_1', first.items[1]!.id, 5000);
      assert.ok(typeof resent === 'object');
      const jobs = await admin.repos.outbox.claimOutbox(['webhook'], 6000, 7000, 10);
      assert.deepEqual(
        jobs.map((j) => (j.payload as { event: { id: string } }).event.id),
        ['evt_1'],
        'the earlier job first (same key); the resend carries the same event',
      );
      assert.equal(await admin.repos.webhooks.resendWebhookDelivery(site, 'wh_1', first.items[0]!.id, 5000), 'gone');
      assert.equal(await admin.repos.webhooks.resendWebhookDelivery(site, 'wh_1', '999', 5000), 'not_found');
      assert.equal(
        await admin.repos.webhooks.resendWebhookDelivery(otherSite.id, 'wh_1', first.items[1]!.id, 5000),
        'not_found',
      );

      assert.equal(await admin.repos.webhooks.pruneWebhookDeliveries(2500, 100), 2);
      assert.deepEqual(
        (await admin.repos.webhooks.listWebhookDeliveries(site, 'wh_1', undefined, 10)).items.map((row) => row.attempt),
        [3],
      );
    });

    it('writes effects with a conversation update, new contacts and an erasure, and erases their log rows', async () => {
      const { store, admin } = await open();
      await store.append(
        contractInput({
          siteId: site,
          conversationId: 'c1',
          visitorId: 'v1',
          clientId: 'a',
          author: { role: 'visitor', id: 'v1' },
        }),
      );
      assert.ok(
        await admin.repos.conversations.updateConversation(site, 'c1', { status: 'resolved' }, 2000, [hook(site, 1)]),
      );
      assert.equal(
        await admin.repos.conversations.updateConversation(site, 'nope', { status: 'resolved' }, 2000, [hook(site, 2)]),
        undefined,
      );

      const seen: string[][] = [];
      const touch = (contactId: string) => ({ siteId: site, contactId, verified: false, at: 3000 });
      await admin.repos.contacts.touchContacts([touch('v1'), touch('v2')], (created) => {
        seen.push(created.map((t) => t.contactId));
        return [hook(site, 3)];
      });
      await admin.repos.contacts.touchContacts([touch('v1'), touch('v2'), touch('v3')], (created) => {
        seen.push(created.map((t) => t.contactId));
        return undefined;
      });
      assert.deepEqual(seen, [['v1', 'v2'], ['v3']]);

      await admin.repos.webhooks.recordWebhookDelivery({
        siteId: site,
        endpointId: 'wh_1',
        jobId: 'ob_1',
        eventId: 'evt_1',
        eventType: 'message.created',
        conversationId: 'c1',
        attempt: 1,
        at: 1000,
        outcome: 'delivered',
        statusCode: 200,
        error: null,
        latencyMs: 1,
        excerpt: 'echo: what the visitor wrote',
      });
      let erased: readonly string[] | undefined;
      await admin.repos.contacts.eraseContact(site, 'v1', ({ conversationIds }) => {
        erased = conversationIds;
        return [{ kind: 'webhook', siteId: site, payload: { endpointId: 'wh_1', event: { id: 'evt_erased' } } }];
      });
      assert.deepEqual(erased, ['c1']);
      const events = (await admin.repos.outbox.claimOutbox(['webhook'], Date.now() + 1000, Date.now() + 9999, 10)).map(
        (j) => (j.payload as { event: { id: string } }).event.id,
      );
      assert.deepEqual(events.sort(), ['evt_3', 'evt_erased'], 'the erased conversation’s job went with it');
      assert.deepEqual((await admin.repos.webhooks.listWebhookDeliveries(site, 'wh_1', undefined, 10)).items, []);
    });
  });
}

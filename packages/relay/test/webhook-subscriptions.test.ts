import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createLogger } from '../src/log.js';
import type { Repositories } from '../src/store/repositories.js';
import type { WebhookEndpointRecord } from '../src/webhooks/webhook-store.js';
import { WebhookSubscriptions } from '../src/webhooks/webhook-subscriptions.js';

function endpoint(id: string, siteId: string, events: string[], batch = false): WebhookEndpointRecord {
  return {
    id,
    siteId,
    url: 'https://hooks.example/in',
    events,
    secretSealed: 'sealed',
    enabled: true,
    batch,
    disabledReason: null,
    disabledAt: null,
    createdAt: 0,
    updatedAt: 0,
  };
}

// The cache reads one query of one repository: a fake of that query is all it needs, no database.
describe('WebhookSubscriptions over a fake webhooks repository', () => {
  it('answers from memory what the repository last said, and keeps it when a read fails', async () => {
    let read: () => Promise<WebhookEndpointRecord[]> = async () => [
      endpoint('we_1', 'site_1', ['message.created']),
      endpoint('we_2', 'site_1', ['message.created', 'conversation.updated']),
    ];
    const webhooks: Pick<Repositories['webhooks'], 'enabledWebhooks'> = { enabledWebhooks: () => read() };
    const subscriptions = new WebhookSubscriptions(webhooks, createLogger('silent'));

    await subscriptions.refresh();
    assert.deepEqual(subscriptions.endpoints('site_1', 'message.created'), ['we_1', 'we_2']);
    assert.deepEqual(subscriptions.endpoints('site_1', 'conversation.updated'), ['we_2']);
    assert.equal(subscriptions.hasAny('site_2'), false);

    read = () => Promise.reject(new Error('connection lost'));
    await subscriptions.refresh();
    assert.deepEqual(subscriptions.endpoints('site_1', 'message.created'), ['we_1', 'we_2']);
  });

  it('says whether any endpoint takes batches (the message log is then read in more)', async () => {
    let endpoints = [endpoint('we_1', 'site_1', ['message.created'])];
    const subscriptions = new WebhookSubscriptions({ enabledWebhooks: async () => endpoints }, createLogger('silent'));
    await subscriptions.refresh();
    assert.equal(subscriptions.batching, false);
    endpoints = [...endpoints, endpoint('we_2', 'site_2', ['message.created'], true)];
    await subscriptions.refresh();
    assert.equal(subscriptions.batching, true);
    endpoints = endpoints.slice(0, 1);
    await subscriptions.refresh();
    assert.equal(subscriptions.batching, false, 'the batching one deleted or disabled');
  });
});

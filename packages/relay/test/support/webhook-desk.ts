import { after, before, beforeEach } from 'node:test';
import { startDesk, type Desk } from './desk.js';
import { WebhookReceiver } from './webhook-receiver.js';

/** A desk whose webhooks may reach loopback, with a fast outbox, and a receiver; see {@link webhookDesk}. */
export interface WebhookDesk {
  readonly relay: Desk;
  readonly receiver: WebhookReceiver;
}

/**
 * Registers, in the calling `describe`, a desk for webhook tests (private addresses allowed, no rate limits, the
 * outbox polling every 20 ms and retrying within 80) and a {@link WebhookReceiver}: started before the tests, closed
 * after, and before each test every endpoint deleted and the receiver reset to answer 204. Read its fields in a hook
 * or a test, once they are set.
 */
export function webhookDesk(): WebhookDesk {
  const desk = {} as { relay: Desk; receiver: WebhookReceiver };
  before(async () => {
    desk.relay = await startDesk({
      ipRateLimitPerSecond: 0,
      adminRateLimitPerSecond: 0,
      webhookAllowPrivate: true,
      outboxTiming: { pollMs: 20, baseDelayMs: 20, maxDelayMs: 80 },
    });
    desk.receiver = await WebhookReceiver.start();
  });
  after(async () => {
    await desk.relay?.close();
    await desk.receiver?.close();
  });
  beforeEach(async () => {
    for (const endpoint of (await desk.relay.call('GET', '/v1/admin/webhooks')).body.items)
      await desk.relay.call('DELETE', `/v1/admin/webhooks/${endpoint.id}`);
    desk.receiver.answer = (_request, response) => response.writeHead(204).end();
    desk.receiver.reset();
  });
  return desk;
}

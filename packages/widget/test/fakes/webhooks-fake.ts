import {
  AdminApiError,
  type WebhookDelivery,
  type WebhookEndpoint,
  type WebhookSubscription,
} from '../../src/chat-admin/chat-admin.js';
import type { FakeBase, FakeRoutes } from './fake-requests.js';

/** Webhooks and their delivery logs (`/webhooks`) of the fake admin API. */
export function withWebhooks<B extends FakeBase>(Base: B) {
  return class extends Base {
    webhookList: WebhookEndpoint[] = [];
    deliveryLog = new Map<string, WebhookDelivery[]>();
    resends: { id: string; deliveryId: string }[] = [];
    async webhooks() {
      return this.webhookList.map((endpoint) => ({ ...endpoint }));
    }

    async createWebhook(body: { url: string; events: WebhookSubscription[]; batch?: boolean }) {
      if (!body.url.startsWith('https://')) throw new AdminApiError('bad_request', 'Invalid body.url: refused.', 400);
      const endpoint: WebhookEndpoint = {
        id: `wh_${this.webhookList.length + 1}`,
        url: body.url,
        events: body.events,
        enabled: true,
        batch: body.batch ?? false,
        disabledReason: null,
        disabledAt: null,
        createdAt: Date.now(),
        updatedAt: Date.now(),
      };
      this.webhookList.push(endpoint);
      return { ...endpoint, secret: 'whsec_shown_once_0123456789' };
    }

    async updateWebhook(id: string, patch: { enabled?: boolean; batch?: boolean }) {
      const found = this.webhookList.find((endpoint) => endpoint.id === id)!;
      Object.assign(found, patch, patch.enabled ? { disabledReason: null, disabledAt: null } : {});
      return { ...found };
    }

    async deleteWebhook(id: string) {
      this.webhookList = this.webhookList.filter((endpoint) => endpoint.id !== id);
    }

    async webhookDeliveries(id: string) {
      return [...(this.deliveryLog.get(id) ?? [])];
    }

    async resendWebhookDelivery(id: string, deliveryId: string) {
      this.resends.push({ id, deliveryId });
    }

    /** As the relay: the ping's first attempt is in the log soon after (here, at once). */
    async sendTest(id: string) {
      const eventId = `evt_ping_${id}`;
      const log = this.deliveryLog.get(id) ?? [];
      log.unshift({
        id: String(log.length + 100),
        eventId,
        eventType: 'ping',
        attempt: 1,
        at: Date.now(),
        outcome: 'delivered',
        statusCode: 204,
        error: null,
        latencyMs: 4,
        excerpt: null,
        events: 1,
        resendable: true,
      });
      this.deliveryLog.set(id, log);
      return { eventId };
    }

    constructor(...args: any[]) {
      super(...args);
      Object.assign(this.routes, {
        'GET /webhooks': async () => ({ items: await this.webhooks() }),
        'POST /webhooks': (c) =>
          this.createWebhook(c.body as { url: string; events: WebhookSubscription[]; batch?: boolean }),
        'PATCH /webhooks/{id}': (c) => this.updateWebhook(c.ref!, c.body as { enabled?: boolean; batch?: boolean }),
        'DELETE /webhooks/{id}': (c) => this.deleteWebhook(c.ref!),
        'GET /webhooks/{id}/deliveries': async (c) => ({ items: await this.webhookDeliveries(c.ref!) }),
        'POST /webhooks/{id}/deliveries/{delivery}/resend': (c) =>
          this.resendWebhookDelivery(c.params[0]!, c.params[1]!),
        'POST /webhooks/{id}/test': async (c) => this.sendTest(c.ref!),
      } satisfies FakeRoutes);
    }
  };
}

import type { ReplyDelivery } from '@parley/protocol/admin';
import type { FakeBase, FakeRoutes } from './fake-requests.js';

/**
 * Replies' deliveries (`/conversations/{id}/deliveries`) of the fake admin API: what each conversation's channel
 * recorded, by conversation id, and how many times they were read.
 */
export function withReplyDelivery<B extends FakeBase>(Base: B) {
  return class extends Base {
    replyDeliveries = new Map<string, ReplyDelivery[]>();
    replyDeliveryReads = 0;

    constructor(...args: any[]) {
      super(...args);
      Object.assign(this.routes, {
        'GET /conversations/{id}/deliveries': async (c) => {
          this.replyDeliveryReads++;
          return { items: structuredClone(this.replyDeliveries.get(c.params[0]!) ?? []) };
        },
      } satisfies FakeRoutes);
    }
  };
}

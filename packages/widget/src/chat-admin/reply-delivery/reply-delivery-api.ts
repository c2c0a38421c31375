import type { ReplyDeliveryList } from '@parley/protocol/admin';
import { AreaApi, at } from '../area-api.js';

/** How a conversation's staff replies were delivered by its channel (`/conversations/{id}/deliveries`). */
export class ReplyDeliveryApi extends AreaApi {
  list(conversationId: string): Promise<ReplyDeliveryList> {
    return this.api.request('GET', `/conversations/${at(conversationId)}/deliveries`);
  }
}

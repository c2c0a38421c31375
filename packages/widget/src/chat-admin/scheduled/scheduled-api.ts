import type { ScheduledCreate, ScheduledList, ScheduledMessage, ScheduledPatch } from '@parley/protocol/admin';
import { AreaApi, at } from '../area-api.js';

/** Send later's routes: a conversation's scheduled messages, schedule one, edit one, cancel one. */
export class ScheduledApi extends AreaApi {
  list(conversationId: string): Promise<ScheduledList> {
    return this.api.request('GET', `/conversations/${at(conversationId)}/scheduled`);
  }

  schedule(conversationId: string, body: ScheduledCreate): Promise<ScheduledMessage> {
    return this.api.request('POST', `/conversations/${at(conversationId)}/scheduled`, body);
  }

  edit(id: string, body: ScheduledPatch): Promise<ScheduledMessage> {
    return this.api.request('PATCH', `/scheduled/${at(id)}`, body);
  }

  cancel(id: string): Promise<ScheduledMessage> {
    return this.api.request('DELETE', `/scheduled/${at(id)}`);
  }
}

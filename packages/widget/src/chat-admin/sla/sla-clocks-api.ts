import type { SlaClocks } from '@parley/protocol/admin';
import { AreaApi, at } from '../area-api.js';

/** A conversation's SLA clocks (`GET /conversations/{id}/sla`). */
export class SlaClocksApi extends AreaApi {
  get(conversationId: string): Promise<SlaClocks> {
    return this.api.request('GET', `/conversations/${at(conversationId)}/sla`);
  }
}

import type { EmailOriginal } from '@parley/protocol/admin';
import { AreaApi, at } from '../area-api.js';

/** The original of a message that came in by email (`/conversations/{id}/messages/{seq}/original`). */
export class EmailOriginalApi extends AreaApi {
  get(conversationId: string, seq: number): Promise<EmailOriginal> {
    return this.api.request('GET', `/conversations/${at(conversationId)}/messages/${seq}/original`);
  }
}

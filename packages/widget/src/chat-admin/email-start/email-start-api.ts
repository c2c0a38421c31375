import type { EmailConversationCreate, EmailConversationResult, EmailSender } from '@parley/protocol/admin';
import { AreaApi } from '../area-api.js';

/** Starting a conversation by email (`/email-conversations`): the addresses to send from, and the start itself. */
export class EmailStartApi extends AreaApi {
  /** The site's connected mailboxes and confirmed support addresses (empty: nothing to send from). */
  async senders(): Promise<EmailSender[]> {
    return (await this.api.request<{ items: EmailSender[] }>('GET', '/email-conversations/senders')).items;
  }

  /** Opens the conversation and emails its first message; the same `id` again answers the same conversation. */
  start(body: EmailConversationCreate): Promise<EmailConversationResult> {
    return this.api.request('POST', '/email-conversations', body);
  }
}

import type { Message } from '@parley/protocol';
import type { WhatsAppConversation, WhatsAppTemplateSend } from '@parley/protocol/admin';
import { AreaApi, at } from '../area-api.js';

/** WhatsApp's routes of a conversation: its 24-hour window and templates, and sending one. */
export class WhatsAppApi extends AreaApi {
  window(conversationId: string): Promise<WhatsAppConversation> {
    return this.api.request('GET', `/conversations/${at(conversationId)}/whatsapp`);
  }

  sendTemplate(conversationId: string, body: WhatsAppTemplateSend): Promise<{ message: Message; duplicate: boolean }> {
    return this.api.request('POST', `/conversations/${at(conversationId)}/whatsapp/template`, body);
  }
}

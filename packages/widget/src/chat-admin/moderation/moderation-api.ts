import type { ConversationFlags, FlagsDismissed, SpamState } from '@parley/protocol/admin';
import { AreaApi, at } from '../area-api.js';

/** Spam and review's routes (`/conversations/{id}/flags`, `/conversations/{id}/spam`). */
export class ModerationApi extends AreaApi {
  flags(conversationId: string): Promise<ConversationFlags> {
    return this.api.request('GET', `/conversations/${at(conversationId)}/flags`);
  }

  dismiss(conversationId: string): Promise<FlagsDismissed> {
    return this.api.request('POST', `/conversations/${at(conversationId)}/flags/dismiss`);
  }

  markSpam(conversationId: string): Promise<SpamState> {
    return this.api.request('POST', `/conversations/${at(conversationId)}/spam`);
  }

  notSpam(conversationId: string): Promise<SpamState> {
    return this.api.request('DELETE', `/conversations/${at(conversationId)}/spam`);
  }
}

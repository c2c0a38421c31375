import type { ConversationSummary } from '@parley/protocol';
import type { Contact, MergeConversationsResult } from '@parley/protocol/admin';
import { AreaApi, at, search } from '../area-api.js';

/** Merge's routes as the thread's "Merge into…" uses them (docs/merge.md). */
export class MergeApi extends AreaApi {
  contact(contactId: string): Promise<Contact> {
    return this.api.request('GET', `/contacts/${at(contactId)}`);
  }

  conversation(id: string): Promise<ConversationSummary> {
    return this.api.request('GET', `/conversations/${at(id)}`);
  }

  /** Conversations whose messages match `q` (the inbox's search). */
  async find(q: string): Promise<ConversationSummary[]> {
    const page = await this.api.request<{ items: ConversationSummary[] }>(
      'GET',
      `/conversations${search({ q, limit: 10 })}`,
    );
    return page.items;
  }

  /** Moves every message of `from` into `into`; `from` closes for good. */
  merge(into: string, from: string): Promise<MergeConversationsResult> {
    return this.api.request('POST', `/conversations/${at(into)}/merge`, { from });
  }
}

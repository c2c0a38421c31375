import type { ConversationSummary } from '@parley/protocol';
import type { Contact, ContactMerge, MergeConversationsResult } from '@parley/protocol/admin';
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

  /**
   * Moves every message of `from` into `into`; `from` closes for good. With `mergeContacts`, conversations of two
   * contacts: the contacts are merged first (for those who may merge contacts).
   */
  merge(into: string, from: string, mergeContacts = false): Promise<MergeConversationsResult> {
    return this.api.request(
      'POST',
      `/conversations/${at(into)}/merge`,
      mergeContacts ? { from, mergeContacts } : { from },
    );
  }
}

/** Merge's routes as a contact's page uses them: merge another record in, list merges, undo one. */
export class ContactMergeApi extends AreaApi {
  /** Contacts matching `q` (a name, an id, an exact email). */
  async find(q: string): Promise<Contact[]> {
    const page = await this.api.request<{ items: Contact[] }>('GET', `/contacts${search({ q, limit: 10 })}`);
    return page.items;
  }

  merge(keep: string, from: string): Promise<ContactMerge> {
    return this.api.request('POST', `/contacts/${at(keep)}/merge`, { from });
  }

  /** Other records with the same vouched-for email (for those who may merge contacts). */
  duplicates(contactId: string): Promise<Contact[]> {
    return this.api
      .request<{ items: Contact[] }>('GET', `/contacts/${at(contactId)}/duplicates`)
      .then((list) => list.items);
  }

  merges(contactId: string): Promise<ContactMerge[]> {
    return this.api
      .request<{ items: ContactMerge[] }>('GET', `/contacts/${at(contactId)}/merges`)
      .then((list) => list.items);
  }

  undo(mergeId: string): Promise<ContactMerge> {
    return this.api.request('POST', `/contact-merges/${at(mergeId)}/undo`);
  }
}

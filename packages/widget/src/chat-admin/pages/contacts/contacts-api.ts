import { AreaApi, at, search } from '../../area-api.js';
import type { Contact, ContactPage, ContactPatch } from '../../admin-types.js';

/** The Contacts page's calls. */
export class ContactsApi extends AreaApi {
  /** Contacts, most recently seen first: `q` is a name, a contact id, or an exact email. */
  list(query: { q?: string; cursor?: string; limit?: number }): Promise<ContactPage> {
    return this.api.request('GET', `/contacts${search(query)}`);
  }

  get(id: string): Promise<Contact> {
    return this.api.request('GET', `/contacts/${at(id)}`);
  }

  /** Changes the fields given (name, email, notes, subscription); a bad one is refused whole, naming it. */
  update(id: string, patch: ContactPatch): Promise<Contact> {
    return this.api.request('PATCH', `/contacts/${at(id)}`, patch);
  }

  /** Everything held about a contact, as the relay's JSON export (admins; audited). */
  export(id: string): Promise<unknown> {
    return this.api.request('GET', `/contacts/${at(id)}/export`);
  }

  /** Erases a contact and everything held about them (admins; audited). */
  async erase(id: string): Promise<void> {
    await this.api.request('DELETE', `/contacts/${at(id)}`);
  }
}

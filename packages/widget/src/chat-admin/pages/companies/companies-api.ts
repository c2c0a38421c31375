import type {
  Company,
  CompanyCreate,
  CompanyDetail,
  CompanyPage,
  CompanyPatch,
  ContactCompany,
} from '@parley/protocol/admin';
import { AreaApi, at, search } from '../../area-api.js';

/** Companies' calls: the Companies page and the visitor panel's company card. */
export class CompaniesApi extends AreaApi {
  /** Companies, most recently changed first: `q` is a name, a domain or the site's id of one. */
  list(query: { q?: string; cursor?: string; limit?: number }): Promise<CompanyPage> {
    return this.api.request('GET', `/companies${search(query)}`);
  }

  /** A company with a page of its contacts and their conversations. */
  get(id: string, query: { cursor?: string; limit?: number } = {}): Promise<CompanyDetail> {
    return this.api.request('GET', `/companies/${at(id)}${search(query)}`);
  }

  create(body: CompanyCreate): Promise<Company> {
    return this.api.request('POST', '/companies', body);
  }

  /** Changes the fields given; attributes are merged (`null` removes one). */
  update(id: string, patch: CompanyPatch): Promise<Company> {
    return this.api.request('PATCH', `/companies/${at(id)}`, patch);
  }

  /** Deletes a company; its contacts are kept, in no company (`contacts.manage`). */
  async delete(id: string): Promise<void> {
    await this.api.request('DELETE', `/companies/${at(id)}`);
  }

  /** A contact's company (`company: null`: none). */
  ofContact(contactId: string): Promise<ContactCompany> {
    return this.api.request('GET', `/contacts/${at(contactId)}/company`);
  }

  /** Puts a contact in a company, or takes them out of theirs (`null`). */
  setForContact(contactId: string, companyId: string | null): Promise<ContactCompany> {
    return this.api.request('PUT', `/contacts/${at(contactId)}/company`, { companyId });
  }
}

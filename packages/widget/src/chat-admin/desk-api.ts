import type { AdminApi } from './admin-api.js';
import type {
  AuditFacets,
  AuditPage,
  AuditQuery,
  CannedResponse,
  Contact,
  ContactPage,
  SiteProfile,
} from './admin-types.js';

/**
 * The calls of the desk's settings pages (Saved replies, Contacts, Audit log, Site), made through
 * {@link AdminApi.request}: they come with the pages' chunks, not with the inbox's first load.
 */
export class DeskApi {
  readonly #api: Pick<AdminApi, 'request'>;

  constructor(api: Pick<AdminApi, 'request'>) {
    this.#api = api;
  }

  /** Adds a saved reply; `conflict` when the shortcut is taken. */
  createCannedResponse(body: { shortcut: string; text: string }): Promise<CannedResponse> {
    return this.#api.request('POST', '/canned-responses', body);
  }

  updateCannedResponse(id: string, patch: { shortcut?: string; text?: string }): Promise<CannedResponse> {
    return this.#api.request('PATCH', `/canned-responses/${encodeURIComponent(id)}`, patch);
  }

  async deleteCannedResponse(id: string): Promise<void> {
    await this.#api.request('DELETE', `/canned-responses/${encodeURIComponent(id)}`);
  }

  /** Contacts, most recently seen first: `q` is a name, a contact id, or an exact email. */
  contacts(query: { q?: string; cursor?: string; limit?: number }): Promise<ContactPage> {
    return this.#api.request('GET', `/contacts${search(query)}`);
  }

  contact(id: string): Promise<Contact> {
    return this.#api.request('GET', `/contacts/${encodeURIComponent(id)}`);
  }

  /** Everything held about a contact, as the relay's JSON export (admins; audited). */
  exportContact(id: string): Promise<unknown> {
    return this.#api.request('GET', `/contacts/${encodeURIComponent(id)}/export`);
  }

  /** Erases a contact and everything held about them (admins; audited). */
  async eraseContact(id: string): Promise<void> {
    await this.#api.request('DELETE', `/contacts/${encodeURIComponent(id)}`);
  }

  /** The audit log, newest first (admins). */
  audit(query: AuditQuery): Promise<AuditPage> {
    return this.#api.request('GET', `/audit${search(query)}`);
  }

  /** The actors and actions the audit log's filters offer (admins). */
  auditFacets(): Promise<AuditFacets> {
    return this.#api.request('GET', '/audit/facets');
  }

  /** The caller's own site (admins). */
  site(): Promise<SiteProfile> {
    return this.#api.request('GET', '/site');
  }

  updateSite(patch: { name?: string; allowedOrigins?: string[] }): Promise<SiteProfile> {
    return this.#api.request('PATCH', '/site', patch);
  }

  /** Makes a new identity secret and answers with it: the only time it is shown (admins; audited). */
  async rotateIdentitySecret(): Promise<string> {
    return (await this.#api.request<{ identitySecret: string }>('POST', '/site/identity-secret', {})).identitySecret;
  }
}

/** `?a=1&b=2` from the defined, non-empty values of `query` ('' when none). */
function search(query: object): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query) as Array<[string, unknown]>)
    if (value !== undefined && value !== '') params.set(key, String(value));
  const text = params.toString();
  return text ? `?${text}` : '';
}

import { AreaApi, search } from '../../area-api.js';
import type { AuditFacets, AuditPage, AuditQuery } from '../../admin-types.js';

/** The Audit log page's calls (admins). */
export class AuditApi extends AreaApi {
  /** The audit log, newest first. */
  list(query: AuditQuery): Promise<AuditPage> {
    return this.api.request('GET', `/audit${search(query)}`);
  }

  /** The actors and actions the log's filters offer. */
  facets(): Promise<AuditFacets> {
    return this.api.request('GET', '/audit/facets');
  }
}

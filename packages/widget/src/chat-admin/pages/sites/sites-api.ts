import { AreaApi } from '../../area-api.js';
import type { SiteListing } from '../../admin-types.js';

/** The Sites page's call (admins of the relay's default site). */
export class SitesApi extends AreaApi {
  /** Creates a site; the answer carries its first admin token, shown once. */
  create(body: { name: string; allowedOrigins?: string[] }): Promise<SiteListing & { adminToken: string }> {
    return this.api.request('POST', '/sites', body);
  }
}

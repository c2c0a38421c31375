import { AreaApi } from '../../area-api.js';
import type { SiteProfile } from '../../admin-types.js';

/** The Site page's calls about the caller's own site (admins). */
export class SiteApi extends AreaApi {
  get(): Promise<SiteProfile> {
    return this.api.request('GET', '/site');
  }

  update(patch: { name?: string; allowedOrigins?: string[] }): Promise<SiteProfile> {
    return this.api.request('PATCH', '/site', patch);
  }

  /** Makes a new identity secret and answers with it: the only time it is shown (audited). */
  async rotateIdentitySecret(): Promise<string> {
    return (await this.api.request<{ identitySecret: string }>('POST', '/site/identity-secret', {})).identitySecret;
  }
}

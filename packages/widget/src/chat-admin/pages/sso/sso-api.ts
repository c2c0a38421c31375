import type {
  SsoDomain,
  SsoDomainList,
  SsoProvider,
  SsoProviderCheck,
  SsoProviderCreate,
  SsoProviderList,
  SsoProviderPatch,
  SsoSettings,
} from '@parley/protocol/admin';
import { AreaApi, at } from '../../area-api.js';

/** The Single sign-on page's calls (admins): the site's providers and whether it requires them. */
export class SsoApi extends AreaApi {
  async providers(): Promise<SsoProvider[]> {
    return (await this.api.request<SsoProviderList>('GET', '/sso/providers')).items;
  }

  create(body: SsoProviderCreate): Promise<SsoProvider> {
    return this.api.request('POST', '/sso/providers', body);
  }

  update(id: string, patch: SsoProviderPatch): Promise<SsoProvider> {
    return this.api.request('PATCH', `/sso/providers/${at(id)}`, patch);
  }

  remove(id: string): Promise<void> {
    return this.api.request('DELETE', `/sso/providers/${at(id)}`);
  }

  check(id: string): Promise<SsoProviderCheck> {
    return this.api.request('POST', `/sso/providers/${at(id)}/check`, {});
  }

  settings(): Promise<SsoSettings> {
    return this.api.request('GET', '/sso/settings');
  }

  saveSettings(settings: SsoSettings): Promise<SsoSettings> {
    return this.api.request('PUT', '/sso/settings', settings);
  }

  /** The email domains of the site's providers, verified or not, with the DNS record to publish. */
  async domains(): Promise<SsoDomain[]> {
    return (await this.api.request<SsoDomainList>('GET', '/sso/domains')).items;
  }

  verifyDomain(domain: string): Promise<SsoDomain> {
    return this.api.request('POST', '/sso/domains/verify', { domain });
  }

  /** The other way to verify a domain: a code mailed to an address at it. */
  mailDomainCode(domain: string, address: string): Promise<SsoDomain> {
    return this.api.request('POST', '/sso/domains/mail', { domain, address });
  }

  confirmDomainCode(domain: string, code: string): Promise<SsoDomain> {
    return this.api.request('POST', '/sso/domains/confirm', { domain, code });
  }
}

import type { FakeBase, FakeRoutes } from './fake-requests.js';

/** The relay's sites (`/sites`) of the fake admin API. */
export function withSites<B extends FakeBase>(Base: B) {
  return class extends Base {
    sitesMade: Array<{ name: string; allowedOrigins?: string[] }> = [];
    async sites() {
      return [];
    }
    async createSite(body: { name: string; allowedOrigins?: string[] }) {
      this.sitesMade.push(body);
      return {
        id: 'site_2',
        name: body.name,
        siteKey: 'pk_2',
        allowedOrigins: body.allowedOrigins ?? ['*'],
        requireIdentity: false,
        createdAt: Date.now(),
        adminToken: 'st_site_admin_0123456789',
      };
    }

    constructor(...args: any[]) {
      super(...args);
      Object.assign(this.routes, {
        'GET /sites': async () => ({ items: await this.sites() }),
        'POST /sites': (c) => this.createSite(c.body as { name: string; allowedOrigins?: string[] }),
      } satisfies FakeRoutes);
    }
  };
}

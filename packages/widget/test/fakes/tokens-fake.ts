import type { StaffToken, TokenScope } from '../../src/chat-admin/chat-admin.js';
import type { FakeBase, FakeRoutes } from './fake-requests.js';

/** API tokens (`/tokens`) of the fake admin API. */
export function withTokens<B extends FakeBase>(Base: B) {
  return class extends Base {
    tokenList: StaffToken[] = [{ id: 'staff_9', name: 'CRM sync', scopes: ['read'], expiresAt: null }];
    tokenCalls: Array<[string, ...unknown[]]> = [];
    async tokens() {
      return structuredClone(this.tokenList);
    }
    async createToken(body: { name: string; scopes: TokenScope[]; expiresAt: number | null }) {
      this.tokenCalls.push(['create', structuredClone(body)]);
      const made = { id: `staff_t${this.tokenList.length + 1}`, ...body, token: 'st_shown_once_0123456789' };
      this.tokenList.push({ id: made.id, name: made.name, scopes: made.scopes, expiresAt: made.expiresAt });
      return made;
    }
    async revokeToken(id: string) {
      this.tokenCalls.push(['revoke', id]);
      this.tokenList = this.tokenList.filter((each) => each.id !== id);
    }

    constructor(...args: any[]) {
      super(...args);
      Object.assign(this.routes, {
        'GET /tokens': () => this.tokens(),
        'POST /tokens': (c) =>
          this.createToken(c.body as { name: string; scopes: TokenScope[]; expiresAt: number | null }),
        'DELETE /tokens/{id}': (c) => this.revokeToken(c.ref!),
      } satisfies FakeRoutes);
    }
  };
}

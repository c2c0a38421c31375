import { AreaApi, at } from '../../area-api.js';
import type { CreatedToken, StaffToken, TokenScope } from '../../admin-types.js';

/** The API tokens page's calls (admins). */
export class TokensApi extends AreaApi {
  async list(): Promise<StaffToken[]> {
    const answer = await this.api.request<{ items: StaffToken[] } | StaffToken[]>('GET', '/tokens');
    // Lists come as `{ items }`; a bare array too.
    return Array.isArray(answer) ? answer : answer.items;
  }

  /** Makes a token: its secret is in the answer, the only time it is shown. */
  create(body: { name: string; scopes: TokenScope[]; expiresAt: number | null }): Promise<CreatedToken> {
    return this.api.request('POST', '/tokens', body);
  }

  revoke(id: string): Promise<void> {
    return this.api.request('DELETE', `/tokens/${at(id)}`);
  }
}

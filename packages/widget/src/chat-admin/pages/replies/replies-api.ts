import { AreaApi, at } from '../../area-api.js';
import type { CannedResponse } from '../../admin-types.js';

/** The Saved replies page's changes; the list is `AdminApi.cannedResponses`, which the composer reads too. */
export class RepliesApi extends AreaApi {
  /** Adds a saved reply; `conflict` when the shortcut is taken. */
  create(body: { shortcut: string; text: string }): Promise<CannedResponse> {
    return this.api.request('POST', '/canned-responses', body);
  }

  update(id: string, patch: { shortcut?: string; text?: string }): Promise<CannedResponse> {
    return this.api.request('PATCH', `/canned-responses/${at(id)}`, patch);
  }

  async delete(id: string): Promise<void> {
    await this.api.request('DELETE', `/canned-responses/${at(id)}`);
  }
}

import { BULK_MAX, type BulkChange, type BulkOutcome, type BulkResult } from '@parley/protocol/admin';
import { AreaApi } from '../area-api.js';

/** Bulk changes (`POST /conversations/bulk`): one change to many conversations, an outcome for each. */
export class BulkApi extends AreaApi {
  /** Makes `change` to every id, in requests of at most the relay's cap, one after another; the outcomes in order. */
  async change(ids: readonly string[], change: Omit<BulkChange, 'ids'>): Promise<BulkOutcome[]> {
    const results: BulkOutcome[] = [];
    for (let start = 0; start < ids.length; start += BULK_MAX) {
      const answer: BulkResult = await this.api.request('POST', '/conversations/bulk', {
        ids: ids.slice(start, start + BULK_MAX),
        ...change,
      });
      results.push(...answer.results);
    }
    return results;
  }
}

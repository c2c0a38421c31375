import type { BulkChange, BulkOutcome, BulkResult } from '@parley/protocol/admin';
import { AreaApi } from '../area-api.js';

/** The most ids one request takes: the contract's `BULK_MAX` (a value of its own here: the contract's module brings zod). */
const BULK_MAX = 100;

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

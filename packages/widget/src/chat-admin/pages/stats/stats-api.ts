import { AreaApi } from '../../area-api.js';
import type { Stats } from '../../admin-types.js';

/** The Stats page's call. */
export class StatsApi extends AreaApi {
  get(): Promise<Stats> {
    return this.api.request('GET', '/stats');
  }
}

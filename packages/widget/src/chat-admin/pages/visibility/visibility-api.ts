import type { VisibilitySettings } from '@parley/protocol/admin';
import { AreaApi } from '../../area-api.js';

/** The Who sees what page's calls (read by members, saved by admins). */
export class VisibilityApi extends AreaApi {
  get(): Promise<VisibilitySettings> {
    return this.api.request('GET', '/visibility');
  }

  save(settings: VisibilitySettings): Promise<VisibilitySettings> {
    return this.api.request('PUT', '/visibility', settings);
  }
}

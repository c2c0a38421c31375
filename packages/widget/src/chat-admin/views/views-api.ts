import type { ConversationChannelList, SavedView, ViewCreate, ViewList, ViewPatch } from '@parley/protocol/admin';
import { AreaApi, at } from '../area-api.js';

/** Saved views (`/views`): the site's shared ones and the caller's own, with their counts. */
export class ViewsApi extends AreaApi {
  list(): Promise<ViewList> {
    return this.api.request('GET', '/views');
  }

  create(view: ViewCreate): Promise<SavedView> {
    return this.api.request('POST', '/views', view);
  }

  update(id: string, patch: ViewPatch): Promise<SavedView> {
    return this.api.request('PATCH', `/views/${at(id)}`, patch);
  }

  /** The channels a view may show: the kinds, then the relay's messaging providers (WhatsApp, Telegram…). */
  channels(): Promise<ConversationChannelList> {
    return this.api.request('GET', '/conversation-channels');
  }

  delete(id: string): Promise<void> {
    return this.api.request('DELETE', `/views/${at(id)}`);
  }
}

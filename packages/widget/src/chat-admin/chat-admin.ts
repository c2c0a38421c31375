import { ChatAdminBroadcasts } from './chat-admin-broadcasts.component.js';
import { ChatAdminStats } from './chat-admin-stats.component.js';
import { ChatAdmin } from './chat-admin.component.js';

export { ChatAdmin, ChatAdminBroadcasts, ChatAdminStats };
export { AdminApiError, HttpAdminApi, type AdminApi } from './admin-api.js';
export type { AdminClient } from './admin-client.js';
export { chatAdminEvent, type ChatAdminEvent, type ChatAdminEventDetails } from './admin-events.js';
export { adminEn, type AdminStrings } from './admin-strings.js';
export type * from './admin-types.js';
export {
  Notifier,
  type NotifierEnvironment,
  type NotifyChannel,
  type NotifyKind,
  type NotifyPrefs,
} from './notifier.js';

// A second copy of the bundle must not throw on a second define.
if (!customElements.get('chat-admin-broadcasts')) customElements.define('chat-admin-broadcasts', ChatAdminBroadcasts);
if (!customElements.get('chat-admin-stats')) customElements.define('chat-admin-stats', ChatAdminStats);
if (!customElements.get('chat-admin')) customElements.define('chat-admin', ChatAdmin);

declare global {
  interface HTMLElementTagNameMap {
    'chat-admin': ChatAdmin;
    'chat-admin-broadcasts': ChatAdminBroadcasts;
    'chat-admin-stats': ChatAdminStats;
  }
}

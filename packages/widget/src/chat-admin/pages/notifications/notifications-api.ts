import { AreaApi } from '../../area-api.js';
import type { NotificationSettings, PushSubscriptionBody } from '../../admin-types.js';

/** The Notifications page's calls: the signed-in member's email notifications and this browser's pushes. */
export class NotificationsApi extends AreaApi {
  get(): Promise<NotificationSettings> {
    return this.api.request('GET', '/me/notifications');
  }

  update(patch: Partial<NotificationSettings>): Promise<NotificationSettings> {
    return this.api.request('PATCH', '/me/notifications', patch);
  }

  /** The relay's Web Push key, and how many of my browsers are subscribed. */
  pushKey(): Promise<{ publicKey: string; subscriptions: number }> {
    return this.api.request('GET', '/me/push');
  }

  /** Subscribes this browser to pushes (its `PushSubscription.toJSON()`). */
  subscribePush(subscription: PushSubscriptionBody): Promise<{ subscriptions: number }> {
    return this.api.request('POST', '/me/push-subscriptions', subscription);
  }

  unsubscribePush(endpoint: string): Promise<void> {
    // The endpoint is a capability: in the body, never in the URL.
    return this.api.request('DELETE', '/me/push-subscriptions', { endpoint });
  }
}

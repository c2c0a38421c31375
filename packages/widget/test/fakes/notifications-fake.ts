import type { FakeBase, FakeRoutes } from './fake-requests.js';

/** A VAPID public key as the relay gives it (base64url of 65 bytes). */
export const PUSH_KEY = btoa(String.fromCharCode(4, ...Array.from({ length: 64 }, (_, i) => i)))
  .replace(/\+/g, '-')
  .replace(/\//g, '_')
  .replace(/=+$/, '');

/** Email notifications and this browser's pushes (`/me/notifications`, `/me/push*`) of the fake admin API. */
export function withNotifications<B extends FakeBase>(Base: B) {
  return class extends Base {
    notificationSettings: { email: string | null; notify: boolean } = { email: null, notify: false };
    notificationPatches: Array<Partial<{ email: string | null; notify: boolean }>> = [];
    async notifications() {
      return { ...this.notificationSettings };
    }
    async updateNotifications(patch: Partial<{ email: string | null; notify: boolean }>) {
      this.notificationPatches.push(patch);
      this.notificationSettings = { ...this.notificationSettings, ...patch };
      return { ...this.notificationSettings };
    }
    pushSubscriptions: Array<{ endpoint: string; keys: { p256dh: string; auth: string } }> = [];
    async pushKey() {
      return { publicKey: PUSH_KEY, subscriptions: this.pushSubscriptions.length };
    }
    async subscribePush(subscription: { endpoint: string; keys: { p256dh: string; auth: string } }) {
      this.pushSubscriptions = [
        ...this.pushSubscriptions.filter((s) => s.endpoint !== subscription.endpoint),
        subscription,
      ];
      return { subscriptions: this.pushSubscriptions.length };
    }
    async unsubscribePush(endpoint: string) {
      this.pushSubscriptions = this.pushSubscriptions.filter((s) => s.endpoint !== endpoint);
    }

    constructor(...args: any[]) {
      super(...args);
      Object.assign(this.routes, {
        'GET /me/notifications': () => this.notifications(),
        'PATCH /me/notifications': (c) =>
          this.updateNotifications(c.body as Partial<{ email: string | null; notify: boolean }>),
        'GET /me/push': () => this.pushKey(),
        'POST /me/push-subscriptions': (c) =>
          this.subscribePush(c.body as { endpoint: string; keys: { p256dh: string; auth: string } }),
        'DELETE /me/push-subscriptions': (c) => this.unsubscribePush((c.body as { endpoint: string }).endpoint),
      } satisfies FakeRoutes);
    }
  };
}

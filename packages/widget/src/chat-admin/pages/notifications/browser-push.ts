import { registerInboxWorker } from '../../inbox-worker.js';
import type { NotificationsApi } from './notifications-api.js';
import type { PushSubscriptionBody } from '../../admin-types.js';

/** What this browser can do about pushes, as the Notifications page shows it. */
export type PushState = 'unsupported' | 'denied' | 'off' | 'on';

/** A push subscription, as much of one as the inbox uses. */
export interface PushSubscriptionLike {
  readonly endpoint: string;
  readonly options?: { readonly applicationServerKey: ArrayBuffer | null };
  toJSON(): { endpoint?: string; keys?: Record<string, string> };
  unsubscribe(): Promise<boolean>;
}

/** The browser's side of Web Push (the page's own by default; tests pass a fake). */
export interface PushEnvironment {
  readonly supported: boolean;
  permission(): NotificationPermission;
  requestPermission(): Promise<NotificationPermission>;
  /** The inbox's service worker registration's push manager (registering the worker if need be). */
  pushManager(): Promise<{
    getSubscription(): Promise<PushSubscriptionLike | null>;
    /** `applicationServerKey` as base64url, as the Push API takes it. */
    subscribe(options: { userVisibleOnly: true; applicationServerKey: string }): Promise<PushSubscriptionLike>;
  }>;
}

/** The page's Web Push, through the inbox's service worker (inbox-worker.ts). */
export function browserPushEnvironment(): PushEnvironment {
  const supported =
    typeof navigator !== 'undefined' &&
    'serviceWorker' in navigator &&
    typeof PushManager !== 'undefined' &&
    typeof Notification !== 'undefined';
  return {
    supported,
    permission: () => Notification.permission,
    requestPermission: () => Notification.requestPermission(),
    pushManager: async () => {
      // Wait for this registration's own worker to be active (subscribing needs one): a new page's first
      // registration has none yet.
      const registration = await registerInboxWorker();
      const pending = registration.installing ?? registration.waiting;
      if (!registration.active && pending)
        await new Promise<void>((resolve) =>
          pending.addEventListener('statechange', () => pending.state === 'activated' && resolve()),
        );
      return registration.pushManager;
    },
  };
}

function bytesOf(base64url: string): Uint8Array {
  const text = atob(base64url.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(text, (c) => c.charCodeAt(0));
}

function sameKey(a: ArrayBuffer | null | undefined, b: Uint8Array): boolean {
  if (!a || a.byteLength !== b.length) return false;
  const left = new Uint8Array(a);
  return left.every((byte, i) => byte === b[i]);
}

function bodyOf(subscription: PushSubscriptionLike): PushSubscriptionBody {
  const json = subscription.toJSON();
  return { endpoint: subscription.endpoint, keys: { p256dh: json.keys?.p256dh ?? '', auth: json.keys?.auth ?? '' } };
}

/**
 * This browser's pushes for the signed-in staff member: whether they are on, and turning them on (permission, the
 * service worker, a subscription with the relay's key, saved on the relay) or off. A subscription made with
 * another key (the relay secret changed) is dropped; one the relay forgot is saved again when the page opens.
 */
export class BrowserPush {
  constructor(
    private readonly api: Pick<NotificationsApi, 'pushKey' | 'subscribePush' | 'unsubscribePush'>,
    private readonly env: PushEnvironment,
  ) {}

  async state(): Promise<PushState> {
    if (!this.env.supported) return 'unsupported';
    if (this.env.permission() === 'denied') return 'denied';
    if (this.env.permission() !== 'granted') return 'off';
    const [manager, { publicKey }] = await Promise.all([this.env.pushManager(), this.api.pushKey()]);
    const subscription = await manager.getSubscription();
    if (!subscription) return 'off';
    if (!sameKey(subscription.options?.applicationServerKey, bytesOf(publicKey))) {
      await subscription.unsubscribe();
      return 'off';
    }
    await this.api.subscribePush(bodyOf(subscription));
    return 'on';
  }

  async enable(): Promise<PushState> {
    if (!this.env.supported) return 'unsupported';
    const permission = await this.env.requestPermission();
    if (permission !== 'granted') return permission === 'denied' ? 'denied' : 'off';
    const [manager, { publicKey }] = await Promise.all([this.env.pushManager(), this.api.pushKey()]);
    const subscription = await manager.subscribe({ userVisibleOnly: true, applicationServerKey: publicKey });
    await this.api.subscribePush(bodyOf(subscription));
    return 'on';
  }

  async disable(): Promise<PushState> {
    if (!this.env.supported) return 'unsupported';
    const subscription = await (await this.env.pushManager()).getSubscription();
    if (subscription) {
      await this.api.unsubscribePush(subscription.endpoint).catch(() => undefined);
      await subscription.unsubscribe();
    }
    return 'off';
  }
}

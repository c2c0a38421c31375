declare module '../store/repositories.js' {
  interface Repositories {
    readonly push: PushRepository;
  }
}

/** A browser's Web Push subscription (issue #19): where its push service takes messages for one staff member. */
export interface PushSubscriptionRecord {
  /** The push service's address for this browser: a capability, kept like a secret (never logged, never listed). */
  readonly endpoint: string;
  readonly siteId: string;
  readonly staffId: string;
  /** The browser's P-256 public key and auth secret (base64url), which the payload is encrypted to. */
  readonly p256dh: string;
  readonly auth: string;
  readonly createdAt: number;
  /** The browser session that saved it (its device), when a signed-in member did: a read through it leaves it out. */
  readonly sessionId?: string | undefined;
}

/** A notification a browser was pushed and may still show (issue #43), until a read closes it. */
export interface ShownNotification {
  readonly endpoint: string;
  /** The notification's tag: `conversation:<id>` or `mention:<id>:<seq>`. */
  readonly tag: string;
  readonly siteId: string;
  readonly conversationId: string;
  /** The message it was about. */
  readonly seq: number;
}

/** A shown notification, with the subscription to push its closing to. */
export interface ShownOnSubscription extends ShownNotification {
  readonly subscription: PushSubscriptionRecord;
  /**
   * Read since it was pushed, so a `push.read` closes it: a conversation's notification once the staff read mark
   * (the desk's, whoever read) reaches its message, a mention's once its member read it; either once its
   * conversation (or the mention) is gone.
   */
  readonly read: boolean;
}

/** Where push subscriptions are kept (`Repositories.push`). */
export interface PushRepository {
  /**
   * Saves a subscription; the same endpoint from the same staff member on the same site again takes its new keys.
   * Resolves false, changing nothing, when the endpoint is another member's or another site's: an endpoint stays
   * bound to whoever saved it first, until they remove it or its push service says it is gone (issue #33).
   */
  savePushSubscription(subscription: PushSubscriptionRecord): Promise<boolean>;
  /** Removes one of the staff member's subscriptions; resolves false when they have no such one. */
  deletePushSubscription(siteId: string, staffId: string, endpoint: string): Promise<boolean>;
  /** Forgets an endpoint its push service said is gone (404 or 410). */
  forgetPushEndpoint(endpoint: string): Promise<void>;
  /** How many subscriptions a staff member has. */
  countPushSubscriptions(siteId: string, staffId: string): Promise<number>;
  /** The subscriptions of the site's active staff (all, or only `staffIds`'). */
  pushSubscriptions(siteId: string, staffIds?: readonly string[]): Promise<PushSubscriptionRecord[]>;
  /** Site ids with at least one subscription (the message hook pushes only there). */
  sitesWithPush(): Promise<string[]>;
  /** Records notifications pushed (one per endpoint and tag: a newer one replaces the older). */
  recordShown(shown: readonly ShownNotification[], at: number): Promise<void>;
  /**
   * Forgets what the subscriptions saved by browser session `sessionId` were shown of a conversation, up to `seq`:
   * that device read it, and its page closes them itself.
   */
  forgetShownOfSession(siteId: string, conversationId: string, sessionId: string, seq: number): Promise<void>;
  /** Whether any browser may show a notification about the conversation. */
  hasShown(siteId: string, conversationId: string): Promise<boolean>;
  /**
   * What browsers of the site's active staff may show (at most `limit`, oldest first), with their subscriptions and
   * whether each was read since: one query, however many conversations they are about.
   */
  shownOnSite(siteId: string, limit: number): Promise<ShownOnSubscription[]>;
  /** Forgets notifications of an endpoint (closed, or about to be). */
  forgetShown(endpoint: string, tags: readonly string[]): Promise<void>;
}

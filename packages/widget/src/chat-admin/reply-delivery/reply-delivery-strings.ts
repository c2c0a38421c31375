/**
 * The strings of a reply's delivery mark in the thread; the chunk brings the English ones (a translation:
 * `AdminStrings.replyDelivery`).
 */
export interface ReplyDeliveryStrings {
  /** A reply the channel did not deliver, with the provider's or the bridge's reason. */
  failed: (reason: string) => string;
  /** The same, when no reason was given. */
  failedWithoutReason: string;
}

/** English strings of a reply's delivery mark. */
export const replyDeliveryEn: ReplyDeliveryStrings = {
  failed: (reason) => `Not delivered: ${reason}`,
  failedWithoutReason: 'Not delivered',
};

// Its strings in the inbox's (a host's `strings`), added from here: admin-strings.ts imports no feature.
declare module '../admin-strings.js' {
  interface AdminStrings {
    /** A reply's delivery mark in the thread (its chunk brings the English ones). */
    replyDelivery?: Partial<ReplyDeliveryStrings>;
  }
}

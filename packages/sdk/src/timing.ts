/*
 * The client's fixed timings. They live in a module without imports so that a bundler inlines them where they are
 * used: esbuild keeps a constant as a variable in a module that imports anything (an import may be cyclic).
 */

/** Send a typing signal at most this often while typing. */
export const TYPING_THROTTLE_MS = 3000;
/** Stop typing after this pause. */
export const TYPING_IDLE_MS = 5000;
/** A remote typing state expires after this long without news. */
export const TYPING_EXPIRY_MS = 6000;
/** Delivered receipts are batched over this window. */
export const DELIVERED_BATCH_MS = 250;
/** Retry a send refused with a retryable error after this long, when the relay does not say. */
export const DEFAULT_RETRY_MS = 1000;

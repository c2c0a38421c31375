/**
 * How the widget's "Typically replies in…" is bucketed (issue #81): the median first reply of a site's recent
 * conversations, said as one of four coarse figures so that it tells a visitor what to expect and nothing precise
 * about the desk's staffing.
 */

/** The window of conversations (created in it) the figure is the median of. */
export const REPLY_WINDOW_MS = 14 * 86_400_000;

/** Answered conversations in the window below which there is no figure: a median of fewer says little. */
export const REPLY_MIN_CONVERSATIONS = 5;

/**
 * The buckets, by their upper bound in seconds, each the figure sent for medians up to it: a few minutes (10), under
 * an hour, a few hours (6) and within a day. The widget has one phrase for each (`replyIn` in its strings).
 */
export const REPLY_BUCKETS = [600, 3600, 21_600, 86_400] as const;

/** A bucket's figure (`welcome.replySeconds`). */
export type ReplyBucket = (typeof REPLY_BUCKETS)[number];

/**
 * The figure for a median first reply of `medianMs` over `count` answered conversations: the smallest bucket that
 * holds it; `undefined` below {@link REPLY_MIN_CONVERSATIONS}, and for a median slower than a day (the widget then
 * promises nothing rather than "within a day").
 *
 * @example replyBucket(95_000, 12) // 600: "Typically replies in a few minutes"
 */
export function replyBucket(medianMs: number | null, count: number): ReplyBucket | undefined {
  if (medianMs === null || count < REPLY_MIN_CONVERSATIONS) return undefined;
  return REPLY_BUCKETS.find((bound) => medianMs <= bound * 1000);
}

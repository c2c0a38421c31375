/**
 * A conversation's messages as they are shown: in the order they were written, also after a merge (docs/merge.md).
 *
 * A merge numbers the absorbed conversation's messages after the result's own (a sequence, once given, is every
 * client's cursor and never changes) and marks each with its `origin`. Shown in sequence order, two conversations
 * that overlapped in time would read as one after the other; shown sorted by time alone, relays' clocks a few
 * milliseconds apart could put a reply before its question. So each history keeps its own order — the
 * conversation's own messages, and those of each conversation merged in — and the histories are interleaved by
 * their messages' times. A list with no merged message comes back as it is.
 */
export function inTimeOrder<T extends { readonly origin?: { readonly from: string } | undefined }>(
  messages: readonly T[],
  /** A message's time: its `ts` (an export's messages have `at`). */
  time: (message: T) => number = (message) => (message as { ts?: number }).ts!,
): readonly T[] {
  if (!messages.some((message) => message.origin)) return messages;
  // Each message's place in time: its own, or its history's latest before it when a clock put it earlier, so each
  // history stays in its order. The sort is stable: on equal times, the order given (the conversation's own first).
  const latest = new Map<string, number>();
  return messages
    .map((message) => {
      const from = message.origin?.from ?? '';
      const at = Math.max(latest.get(from) ?? -Infinity, time(message));
      latest.set(from, at);
      return { message, at };
    })
    .sort((a, b) => a.at - b.at)
    .map(({ message }) => message);
}

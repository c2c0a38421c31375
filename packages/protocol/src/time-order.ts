/**
 * A conversation's messages as they are shown: in the order they were written, also after a merge (docs/merge.md).
 *
 * A merge numbers the absorbed conversation's messages after the result's own (a sequence, once given, is every
 * client's cursor and never changes) and marks each with its `origin`. Shown in sequence order, two conversations
 * that overlapped in time would read as one after the other; shown sorted by time alone, relays' clocks a few
 * milliseconds apart could put a reply before its question. So each history keeps its own order — the
 * conversation's own messages, and those of each conversation merged in — and the histories are interleaved by
 * their messages' times, as two sorted lists are merged. A list with no merged message comes back as it is.
 */
export function inTimeOrder<T extends { readonly origin?: { readonly from: string } | undefined }>(
  messages: readonly T[],
  /** A message's time: its `ts` (an export's messages have `at`). */
  time: (message: T) => number = (message) => (message as { ts?: number }).ts!,
): readonly T[] {
  if (!messages.some((message) => message.origin)) return messages;
  // Each history in the order given: the conversation's own (key ''), then one per conversation merged in.
  const histories = new Map<string, T[]>();
  for (const message of messages) {
    const key = message.origin?.from ?? '';
    const history = histories.get(key);
    if (history) history.push(message);
    else histories.set(key, [message]);
  }
  const lists = [...histories.values()];
  const next = lists.map(() => 0);
  const shown: T[] = [];
  while (shown.length < messages.length) {
    // The earliest head; on a tie, the first history (the conversation's own before what was merged in).
    let pick = -1;
    for (let i = 0; i < lists.length; i++) {
      const head = lists[i]![next[i]!];
      if (head && (pick < 0 || time(head) < time(lists[pick]![next[pick]!]!))) pick = i;
    }
    shown.push(lists[pick]![next[pick]!++]!);
  }
  return shown;
}

/**
 * The last frames published to each conversation topic, with the highest published sequence.
 *
 * It closes the gap between "replayed from the store" and "subscribed to live traffic" without a race: after
 * the last store page, whatever was published but is newer than that page is sent from here, and the socket is
 * subscribed in the same synchronous step, so it receives every message once and in order.
 */
export class RecentFrames {
  private readonly byConversation = new Map<
    string,
    { floor: number; last: number; at: number; frames: Array<{ seq: number; frame: string }> }
  >();

  constructor(
    /**
     * Frames kept per conversation. They only bridge the few frames published while a resuming socket reads its
     * last store page; past them the store is read again. Kept small: with 64, a thousand active conversations
     * held ~22 MB of frames (the soak's heap grew by that much as they filled).
     */
    private readonly keep = 16,
    /** Entries idle this long are dropped: everything they held is long committed and readable from the store. */
    private readonly idleMs = 5 * 60_000,
  ) {}

  record(conversationId: string, seq: number, frame: string, now: number): void {
    let entry = this.byConversation.get(conversationId);
    if (!entry) {
      entry = { floor: seq - 1, last: 0, at: now, frames: [] };
      this.byConversation.set(conversationId, entry);
    }
    if (seq <= entry.last) return;
    entry.frames.push({ seq, frame });
    entry.last = seq;
    entry.at = now;
    if (entry.frames.length > this.keep) entry.floor = entry.frames.shift()!.seq;
  }

  /**
   * Frames published after `cursor`, or `undefined` when some of them are no longer held (read the store
   * again). An empty list means nothing newer than `cursor` was published.
   */
  after(conversationId: string, cursor: number): string[] | undefined {
    const entry = this.byConversation.get(conversationId);
    if (!entry || entry.last <= cursor) return [];
    if (cursor < entry.floor) return undefined;
    return entry.frames.filter((item) => item.seq > cursor).map((item) => item.frame);
  }

  sweep(now: number): void {
    for (const [id, entry] of this.byConversation) {
      if (now - entry.at > this.idleMs) this.byConversation.delete(id);
    }
  }
}

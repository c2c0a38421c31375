import type { Message } from '@parley/protocol';
import { webLocks } from './locks.js';
import type { LocalMessage } from './types.js';

/** What tabs of one origin tell each other; a message's news is named after the status it moved to. */
export type TabMessage =
  /** A message was queued in that tab (it is in the shared outbox). */
  | { t: 'queued'; message: LocalMessage }
  /** A queued message was stored by the relay (the flushing tab got the ack). */
  | { t: 'sent'; message: Message }
  /** A queued message was refused for good. */
  | { t: 'failed'; clientId: string; error: { code: string; message: string } }
  /** The local read mark moved. */
  | { t: 'read'; conversationId: string; seq: number }
  /** The chat panel was opened or closed. */
  | { t: 'open'; open: boolean };

/**
 * Coordination between tabs of one origin: a BroadcastChannel to share new messages, read marks and the open
 * state, and a Web Lock that elects one leader tab (to play sounds). Where either API is missing, the tab acts
 * alone and is its own leader.
 */
export class Tabs {
  #channel: BroadcastChannel | undefined;
  #leader: boolean;
  #release: (() => void) | undefined;
  #closed = false;

  constructor(namespace: string, onMessage: (message: TabMessage) => void) {
    const Channel = (globalThis as { BroadcastChannel?: typeof BroadcastChannel }).BroadcastChannel;
    if (Channel) {
      this.#channel = new Channel(`parley:${namespace}`);
      this.#channel.onmessage = (event: MessageEvent<unknown>) => {
        const data = event.data as { t?: unknown } | null;
        if (typeof data?.t === 'string') onMessage(data as TabMessage);
      };
    }
    const locks = webLocks();
    this.#leader = !locks;
    if (locks) {
      void locks
        .request(
          `parley:${namespace}:leader`,
          () =>
            new Promise<void>((resolve) => {
              if (this.#closed) return resolve();
              this.#release = resolve;
              this.#leader = true;
            }),
        )
        .catch(() => undefined);
    }
  }

  /** Whether this tab is the one that should play sounds and similar once-per-browser effects. */
  get leader(): boolean {
    return this.#leader;
  }

  /** Tells the other tabs. */
  post(message: TabMessage): void {
    try {
      this.#channel?.postMessage(message);
    } catch {
      // A closed channel or an uncloneable payload: the other tabs still learn it from the relay.
    }
  }

  /** Leaves the channel and gives up the leadership. */
  close(): void {
    // A closed channel refuses to post (`post` ignores that), and releasing twice is harmless.
    this.#closed = true;
    this.#channel?.close();
    this.#release?.();
    this.#leader = false;
  }
}

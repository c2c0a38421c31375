import type { ComposerHold, SendCheck, SendVerdict } from './outlets.js';
import { CONTRIBUTED } from './composer-holds.generated.js';

type AdminConversation = Parameters<SendCheck>[0];
type InboxController = Parameters<SendCheck>[1];

/**
 * The composer holds outlet: the features' word on whether a reply may be sent to the open conversation now, each
 * declared by its folder (`composer-hold.ts`, outlets.ts), by rank. Each check is fetched in a chunk of its own.
 */
export const COMPOSER_HOLDS: readonly ComposerHold[] = [...CONTRIBUTED].sort((a, b) => a.rank - b.rank);

/** The longest a timer waits (setTimeout's limit is about 24.8 days). */
const maxWaitMs = 2 ** 31 - 1;

/**
 * The composer's holds for the open conversation ({@link COMPOSER_HOLDS}): asked when the conversation opens or
 * changes, and again when a verdict says it may change (a second after its `until`); {@link held} is the reason of
 * the first that holds, `undefined` while none does (and while they are being asked for a conversation just opened).
 * `changed` is told whenever it changes.
 */
export class SendHolds {
  /** Why a reply may not be sent now, or `undefined`. */
  held: string | undefined;
  readonly #holds: readonly ComposerHold[];
  readonly #changed: () => void;
  #key: string | undefined;
  #id: string | undefined;
  #abort: AbortController | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(changed: () => void, holds: readonly ComposerHold[] = COMPOSER_HOLDS) {
    this.#changed = changed;
    this.#holds = holds;
  }

  /** Asks the holds again if the open conversation is another, or changed, since they were asked. */
  update(inbox: InboxController): void {
    const current = inbox.state.current;
    const key = current ? `${current.id}:${current.updatedAt}` : undefined;
    if (key === this.#key) return;
    this.#key = key;
    this.#cancel();
    if (current?.id !== this.#id) {
      this.#id = current?.id;
      this.#set(undefined);
    }
    if (!current || this.#holds.length === 0) return;
    const abort = new AbortController();
    this.#abort = abort;
    void this.#ask(current, inbox, abort.signal);
  }

  /** Stops asking (the composer left the page); the next {@link update} asks again. */
  stop(): void {
    this.#key = undefined;
    this.#cancel();
  }

  #cancel(): void {
    this.#abort?.abort();
    this.#abort = undefined;
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  async #ask(conversation: AdminConversation, inbox: InboxController, signal: AbortSignal): Promise<void> {
    const verdicts = await Promise.all(
      this.#holds.map(async (hold): Promise<SendVerdict | undefined> => {
        try {
          return await (
            await hold.load()
          )(conversation, inbox, signal);
        } catch {
          return undefined;
        }
      }),
    );
    if (signal.aborted) return;
    this.#set(verdicts.find((verdict) => verdict?.held !== undefined)?.held);
    const until = Math.min(...verdicts.map((verdict) => verdict?.until ?? Infinity));
    if (until === Infinity) return;
    this.#timer = setTimeout(
      () => {
        this.#key = undefined;
        this.update(inbox);
      },
      Math.min(maxWaitMs, Math.max(0, until - Date.now()) + 1000),
    );
  }

  #set(held: string | undefined): void {
    if (held === this.held) return;
    this.held = held;
    this.#changed();
  }
}

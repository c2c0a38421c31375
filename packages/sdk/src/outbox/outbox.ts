import { webLocks } from '../locks.js';
import type { LocalFile } from '../types.js';
import type { Store } from './store.js';

/** One message waiting in the outbox. */
export interface OutboxRecord {
  /** The client-generated sortable id: the outbox flushes in this order. */
  clientId: string;
  conversationId?: string;
  text: string;
  note?: boolean;
  /** Staff: quick-reply buttons for the visitor (protocol 2). */
  buttons?: Array<{ label: string }>;
  /** Visitors: the rating request this message answers (protocol 2; the id is `rating-<seq>`). */
  rating?: { seq: number; score: number };
  /** Visitors: the button this message chose (protocol 2; the id is `reply-<seq>`). */
  reply?: { seq: number; id: string };
  /**
   * Protocol 3: the message's files, each with its `Blob` (IndexedDB stores them) until the message is sent, and
   * the id of its upload once uploaded (so a reload does not upload it again). See `@parley/sdk/attachments`.
   */
  files?: LocalFile[];
  /** Local creation time. */
  ts: number;
}

/**
 * The durable queue of messages not yet acknowledged by the relay. Records live in the {@link Store} (IndexedDB
 * in browsers), one key per message, so a reload or a browser restart keeps them and tabs never overwrite
 * each other's records. `flush()` runs under a Web Lock, so only one tab of the origin sends the
 * queue at a time; a record is deleted before the lock is released, so the next tab does not send it again.
 */
export class Outbox {
  readonly #store: Store;
  readonly #prefix: string;
  readonly #lockName: string;
  readonly #useLocks: boolean;
  #tail: Promise<unknown> = Promise.resolve();

  constructor(store: Store, namespace: string, useLocks: boolean) {
    this.#store = store;
    this.#prefix = `${namespace}:outbox:`;
    this.#lockName = `parley:${namespace}:outbox`;
    this.#useLocks = useLocks;
  }

  /** Stores a record; resolves once it is durable. */
  put(record: OutboxRecord): Promise<void> {
    return this.#store.set(this.#prefix + record.clientId, record);
  }

  /** Removes a record (acknowledged or refused for good). */
  remove(clientId: string): Promise<void> {
    return this.#store.delete(this.#prefix + clientId);
  }

  /** Every record, oldest first. */
  async list(): Promise<OutboxRecord[]> {
    return (await this.#store.entries<OutboxRecord>(this.#prefix)).map(([, record]) => record);
  }

  /**
   * Sends the records in order, one at a time, holding the outbox lock (one flush at a time in this tab and, with
   * Web Locks, across tabs): `send` resolves `true` when a record is done with (acknowledged, or refused for good;
   * it is removed) and `false` to stop with it kept (a retryable refusal, the connection dropped). Stops too once
   * `open()` says no. Records are re-read inside the lock: another tab may have sent some already. Flushes queue
   * behind each other on the lock, so one that comes late finds the work done.
   */
  flush(open: () => boolean, send: (record: OutboxRecord) => Promise<boolean>): Promise<void> {
    const drain = async (): Promise<void> => {
      while (open()) {
        const [record] = await this.list();
        if (!record || !(await send(record))) return;
        await this.remove(record.clientId);
      }
    };
    const locks = this.#useLocks ? webLocks() : undefined;
    const run = (): Promise<void> => (locks ? locks.request(this.#lockName, drain) : drain());
    const result = this.#tail.then(run, run);
    this.#tail = result.catch(() => undefined);
    return result;
  }
}

import { SUBPROTOCOL_V3, type AttachmentId } from '@parley/protocol';
import type { OutboxRecord } from '../outbox/outbox.js';
import type { LocalMessage, MessageStatus, UploadError, WelcomeFrame } from '../types.js';

/** The hook a client runs before it sends a record with files: uploads them, then names them (or says why not). */
export type Prepare = (record: OutboxRecord, message: LocalMessage) => Promise<AttachmentId[] | UploadError>;

/** What a client that attaches gives `Attachments` (`@parley/sdk/attachments`) when it plugs in. */
export interface AttachHost {
  /** The relay's HTTP address of the upload route, from the client's WebSocket URL (`wss:` → `https:`). */
  readonly uploadUrl: string;
  /** The bearer token of this side: the visitor's (from the last welcome) or the staff member's. */
  token(): string | undefined;
  /** Emits `messageStatus` for a message whose status `Attachments` changed (cancel, retry). */
  status(message: LocalMessage, previous: MessageStatus): void;
}

/** What a client that attaches says of itself: its WebSocket URL, its token, and how it emits a status change. */
export interface AttachSide {
  url(): string;
  token(): string | undefined;
  status(message: LocalMessage, previous: MessageStatus): void;
}

/** Whether a welcome lets a client attach files: the relay speaks protocol 3 and the site accepts files. */
export function mayAttach(welcome: WelcomeFrame | undefined): boolean {
  return welcome?.protocol === SUBPROTOCOL_V3 && !!welcome.attachments;
}

/**
 * Where `Attachments` plugs into a client (`VisitorClient`, `StaffClient`). Until it does, a record with files waits
 * at the head of the outbox (the flush holds there, so the order is kept), for instance while a widget loads its
 * attachments code after a reload.
 */
export class AttachPoint {
  readonly #side: AttachSide;
  readonly #ready: Promise<Prepare>;
  #resolve!: (prepare: Prepare) => void;

  constructor(side: AttachSide) {
    this.#side = side;
    this.#ready = new Promise((resolve) => (this.#resolve = resolve));
  }

  /** The client's `prepare` hook: waits for `Attachments`, then lets it upload. */
  readonly prepare: Prepare = (record, message) => this.#ready.then((prepare) => prepare(record, message));

  /** Plugs `prepare` in (the first call wins: one `Attachments` per client) and answers what it works with. */
  plug(prepare: Prepare): AttachHost {
    this.#resolve(prepare);
    const { url, token, status } = this.#side;
    return { uploadUrl: uploadUrl(url()), token, status };
  }
}

/** The upload route's address beside the client's WebSocket endpoint: `wss://h/v1/ws` → `https://h/v1/attachments`. */
export function uploadUrl(socketUrl: string): string {
  return new URL('attachments', socketUrl.replace(/^ws/, 'http')).href;
}

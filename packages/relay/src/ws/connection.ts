import type { Author, VisitorContext } from '@parley/protocol';
import type { TokenBucket } from '../rate-limit.js';
import type { Site, Staff, VisitorProfile } from '../store/store.js';

/** Per-connection state, kept as uWS user data. Everything the handlers need is copied here at upgrade. */
export interface Connection {
  readonly id: string;
  readonly ip: string;
  /** The `Origin` header at upgrade ('' for non-browser clients). */
  readonly origin: string;
  readonly userAgent: string;
  readonly openedAt: number;
  /** `pending` until hello is answered; frames that arrive meanwhile wait in `queued`. */
  phase: 'new' | 'hello' | 'ready' | 'closed';
  queued: Array<ArrayBuffer> | undefined;
  readonly bucket: TokenBucket;
  /** Consecutive rate-limit refusals; too many closes the connection. */
  strikes: number;
  /** True while stored messages are replayed: the replay paces itself on drain, so it is not a slow consumer. */
  replaying: boolean;
  /** Resolves the replay's wait for the socket to drain. */
  drained: (() => void) | undefined;
  role?: 'visitor' | 'staff';
  site?: Site;
  author?: Author;
  // visitors
  visitorId?: string;
  conversationId?: string;
  profile?: VisitorProfile;
  context?: VisitorContext;
  // staff
  staff?: Staff;
}

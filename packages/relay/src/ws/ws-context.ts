import type { VisitorTokens } from '../auth/tokens.js';
import type { Accounts } from '../auth/accounts.js';
import type { RelayConfig } from '../config.js';
import type { ChatCore } from '../core/chat-core.js';
import type { SocketFiles } from './socket-files.js';
import type { ConversationQuotas } from '../limits/conversation-quotas.js';
import type { IpLimits } from '../limits/ip-limits.js';
import type { Logger } from '../log.js';
import type { Metrics } from '../metrics.js';
import type { Store } from '../store/store.js';
import type { Socket } from './connection.js';
import type { FrameHandler } from './frame-handler.js';
import type { SettledAppends } from './settled-appends.js';
import type { StaffScopes } from './staff-scopes.js';
import type { SharedReads } from '../core/shared-reads.js';
import type { Site } from '../store/store.js';
import type { PublicOrigin } from '../http/public-origin.js';

/** Everything the WebSocket handlers share; built once by {@link ChatSocketEndpoint}. */
export interface WsContext {
  readonly config: RelayConfig;
  readonly store: Store;
  /** Sites by key, read once for the hellos that ask at the same time ({@link SharedReads}). */
  readonly sitesByKey: SharedReads<Site | undefined>;
  readonly log: Logger;
  readonly metrics: Metrics;
  readonly core: ChatCore;
  readonly visitorTokens: VisitorTokens;
  readonly ipLimits: IpLimits;
  /** New conversations per address and per site ({@link ConversationQuotas}). */
  readonly quotas: ConversationQuotas;
  /** Acks and fan-out of appends that settle together (see {@link SettledAppends}). */
  readonly settled: SettledAppends;
  /** Sockets that have not said hello yet, with the time they opened. */
  readonly pendingHello: Map<Socket, number>;
  /** Whether the relay sends email (the welcome tells visitors); `undefined` without the email feature. */
  readonly email: { readonly enabled: boolean } | undefined;
  /** The features' frame handlers, by frame type (`frames` in their parts); any other type is `unknown_frame`. */
  readonly frames: ReadonlyMap<string, FrameHandler>;
  /** Files in messages (protocol 3); without it a `send` with files is refused and welcomes offer none. */
  readonly files: SocketFiles | undefined;
  /** Staff accounts: staff hellos by session cookie. */
  readonly accounts: Accounts | undefined;
  /** Where the signed addresses of files point: configured or learned, never a request's `Host`. */
  readonly publicOrigin: PublicOrigin;
  /** The staff fan-out of members who see only some conversations, and the checks of what they name. */
  readonly scopes: StaffScopes;
}

import type { VisitorTokens } from '../auth/tokens.js';
import type { Accounts } from '../auth/accounts.js';
import type { SocketConfig } from './socket-config.js';
import type { ChatCore } from '../core/chat-core.js';
import type { SocketFiles } from './socket-files.js';
import type { ConversationQuotas } from '../limits/conversation-quotas.js';
import type { IpLimits } from '../limits/ip-limits.js';
import type { Logger } from '../log.js';
import type { Metrics } from '../metrics.js';
import type { Store } from '../store/store.js';
import type { ClientFrame } from '@parley/protocol';
import type { Peer, Socket } from './connection.js';
import type { SettledAppends } from './settled-appends.js';
import type { StaffScopes } from './staff-scopes.js';
import type { SharedReads } from '../core/shared-reads.js';
import type { Site } from '../store/store.js';
import type { PublicOrigin } from '../http/public-origin.js';

/** Everything the WebSocket handlers share; built once by {@link ChatSocketEndpoint}. */
export interface WsContext {
  readonly config: SocketConfig;
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

/**
 * The client frames the socket layer itself handles: the connection's (`ping`, `hello`, `context`) and the message
 * path's (`send`, `history`, receipts, `typing`). Every other frame type of the protocol is a feature's, handled by
 * the {@link FrameHandler} its feature gives (`frames` in its parts; `frame-handler.ts`); without that feature it is `unknown_frame`.
 */
export type CoreFrameType = 'ping' | 'hello' | 'context' | 'send' | 'history' | 'typing' | 'read' | 'delivered';

/** A client frame of a feature's (see {@link CoreFrameType}). */
export type FeatureFrame = Exclude<ClientFrame, { type: CoreFrameType }>;

/**
 * A feature's handler of one or more frame types (an extension point of the socket layer, docs/architecture.md
 * "Adding a feature"). It runs once the connection is welcomed and, for a staff token, once the token's scope allows
 * it; a rejected promise is answered `store_unavailable` with the frame's `ref`, as the message path's are.
 */
export interface FrameHandler<Frame extends FeatureFrame = FeatureFrame> {
  /** The frame types it answers (each given by one feature only: the start refuses a second). */
  readonly types: readonly Frame['type'][];
  /** What a staff API token needs to send it: `read` to be given messages, `write` to change anything. */
  readonly scope?: 'read' | 'write';
  handle(ctx: WsContext, ws: Socket, peer: Peer, frame: Frame): Promise<void>;
}

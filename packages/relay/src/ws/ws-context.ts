import type { VisitorTokens } from '../auth/tokens.js';
import type { RelayConfig } from '../config.js';
import type { ChatCore } from '../core/chat-core.js';
import type { EmailFeature } from '../email/email-feature.js';
import type { ConversationQuotas } from '../limits/conversation-quotas.js';
import type { IpLimits } from '../limits/ip-limits.js';
import type { Logger } from '../log.js';
import type { Metrics } from '../metrics.js';
import type { Store } from '../store/store.js';
import type { Socket } from './connection.js';
import type { SettledAppends } from './settled-appends.js';

/** Everything the WebSocket handlers share; built once by {@link ChatSocketEndpoint}. */
export interface WsContext {
  readonly config: RelayConfig;
  readonly store: Store;
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
  /** The email feature: transcripts, and whether visitors are promised email. */
  readonly email: EmailFeature | undefined;
}

import type { ClientFrame } from '@parley/protocol';
import type { Peer, Socket } from './connection.js';
import type { WsContext } from './ws-context.js';

/**
 * The client frames the socket layer itself handles: the connection's (`ping`, `hello`, `context`) and the message
 * path's (`send`, `history`, receipts, `typing`). Every other frame type of the protocol is a feature's, handled by
 * the {@link FrameHandler} its feature gives (`frames` in its parts); without that feature it is `unknown_frame`.
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

/** A handler typed by its frames: `frameHandler<EditRequestFrame | DeleteRequestFrame>({ types: ['edit', 'delete'], … })`. */
export function frameHandler<Frame extends FeatureFrame>(handler: FrameHandler<Frame>): FrameHandler {
  return handler as unknown as FrameHandler;
}

/** The handlers by frame type; throws, naming it, when two handlers claim one type. */
export function frameHandlers(handlers: readonly FrameHandler[]): ReadonlyMap<string, FrameHandler> {
  const byType = new Map<string, FrameHandler>();
  for (const handler of handlers)
    for (const type of handler.types) {
      if (byType.has(type)) throw new Error(`Two features handle the ${type} frame.`);
      byType.set(type, handler);
    }
  return byType;
}

import type { FeatureFrame, FrameHandler } from './ws-context.js';

// A feature's handlers of its own frames of the chat socket (`frames` in its parts): the types are declared beside
// the socket's context (ws-context.ts), which holds them by type; a feature makes and checks them here.
export type { CoreFrameType, FeatureFrame, FrameHandler } from './ws-context.js';

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

declare module '../features/feature.js' {
  interface SocketParts {
    readonly frameHandler: FrameHandler;
  }
}

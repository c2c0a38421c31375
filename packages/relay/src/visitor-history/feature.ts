import { defineFeature } from '../features/feature.js';
import { chosenConversation } from './chosen-conversation.js';
import { VisitorHistoryRepository } from './visitor-history-repository.js';
import { visitorHistoryFrames } from './visitor-history-frames.js';

declare module '../features/feature-instances.js' {
  interface FeatureInstances {
    'visitor-history': VisitorHistoryRepository;
  }
}

/**
 * A returning visitor's past conversations in the widget (issue #86; docs/protocol.md, "Past conversations"): the
 * socket's `conversations`, `past` and `continue` frames (`visitor-history-frames.ts`), read from the core's tables.
 * It stores nothing of its own, so erasure and retention need nothing from it: what they delete is gone from here. An
 * identified visitor's hello with a token naming another of their conversations is in that one
 * (`chosen-conversation.ts`, the hello's `resumeConversation`).
 */
export const visitorHistoryFeature = defineFeature({
  name: 'visitor-history',
  create: ({ db }) => {
    const repository = new VisitorHistoryRepository(db);
    return {
      instance: repository,
      hooks: { resumeConversation: chosenConversation },
      frames: [visitorHistoryFrames(repository)],
    };
  },
});

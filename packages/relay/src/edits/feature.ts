import { defineFeature } from '../features/feature.js';
import { editFrames } from './edit-frames.js';
import { EDITS_MIGRATIONS } from './edits-migrations.js';
import { EditsRepository } from './edits-repository.js';
import { MessageEdits } from './message-edits.js';

declare module '../features/feature-instances.js' {
  interface FeatureInstances {
    edits: MessageEdits;
  }
}

/**
 * Staff edit or delete their own messages for a short time (issue #36; docs/protocol.md, "Editing and deleting").
 * It handles the socket's `edit` and `delete` frames (`edit-frames.ts`).
 */
export const editsFeature = defineFeature({
  name: 'edits',
  migrations: EDITS_MIGRATIONS,
  erasure: { conversations: [{ table: 'message_edits' }] },
  create: ({ core, db, use, options }) => {
    const edits = new MessageEdits({
      core,
      repository: new EditsRepository(db),
      effects: (message, siteId) => use('webhooks')?.messageUpdated(message, siteId),
      now: options.clock,
    });
    return { instance: edits, frames: [editFrames(edits)] };
  },
});

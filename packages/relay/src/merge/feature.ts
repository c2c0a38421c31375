import { defineFeature } from '../features/feature.js';
import { MERGE_MIGRATIONS } from './merge-migrations.js';
import { MergeRepository } from './merge-repository.js';
import { mergeRoutes } from './merge-routes.js';
import { Merge } from './merge.js';

declare module '../features/feature-instances.js' {
  interface FeatureInstances {
    merge: Merge;
  }
}

/** Merging conversations and contacts (docs/merge.md). */
export const mergeFeature = defineFeature({
  name: 'merge',
  migrations: MERGE_MIGRATIONS,
  adminRoutes: mergeRoutes,
  erasure: {
    conversations: [
      { table: 'merged_messages' },
      { table: 'conversation_merges' },
      { table: 'conversation_merges', column: 'into_id' },
    ],
    // Erasing a contact erases what undoing its merges would need (the other record's data among it).
    contacts: [{ table: 'contact_merges' }, { table: 'contact_merges', column: 'merged_contact_id' }],
  },
  create: ({ admin, db, log, options }) => {
    const merge = new Merge({
      admin,
      repository: new MergeRepository(db),
      log,
      ...(options.clock ? { now: options.clock } : {}),
    });
    return {
      instance: merge,
      hooks: merge,
      start: () => merge.start(),
      stop: () => merge.stop(),
    };
  },
});

import { defineFeature } from '../features/feature.js';
import { MERGE_MIGRATIONS } from './merge-migrations.js';
import { mergeContactData } from './merge-points.js';
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
  // What other features keep per contact (a company, custom attributes' values, a channel's customer): a merge of
  // contacts carries it, its undo puts it back.
  points: [mergeContactData],
  erasure: {
    conversations: [
      { table: 'merged_messages' },
      { table: 'conversation_merges' },
      { table: 'conversation_merges', column: 'into_id' },
    ],
    // Erasing a contact erases what undoing its merges would need (the other record's data among it).
    contacts: [{ table: 'contact_merges' }, { table: 'contact_merges', column: 'merged_contact_id' }],
  },
  create: ({ admin, db, log, options, contributions }) => {
    const contactData = contributions(mergeContactData);
    const names = new Set<string>();
    for (const { name } of contactData) {
      // Each one's snapshot is kept under its name in the merge's record.
      if (names.has(name)) throw new Error(`two contributions to merge.contactData are named ${name}`);
      names.add(name);
    }
    const merge = new Merge({
      admin,
      repository: new MergeRepository(db, contactData),
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

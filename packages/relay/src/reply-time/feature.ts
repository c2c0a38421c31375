import { defineFeature } from '../features/feature.js';
import { ReplyTimes } from './reply-times.js';

declare module '../features/feature-instances.js' {
  interface FeatureInstances {
    'reply-time': ReplyTimes;
  }
}

/**
 * How fast the site typically replies (issue #81): a visitor's welcome says it as a coarse bucket
 * (`replySeconds`), which the widget words in its header ("Typically replies in a few minutes"). Computed from the
 * reports' first responses, kept per site in memory; the widget look's `replyTime: false` turns it off.
 */
export const replyTimeFeature = defineFeature({
  name: 'reply-time',
  create: ({ admin, log, use, options }) => {
    const replyTimes = new ReplyTimes({
      admin,
      log,
      look: async (siteId) => use('widget-look')?.get(siteId),
      ...(options.clock ? { now: options.clock } : {}),
    });
    return { instance: replyTimes, hooks: replyTimes, stop: () => replyTimes.stop() };
  },
});

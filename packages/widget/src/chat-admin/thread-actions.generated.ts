// Written by scripts/contributions.mjs from the folders' thread-action.ts: do not edit.
import type { OutletEntry } from './outlets.js';
import { threadAction as aiThreadAction } from './ai/thread-action.js';
import { threadAction as contactThreadAction } from './contact/thread-action.js';
import { threadAction as exportThreadAction } from './export/thread-action.js';
import { threadAction as mergeThreadAction } from './merge/thread-action.js';
import { threadAction as moderationThreadAction } from './moderation/thread-action.js';
import { threadAction as slaThreadAction } from './sla/thread-action.js';
import { threadAction as snoozeThreadAction } from './snooze/thread-action.js';

/** The thread actions the folders declare, in the folders' order (their list orders them by rank). */
export const CONTRIBUTED: readonly OutletEntry[] = [
  aiThreadAction,
  contactThreadAction,
  exportThreadAction,
  mergeThreadAction,
  moderationThreadAction,
  slaThreadAction,
  snoozeThreadAction,
];

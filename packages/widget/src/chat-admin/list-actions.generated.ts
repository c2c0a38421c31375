// Written by scripts/contributions.mjs from the folders' list-action.ts: do not edit.
import type { OutletEntry } from './outlets.js';
import { listAction as emailStartListAction } from './email-start/list-action.js';

/** The list actions the folders declare, in the folders' order (their list orders them by rank). */
export const CONTRIBUTED: readonly OutletEntry[] = [emailStartListAction];

// Written by scripts/contributions.mjs from the folders' composer-tool.ts: do not edit.
import type { ComposerTool } from './outlets.js';
import { composerTools as aiComposerTools } from './ai/composer-tool.js';
import { composerTools as scheduledComposerTools } from './scheduled/composer-tool.js';
import { composerTools as whatsappComposerTools } from './whatsapp/composer-tool.js';

/** The composer tools the folders declare, in the folders' order (their list orders them by rank). */
export const CONTRIBUTED: readonly ComposerTool[] = [
  ...aiComposerTools,
  ...scheduledComposerTools,
  ...whatsappComposerTools,
];

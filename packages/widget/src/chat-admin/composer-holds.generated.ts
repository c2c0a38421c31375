// Written by scripts/contributions.mjs from the folders' composer-hold.ts: do not edit.
import type { ComposerHold } from './outlets.js';
import { composerHold as whatsappComposerHold } from './whatsapp/composer-hold.js';

/** The composer holds the folders declare, in the folders' order (their list orders them by rank). */
export const CONTRIBUTED: readonly ComposerHold[] = [whatsappComposerHold];

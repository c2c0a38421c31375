/** The bubble part's hashed file name, next to the loader; the build replaces this module (scripts/bundle.mjs). */
export const BUBBLE_FILE = 'campaign-bubble.js';

/**
 * What the inbox's service worker keeps so that the installed app opens without a round trip, and offline (issue
 * #43, admin-sw.ts): the page (`/admin`) and every script of one build, by their hashed names. The build
 * (scripts/bundle.mjs) writes this build's list and its version in here; from the sources (the tests) the list is
 * empty, and the worker keeps nothing.
 */
export const SHELL_FILES: readonly string[] = [];

/** The version of the list: the worker's cache is named after it, so that each build's files are a set. */
export const SHELL_VERSION = 'source';

// Written by scripts/locales-index.mjs from every locales/tr.ts of src/chat-admin/: do not edit. A translator
// adds or edits those files only; the build and the tests' runner write this one.
import type { AdminStrings } from '../admin-strings.js';

/** The inbox's strings in tr: the shell's and those of every folder with a locales/tr.ts. */
export const strings: Partial<AdminStrings> = {};
/** The folders with a file of this language (src/chat-admin/ is `.`), for the completeness report. */
export const folders: readonly string[] = [];
/** Strings its files declare the same as English on purpose (names, codes, words both languages use). */
export const sameAsEnglish: readonly string[] = [];
/** Whether the language is declared complete (`export const complete = true` in its shell file): tested strictly. */
export const complete = false;

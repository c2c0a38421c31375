// Written by scripts/locales-index.mjs from every locales/de.ts of src/chat-admin/: do not edit. A translator
// adds or edits those files only; the build and the tests' runner write this one.
import type { AdminStrings } from '../admin-strings.js';
import * as m0 from '../bulk/locales/de.js';
import * as m1 from '../locales/de.js';
import * as m2 from '../message-actions/locales/de.js';
import * as m3 from '../snooze/locales/de.js';
import * as m4 from '../views/locales/de.js';
const { sameAsEnglish: sameAsEnglish0, ...f0 } = m0;
const { shell: shell1, sameAsEnglish: sameAsEnglish1, ...f1 } = m1;
const { sameAsEnglish: sameAsEnglish4, ...f4 } = m4;

/** The inbox's strings in de: the shell's and those of every folder with a locales/de.ts. */
export const strings: Partial<AdminStrings> = { ...f0, ...shell1, ...f1, ...m2, ...m3, ...f4 };
/** The folders with a file of this language (src/chat-admin/ is `.`), for the completeness report. */
export const folders: readonly string[] = ['bulk', '.', 'message-actions', 'snooze', 'views'];
/** Strings its files declare the same as English on purpose (names, codes, words both languages use). */
export const sameAsEnglish: readonly string[] = [...sameAsEnglish0, ...sameAsEnglish1, ...sameAsEnglish4];
/** Whether the language is declared complete (`export const complete = true` in its shell file): tested strictly. */
export const complete = false;

// The built-in profanity lists of the content filter (issue #39, docs/safety.md "The content filter and link
// rules"), one per locale of `PROFANITY_LOCALES`. Relay only: the lists never reach a client bundle.
import type { PROFANITY_LOCALES } from '@parley/protocol/admin';
import { PROFANITY_DE } from './profanity-de.js';
import { PROFANITY_EN } from './profanity-en.js';
import { PROFANITY_ES } from './profanity-es.js';
import { PROFANITY_FR } from './profanity-fr.js';

export type ProfanityLocale = (typeof PROFANITY_LOCALES)[number];

/**
 * Each locale's built-in list: the LDNOOBW list for the language (CC BY 4.0; each file cites its source and
 * commit) less the entries each file's `EXCLUDED` names, so ordinary support text does not match.
 */
export const PROFANITY: Readonly<Record<ProfanityLocale, readonly string[]>> = {
  en: PROFANITY_EN,
  es: PROFANITY_ES,
  fr: PROFANITY_FR,
  de: PROFANITY_DE,
};

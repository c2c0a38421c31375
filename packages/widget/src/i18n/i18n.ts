import { en, type Strings } from './en.js';

export type { Strings };

/**
 * The locales at hand: English, those a site registered, and the built-in ones (fr, es, ar) once loaded — all of
 * them at import for `@parley/widget` from npm; for the served element, the visitor's language is fetched before the
 * element is defined (built-in.ts), so its first render speaks it.
 */
export const locales: Readonly<Record<string, Strings>> = { en };

const rtlLanguages = new Set(['ar', 'fa', 'he', 'ur', 'ps', 'yi']);

/** What {@link resolveLocale} picked: the language tag used, its strings and its writing direction. */
export interface ResolvedLocale {
  tag: string;
  strings: Strings;
  dir: 'ltr' | 'rtl';
}

/**
 * Picks the strings for the first of `preferred` that Parley knows, matching on the language subtag
 * (`fr-CA` → `fr`). Falls back to English. Pass `navigator.languages` to follow the browser.
 *
 * @example resolveLocale(['ar-EG', 'en']) // { tag: 'ar', dir: 'rtl', strings: … }
 */
export function resolveLocale(preferred: readonly (string | null | undefined)[]): ResolvedLocale {
  for (const candidate of preferred) {
    const language = candidate?.toLowerCase().split(/[-_]/)[0];
    const strings = language ? locales[language] : undefined;
    if (language && strings) return { tag: language, strings, dir: rtlLanguages.has(language) ? 'rtl' : 'ltr' };
  }
  return { tag: 'en', strings: en, dir: 'ltr' };
}

/**
 * Adds or replaces a locale at runtime, so a site can ship a language Parley lacks.
 *
 * @example registerLocale('de', { ...locales.en, send: 'Senden', … })
 */
export function registerLocale(tag: string, strings: Strings): void {
  (locales as Record<string, Strings>)[tag.toLowerCase()] = strings;
}

import { locales, registerLocale, type Strings } from './i18n.js';

/**
 * The built-in locales other than English, fetched when a visitor's language asks for one. The served element
 * (`widget/chat-widget.<hash>.js`) carries English only and imports these from beside itself; the npm entry
 * (`@parley/widget`) registers them all up front (all-locales.ts), so there they are there at once.
 */
const builtIn: Readonly<Record<string, () => Promise<Strings>>> = {
  fr: () => import('./fr.js').then(({ fr }) => fr),
  es: () => import('./es.js').then(({ es }) => es),
  ar: () => import('./ar.js').then(({ ar }) => ar),
};

/** The language subtag of a tag (`fr-CA` → `fr`), lower-case. */
const languageOf = (tag: string | null | undefined): string | undefined => tag?.toLowerCase().split(/[-_]/)[0];

/**
 * Makes sure that {@link resolveLocale} can answer `preferred` as it would with every locale at hand: fetches and
 * registers the first built-in locale it would pick that is not registered yet. Resolves once that is done (or at
 * once); a locale that cannot be fetched leaves English in its place.
 */
export async function loadLocale(preferred: readonly (string | null | undefined)[]): Promise<void> {
  for (const candidate of preferred) {
    const language = languageOf(candidate);
    if (!language) continue;
    if (locales[language]) return;
    const load = builtIn[language];
    if (load) {
      try {
        registerLocale(language, await load());
      } catch {
        // Offline or blocked: English stands in, and the next call tries again.
      }
      return;
    }
  }
}

/** Whether `preferred` would pick a built-in locale that is not registered yet. */
export function localeMissing(preferred: readonly (string | null | undefined)[]): boolean {
  for (const candidate of preferred) {
    const language = languageOf(candidate);
    if (!language) continue;
    if (locales[language]) return false;
    if (builtIn[language]) return true;
  }
  return false;
}

import * as parts from '../chat-widget/parts.js';
import { locales, registerLocale, type Strings } from './i18n.js';

/**
 * The built-in locales other than English, fetched when a visitor's language asks for one. The served element
 * (`widget/chat-widget.<hash>.js`) carries English only and imports these from beside itself (each a part of
 * the element, chat-widget/parts.ts: a module exporting its strings by its tag); the npm entry (`@parley/widget`)
 * registers them all up front (all-locales.ts), so there they are there at once.
 */
const builtIn: Readonly<Record<string, () => Promise<Readonly<Record<string, Strings>>>>> = {
  fr: parts.fr,
  es: parts.es,
  ar: parts.ar,
};

/** The language subtag of a tag (`fr-CA` → `fr`), lower-case. */
const languageOf = (tag: string | null | undefined): string | undefined => tag?.toLowerCase().split(/[-_]/)[0];

/**
 * The built-in language {@link resolveLocale} would pick for `preferred` with every locale at hand, when it is not
 * registered yet; `undefined` when it is, or when `preferred` names no built-in language before a known one.
 */
export function missingLocale(preferred: readonly (string | null | undefined)[]): string | undefined {
  for (const candidate of preferred) {
    const language = languageOf(candidate);
    if (!language) continue;
    if (locales[language]) return undefined;
    if (builtIn[language]) return language;
  }
  return undefined;
}

/**
 * Makes sure that {@link resolveLocale} can answer `preferred` as it would with every locale at hand: fetches and
 * registers {@link missingLocale}, if any. Resolves once that is done (or at once); a locale that cannot be fetched
 * leaves English in its place, and the next call tries again.
 */
export async function loadLocale(preferred: readonly (string | null | undefined)[]): Promise<void> {
  const language = missingLocale(preferred);
  if (!language) return;
  try {
    registerLocale(language, (await builtIn[language]!())[language]!);
  } catch {
    // Offline or blocked: English stands in.
  }
}

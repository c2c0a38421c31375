/** Where the browser keeps the agent's own language for Translate (per browser, as the inbox's other preferences). */
const LANGUAGE_KEY = 'parley-admin:ai-language';

/** A BCP 47 tag as the relay takes it (the contract's `Language`): `de`, `pt-BR`, `zh-Hant-TW`. */
const TAG = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8}){0,3}$/;

/** Whether the relay takes `tag` as a language. */
export function isLanguageTag(tag: string): boolean {
  return TAG.test(tag);
}

/**
 * `tag` reduced to what the relay takes: its language and up to three subtags, stopping at a singleton and what
 * follows it (`de-DE-u-co-phonebk` → `de-DE`, `en-US-x-twain` → `en-US`); `en` when nothing of it is a language.
 */
export function reduceLanguage(tag: string): string {
  const [language = '', ...rest] = tag.split(/[-_]/);
  if (!/^[A-Za-z]{2,3}$/.test(language)) return 'en';
  const end = rest.findIndex((subtag) => !/^[A-Za-z0-9]{2,8}$/.test(subtag));
  return [language, ...rest.slice(0, end === -1 ? 3 : Math.min(end, 3))].join('-');
}

/** The language visitors' messages are translated into: the agent's choice in this browser, else the browser's. */
export function agentLanguage(): string {
  try {
    const chosen = localStorage.getItem(LANGUAGE_KEY);
    if (chosen && isLanguageTag(chosen)) return chosen;
  } catch {
    // Storage refused (a private window's policy): the browser's language.
  }
  return reduceLanguage(navigator.language || 'en');
}

/** Keeps `tag` (checked by the caller) as the agent's language in this browser; empty: the browser's again. */
export function setAgentLanguage(tag: string): void {
  try {
    if (tag) localStorage.setItem(LANGUAGE_KEY, tag);
    else localStorage.removeItem(LANGUAGE_KEY);
  } catch {
    // Not kept: Translate goes on in the browser's language.
  }
}

import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { adminEn, type AdminStrings } from './admin-strings.js';
import { setInboxLocale } from './intl-locale.js';
import { LOCALE_BUNDLES } from './locales-index.generated.js';

/**
 * The inbox's languages: English (built in) and every language with a bundle of translations (written by
 * scripts/locales-index.mjs from the folders' `locales/<tag>.ts`; docs/translations.md, "The inbox").
 */
export const INBOX_LOCALES: readonly string[] = ['en', ...Object.keys(LOCALE_BUNDLES)];

/** Where the browser keeps the agent's choice, beside the inbox's other preferences (notifications, Translate's language). */
const LOCALE_KEY = 'parley-admin:locale';

/** Languages written right to left, among those the inbox may speak. */
const RTL = new Set(['ar', 'he', 'fa', 'ur']);

/**
 * The supported locale closest to one of `wanted` (an agent's choice first, then the browser's languages), else
 * English: an exact tag (`pt-BR`), then the same language (`de-AT` → `de`, `pt-PT` → `pt-BR`, `zh-TW` → `zh-CN`).
 *
 * @example pickInboxLocale(['de-CH', 'en'], ['en', 'de', 'fr']) // 'de'
 */
export function pickInboxLocale(wanted: readonly (string | undefined)[], supported = INBOX_LOCALES): string {
  const lower = supported.map((tag) => tag.toLowerCase());
  for (const tag of wanted) {
    if (!tag) continue;
    const exact = lower.indexOf(tag.toLowerCase());
    if (exact !== -1) return supported[exact]!;
    const language = tag.split(/[-_]/)[0]!.toLowerCase();
    const same = lower.findIndex((each) => each.split('-')[0] === language);
    if (same !== -1) return supported[same]!;
  }
  return 'en';
}

/** `rtl` for a language written right to left (`ar`), else `ltr`. */
export function localeDir(tag: string): 'rtl' | 'ltr' {
  return RTL.has(tag.split('-')[0]!.toLowerCase()) ? 'rtl' : 'ltr';
}

/** The agent's chosen language in this browser, if any. */
export function storedInboxLocale(): string | undefined {
  try {
    return localStorage.getItem(LOCALE_KEY) ?? undefined;
  } catch {
    return undefined; // storage refused (a private window's policy): the browser's languages decide
  }
}

function storeInboxLocale(tag: string | undefined): void {
  try {
    if (tag) localStorage.setItem(LOCALE_KEY, tag);
    else localStorage.removeItem(LOCALE_KEY);
  } catch {
    // Not kept: the next load follows the browser's languages again.
  }
}

/** The inbox's strings in `tag`: English with the language's translations over it (a missing part stays English). */
export async function loadInboxStrings(tag: string): Promise<AdminStrings> {
  const load = LOCALE_BUNDLES[tag];
  if (!load) return adminEn;
  const { strings } = await load();
  return { ...adminEn, ...strings };
}

/** The element an {@link InboxLocaleController} serves: `<chat-admin>`. */
export interface InboxLocaleHost extends ReactiveControllerHost, HTMLElement {
  strings: AdminStrings;
}

/**
 * The agent's language for `<chat-admin>`: chosen in the Notifications dialog and kept in this browser, else the
 * browser's first language the inbox speaks, else English. It sets the host's `strings` (unless the host's page set
 * its own), `lang` and `dir`, and the locale of `Intl` ({@link inboxLocale}); a change re-renders the inbox in place,
 * without a reload (the host renders its views anew under the new tag: see `keyed` in chat-admin.component.ts).
 */
export class InboxLocaleController implements ReactiveController {
  /** The language shown: `en` until the agent's has loaded. */
  tag = 'en';
  /** The strings this controller last set, so that a host's own (`.strings=${…}`) are never replaced. */
  #set: AdminStrings = adminEn;
  #asked = 0;

  constructor(private readonly host: InboxLocaleHost) {
    host.addController(this);
  }

  hostConnected(): void {
    void this.use(pickInboxLocale([storedInboxLocale(), ...navigator.languages]));
  }

  /** The agent chooses `tag` (kept in this browser; `undefined`: the browser's languages again), shown at once. */
  async choose(tag: string | undefined): Promise<void> {
    storeInboxLocale(tag);
    await this.use(pickInboxLocale([tag, ...navigator.languages]));
  }

  /** Shows the inbox in `tag` (a supported one); resolves once its strings are in. */
  async use(tag: string): Promise<void> {
    const asked = ++this.#asked;
    const strings = await loadInboxStrings(tag).catch(() => adminEn);
    // A later choice won the race (two quick changes): its strings, not these.
    if (asked !== this.#asked) return;
    const shown = strings === adminEn ? 'en' : tag;
    this.tag = shown;
    setInboxLocale(shown);
    this.host.lang = shown;
    this.host.dir = localeDir(shown);
    if (this.host.strings === this.#set) this.host.strings = this.#set = strings;
    this.host.requestUpdate();
  }
}

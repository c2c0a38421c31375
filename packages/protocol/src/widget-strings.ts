/**
 * The widget's words a site may change per locale (issue #85, "Every word a site can change"): one catalogue, read by
 * the relay's validation of an override and by the widget, which applies each key to its strings (a key the widget
 * does not apply fails its typecheck). A key's placeholders are named (`{count}`): an override must keep exactly
 * them, each at least once, and add none. Plain data, no zod: the inbox's page imports it without the schemas.
 */

/** What a key is: the placeholders it must keep and the longest override it takes, in characters. */
export interface WidgetStringEntry {
  readonly placeholders: readonly string[];
  readonly maxLength: number;
}

/** The longest override of a short key (a button, a label, a line). */
const LINE = 200;
/** The longest override of a paragraph (the greeting, the forms' intros, the consent). */
const PARAGRAPH = 500;

const line = (...placeholders: string[]): WidgetStringEntry => ({ placeholders, maxLength: LINE });
const paragraph = (...placeholders: string[]): WidgetStringEntry => ({ placeholders, maxLength: PARAGRAPH });

/**
 * The overridable keys, in the order the inbox lists them. A key of a part's strings is prefixed with the part
 * (`email.title` is the "Get notified by email" card's heading).
 */
export const WIDGET_STRINGS = {
  // The chat.
  hello: paragraph(),
  placeholder: line(),
  send: line(),
  online: line(),
  away: line(),
  awayNoEmail: line(),
  closed: line(),
  closedUntil: line('time'),
  typing: line('name'),
  openChat: line(),
  openChatUnread: line('count'),
  closeChat: line(),
  // The pre-chat and leave-a-message forms.
  prechatIntro: paragraph(),
  name: line(),
  email: line(),
  consent: paragraph(),
  start: line(),
  skip: line(),
  awayIntro: paragraph(),
  leaveMessage: line(),
  message: line(),
  // The "Get notified by email" card and the header's menu.
  'email.title': line(),
  'email.intro': paragraph(),
  'email.transcriptIntro': paragraph(),
  'email.label': line(),
  'email.submit': line(),
  'email.dismiss': line(),
  'email.saved': line('email'),
  'email.menu': line(),
  'email.transcript': line(),
  // The rating (CSAT) under a rating request.
  rateScore: line('score'),
  rateComment: line(),
  rateSend: line(),
  // The Help tab.
  'help.open': line(),
  'help.search': line(),
  'help.searchPlaceholder': line(),
  'help.popular': line(),
  'help.none': line(),
  'help.stillNeedHelp': line(),
  'help.chatWithUs': line(),
  'help.suggested': line(),
  'help.didItHelp': line(),
  'help.thanks': line(),
} as const satisfies Readonly<Record<string, WidgetStringEntry>>;

/** A key of {@link WIDGET_STRINGS}. */
export type WidgetStringKey = keyof typeof WIDGET_STRINGS;

/** A site's overrides of one locale: each overridden key's text. */
export type WidgetStringTexts = Partial<Record<WidgetStringKey, string>>;

/** The most locales a site overrides words in. */
export const MAX_WIDGET_STRING_LOCALES = 60;

/** A language tag as a locale is named (`fr`, `pt-BR`, `zh-Hant-TW`): a language and up to two subtags. */
const LOCALE_TAG = /^[a-z]{2,3}(?:-[a-z0-9]{2,8}){0,2}$/i;
/** A placeholder as the text holds it: a name in braces. */
const PLACEHOLDER = /\{([A-Za-z][A-Za-z0-9]*)\}/g;
// C0 and C1 controls, line breaks among them: the widget shows each text on its line as it is.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

/** Whether `key` is one of {@link WIDGET_STRINGS}. */
export function isWidgetStringKey(key: string): key is WidgetStringKey {
  return Object.hasOwn(WIDGET_STRINGS, key);
}

/**
 * `tag` as overrides are stored and matched (`pt-br` → `pt-BR`), or `undefined` when it is not a language tag.
 *
 * @example widgetStringLocale('PT-br') // 'pt-BR'
 */
export function widgetStringLocale(tag: string): string | undefined {
  if (!LOCALE_TAG.test(tag)) return undefined;
  try {
    return Intl.getCanonicalLocales(tag)[0];
  } catch {
    return undefined;
  }
}

/**
 * What is wrong with `text` as the override of `key` (a sentence without a final period), or `undefined` when it is
 * right: empty, too long, a control character or line break, a placeholder lost or one the key has not.
 *
 * @example widgetStringProblem('typing', 'Someone is typing…') // 'keep the placeholder {name}'
 */
export function widgetStringProblem(key: WidgetStringKey, text: string): string | undefined {
  const entry: WidgetStringEntry = WIDGET_STRINGS[key];
  if (text.trim() === '') return 'must not be empty (reset the key to show the default)';
  if (text.length > entry.maxLength) return `must be at most ${entry.maxLength} characters (it has ${text.length})`;
  if (CONTROL.test(text)) return 'must not hold control characters or line breaks';
  const used = new Set([...text.matchAll(PLACEHOLDER)].map((found) => found[1]!));
  const unknown = [...used].filter((name) => !entry.placeholders.includes(name));
  if (unknown.length > 0) {
    const allowed = entry.placeholders.length
      ? `; it takes ${entry.placeholders.map((name) => `{${name}}`).join(', ')}`
      : '; it takes none';
    return `has no placeholder ${unknown.map((name) => `{${name}}`).join(', ')}${allowed}`;
  }
  const lost = entry.placeholders.filter((name) => !used.has(name));
  if (lost.length > 0) return `keep the placeholder ${lost.map((name) => `{${name}}`).join(', ')}`;
  return undefined;
}

/**
 * `template` with each `{name}` replaced by `values[name]` (a name without a value is left as written).
 *
 * @example fillWidgetString('{name} schreibt…', { name: 'Ada' }) // 'Ada schreibt…'
 */
export function fillWidgetString(template: string, values: Readonly<Record<string, string | number>>): string {
  return template.replace(PLACEHOLDER, (whole, name: string) =>
    Object.hasOwn(values, name) ? String(values[name]) : whole,
  );
}

/**
 * The overrides for a visitor's locale among a site's (`byLocale`, keyed by {@link widgetStringLocale}'s tags): those
 * of the tag itself, else of its language (`pt-BR` → `pt`), else none.
 */
export function widgetStringsFor(
  byLocale: Readonly<Record<string, WidgetStringTexts>>,
  tag: string | undefined,
): { readonly locale: string; readonly texts: WidgetStringTexts } | undefined {
  const locale = tag === undefined ? undefined : widgetStringLocale(tag);
  if (!locale) return undefined;
  const language = locale.split('-')[0]!;
  for (const candidate of [locale, language]) {
    const texts = byLocale[candidate];
    if (texts && Object.keys(texts).length > 0) return { locale: candidate, texts };
  }
  return undefined;
}

import type { WidgetStringKey } from '@parley/protocol';
import type { EmailStrings } from './email-strings.js';
import type { HelpStrings } from './help-strings.js';
import type { ResolvedLocale, Strings } from '../i18n/i18n.js';

/**
 * The site's own words (issue #85, `welcome.strings`) over the strings of the locale the widget resolved. A key of
 * the catalogue (`WIDGET_STRINGS` in `@parley/protocol`) names a field of {@link Strings}, or of a part's strings
 * (`email.title` is `emailStrings.title`: the part reads the site's under its dotted key, in its own chunk); a text
 * with a placeholder (`{name}`) replaces a function of one value, which the text is filled with. The relay checked each text against its key: nothing here is checked again, and
 * lit shows every text as text, never markup.
 */

/** The parts' strings a key may name, by the key's prefix. */
interface Sections {
  email: EmailStrings;
  help: HelpStrings;
}

/** Whether a catalogue key names a field the widget shows (`openChatUnread` is `openChat`'s count > 0). */
type Applies<K extends string> = K extends `${infer Section}.${infer Field}`
  ? Section extends keyof Sections
    ? Field extends keyof Sections[Section]
      ? true
      : false
    : false
  : K extends keyof Strings | 'openChatUnread'
    ? true
    : false;

/** The catalogue's keys the widget would not apply. */
type Unapplied = { [K in WidgetStringKey]: Applies<K> extends true ? never : K }[WidgetStringKey];
type None<T extends never> = T;
/** None, or the typecheck fails here, naming the key the widget does not apply. */
export type UnappliedWidgetStrings = None<Unapplied>;

const PLACEHOLDER = /\{\w+\}/g;

/**
 * Puts the site's words (`overrides.texts`) over `resolved.strings` when they were saved for its tag's language (the
 * relay picked them for the locale the widget said at hello; the visitor may have switched since). A text with a
 * placeholder becomes a function of its one value (each key has one at most); a part's words stay under their
 * dotted key (`email.title`), which the part reads. `resolved` is resolveLocale's new object: changed in place.
 *
 * @example withOverrides(resolveLocale(['en']), { locale: 'en', texts: { typing: '{name} writes…' } })
 */
export function withOverrides(
  resolved: ResolvedLocale,
  overrides: { readonly locale: string; readonly texts: Readonly<Record<string, string>> } | undefined,
): ResolvedLocale {
  // Both tags' language subtags are lower-case (resolveLocale's, and the relay's canonical one).
  if (overrides?.locale.split('-')[0] !== resolved.tag.split('-')[0]) return resolved;
  const base = resolved.strings;
  const out: Record<string, unknown> = { ...base };
  for (const [key, text] of Object.entries(overrides!.texts))
    // A replacer, not the value: a `$&` in a name is letters.
    out[key] = text.includes('{') ? (value: unknown) => text.replace(PLACEHOLDER, () => value as string) : text;
  // The launcher's label is one function of the unread count: `openChat` without any, `openChatUnread` with some.
  const unread = out['openChatUnread'] as Strings['openChat'] | undefined;
  const label = overrides!.texts['openChat'];
  if (unread || label)
    out['openChat'] = (count: number) =>
      (count > 0 ? unread || base.openChat : label ? () => label : base.openChat)(count);
  resolved.strings = out as unknown as Strings;
  return resolved;
}

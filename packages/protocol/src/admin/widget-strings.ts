import * as z from 'zod/mini';
import { MAX_WIDGET_STRING_LOCALES, WIDGET_STRINGS, type WidgetStringKey } from '../widget-strings.js';
import { doc } from './document.js';

/**
 * `PUT /v1/admin/widget-strings/{locale}`: the site's words for one locale, whole (a key left out shows the widget's
 * own word; no key at all removes the locale). Each text is checked against the catalogue (`WIDGET_STRINGS`) by
 * the relay, which names the first wrong key.
 */
export const WidgetStringsPut = z
  .strictObject({
    // One optional member per key of the catalogue: an unknown key is refused by name, before any text is read (a
    // record would read every key of a hostile body first), and the document lists each key with its bound.
    texts: z
      .strictObject(
        Object.fromEntries(
          Object.entries(WIDGET_STRINGS).map(([key, entry]) => [
            key,
            z.optional(
              z.string().check(
                z.maxLength(entry.maxLength, { error: `must be at most ${entry.maxLength} characters` }),
                doc({
                  description: entry.placeholders.length
                    ? `Keeps ${entry.placeholders.map((name) => `\`{${name}}\``).join(', ')}.`
                    : 'No placeholder.',
                }),
              ),
            ),
          ]),
        ) as Record<WidgetStringKey, z.ZodMiniOptional<z.ZodMiniString>>,
      )
      .check(
        doc({
          description:
            'Each overridden key’s text (the catalogue `WIDGET_STRINGS` of `@parley/protocol`), shown as text, never markup: it keeps exactly its key’s placeholders (each at least once, no other), holds no control character or line break, and is not empty.',
        }),
      ),
  })
  .check(doc({ example: { texts: { hello: 'Hallo! Wie können wir helfen?', typing: '{name} schreibt…' } } }));
export type WidgetStringsPut = z.output<typeof WidgetStringsPut>;

/** `GET /v1/admin/widget-strings`: the site's words, per locale (only the locales and keys it changed). */
export const WidgetStrings = z
  .object({
    locales: z.record(z.string(), z.record(z.string(), z.string())).check(
      doc({
        description: `By locale tag (\`de\`, \`pt-BR\`; at most ${MAX_WIDGET_STRING_LOCALES}), each overridden key’s text. A visitor’s widget takes its locale’s, else its language’s (\`pt-BR\` → \`pt\`), else none.`,
      }),
    ),
  })
  .check(doc({ example: { locales: { de: { hello: 'Hallo! Wie können wir helfen?', typing: '{name} schreibt…' } } } }));
export type WidgetStrings = z.output<typeof WidgetStrings>;

// The catalogue and its checks, for the admin API's users (the relay's validation, the inbox's page).
export * from '../widget-strings.js';

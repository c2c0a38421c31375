import * as z from 'zod/mini';
import { doc } from './document.js';

/**
 * How the site's widget looks and asks (issue #36, point 8): its theme, its side of the page and its pre-chat form,
 * set in the inbox (Settings → Site). With the site's colour (`brandColor`, `/v1/admin/settings`) they reach every
 * page through the site's loader (`/widget.js?site=<site key>`); an attribute of the embed code (`data-theme`, …)
 * still overrides them on its page.
 */

export const WIDGET_THEMES = ['light', 'dark', 'auto'] as const;
export const WIDGET_POSITIONS = ['right', 'left'] as const;
export const WIDGET_PRECHAT = ['off', 'optional', 'required'] as const;

const choice = <const Values extends readonly [string, ...string[]]>(values: Values, description: string) =>
  z.nullable(z.enum(values, { error: `one of ${values.join(', ')}, or null` })).check(doc({ description }));

/** `PUT /v1/admin/widget-look` and its answer: every field, `null` for the widget's default. */
export const WidgetLook = z
  .strictObject({
    theme: choice(
      WIDGET_THEMES,
      '`light`, `dark`, or `auto` (follows the visitor’s system); null: `light`. The embed code’s `data-theme` overrides it.',
    ),
    position: choice(
      WIDGET_POSITIONS,
      'The side of the page the launcher and panel sit on; null: `right`. The embed code’s `data-position` overrides it.',
    ),
    prechat: choice(
      WIDGET_PRECHAT,
      'The pre-chat form (name, email, consent) before the first message: `off`, `optional` (can be skipped) or `required`; null: `off`. The embed code’s `data-prechat` overrides it.',
    ),
    replyTime: z.optional(
      z.nullable(z.boolean({ error: 'true, false or null' })).check(
        doc({
          description:
            'Whether the widget says how fast the site typically replies (“Typically replies in a few minutes”, from the median first reply of its last 14 days’ conversations; nothing below 5 answered ones): `false` turns it off; null or absent: on. Applies to the next visitor who connects (through another relay of the site, within 15 minutes).',
        }),
      ),
    ),
  })
  .check(doc({ example: { theme: 'auto', position: 'right', prechat: 'optional', replyTime: null } }));

export type WidgetLook = z.output<typeof WidgetLook>;

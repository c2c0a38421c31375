import { WidgetLook } from '@parley/protocol/admin';
import { type Json, body, ok, operation } from '../http/openapi/openapi-parts.js';

/** How the API document describes the widget look's routes (`widget-look-routes.ts` serves them). */
export const widgetLookPaths = (): Record<string, Json> => ({
  '/v1/admin/widget-look': {
    get: operation(
      'The widget’s look',
      'Its theme, its side of the page and its pre-chat form, as the site chose them (null: the widget’s default). With the site’s colour (`brandColor` in the settings) they reach every page through the site’s loader, `/widget.js?site=<site key>`. And `replyTime`: whether a visitor’s welcome says how fast the site typically replies (`false`: never; null: when the relay has a figure).',
      { tag: 'settings', responses: ok('The look.', WidgetLook) },
    ),
    put: operation(
      'Set the widget’s look',
      'Every field, null for the widget’s default (`replyTime` may be left out: null). `replyTime` applies to the next visitor who connects (through another relay, within 15 minutes). Pages that load `/widget.js?site=<site key>` take it on their next load (browsers keep the loader up to 5 minutes); an attribute of the embed code (`data-theme`, `data-position`, `data-prechat`, `data-accent`) still overrides it on its page. Audited (`widget-look.update`).',
      { tag: 'settings', adminOnly: true, requestBody: body(WidgetLook), responses: ok('Saved.', WidgetLook) },
    ),
  },
});

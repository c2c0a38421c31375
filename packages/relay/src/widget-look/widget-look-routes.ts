import { WidgetLook } from '@parley/protocol/admin';
import { ApiError } from '../http/admin-http.js';
import { adminRoute, audit, type AdminRoute, type Call } from '../features/admin-routes/admin-route.js';
import { ok } from '../http/openapi/openapi-parts.js';
import type { WidgetLooks } from './widget-looks.js';

function looksOf(call: Call): WidgetLooks {
  const looks = call.use('widget-look');
  if (!looks) throw new ApiError('not_found', 'The widget look is not part of this relay.');
  return looks;
}

/** The site's widget look (the widget README, "The site's look, from the inbox"): any member reads it, admins change it. */
export const widgetLookRoutes: readonly AdminRoute[] = [
  adminRoute({
    method: 'GET',
    path: '/v1/admin/widget-look',
    doc: {
      summary: 'The widget’s look',
      description:
        'Its theme, its side of the page and its pre-chat form, as the site chose them (null: the widget’s default). With the site’s colour (`brandColor` in the settings) they reach every page through the site’s loader, `/widget.js?site=<site key>`. And `replyTime`: whether a visitor’s welcome says how fast the site typically replies (`false`: never; null: when the relay has a figure).',
      tag: 'settings',
      responses: ok('The look.', WidgetLook),
    },
    run: async (call) => ({ status: 200, body: await looksOf(call).get(call.site.id) }),
  }),
  adminRoute({
    method: 'PUT',
    path: '/v1/admin/widget-look',
    permission: 'settings.manage',
    requestBody: WidgetLook,
    doc: {
      summary: 'Set the widget’s look',
      description:
        'Every field, null for the widget’s default (`replyTime` may be left out: null). `replyTime` applies to the next visitor who connects (through another relay, within 15 minutes). Pages that load `/widget.js?site=<site key>` take it on their next load (browsers keep the loader up to 5 minutes); an attribute of the embed code (`data-theme`, `data-position`, `data-prechat`, `data-accent`) still overrides it on its page. Audited (`widget-look.update`).',
      tag: 'settings',
      responses: ok('Saved.', WidgetLook),
    },
    run: async (call) => {
      const looks = looksOf(call);
      const look = await looks.put(call.site.id, call.body);
      // The reply-time line follows at once on this relay (other relays read the look when they next refresh).
      call.core.siteSettingsChanged(call.site.id, 'widget-look', look);
      await audit(call, 'widget-look.update', 'site', call.site.id, { ...look });
      return { status: 200, body: look };
    },
  }),
];

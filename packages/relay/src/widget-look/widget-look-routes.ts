import { WidgetLook } from '@parley/protocol/admin';
import { ApiError, parseBody } from '../http/admin-http.js';
import { audit, type AdminRoute, type Call } from '../http/admin-routes/admin-route.js';
import type { WidgetLooks } from './widget-looks.js';

function looksOf(call: Call): WidgetLooks {
  const looks = call.use('widget-look');
  if (!looks) throw new ApiError('not_found', 'The widget look is not part of this relay.');
  return looks;
}

/** The site's widget look (the widget README, "The site's look, from the inbox"): any member reads it, admins change it. */
export const widgetLookRoutes: readonly AdminRoute[] = [
  {
    method: 'GET',
    path: '/v1/admin/widget-look',
    run: async (call) => ({ status: 200, body: await looksOf(call).get(call.site.id) }),
  },
  {
    method: 'PUT',
    path: '/v1/admin/widget-look',
    permission: 'settings.manage',
    requestBody: WidgetLook,
    run: async (call) => {
      const looks = looksOf(call);
      const look = await looks.put(call.site.id, await parseBody(call.request, WidgetLook));
      // The reply-time line follows at once on this relay (other relays read the look when they next refresh).
      call.core.siteSettingsChanged(call.site.id, 'widget-look', look);
      await audit(call, 'widget-look.update', 'site', call.site.id, { ...look });
      return { status: 200, body: look };
    },
  },
];

import { type NotificationSettings, NotificationsPatch } from '@parley/protocol/admin';
import type { StaffEmailView } from './email-feature.js';
import { ApiError, parseBody } from '../http/admin-http.js';
import { audit, type AdminRoute, type Call } from '../http/admin-routes/admin-route.js';

/** The settings of `staffId`, `not_found` when the site has no such active member. */
async function read(call: Call, staffId: string): Promise<StaffEmailView & NotificationSettings> {
  const settings = await call.use('email')?.staffSettings(call.site.id, staffId);
  if (!settings) throw new ApiError('not_found', 'No such staff member on this site.');
  return settings;
}

async function update(call: Call, staffId: string): Promise<StaffEmailView & NotificationSettings> {
  const patch = await parseBody(call.request, NotificationsPatch);
  const email = patch.email === undefined || patch.email === null ? patch.email : patch.email.trim();
  if (patch.notify === true && email === null)
    throw new ApiError('bad_request', 'Invalid body.notify: notifications need an email.');
  const current = await read(call, staffId);
  if ((patch.notify ?? current.notify) && (email === undefined ? current.email : email) === null)
    throw new ApiError('bad_request', 'Invalid body.notify: set an email first.');
  const settings = await call.use('email')!.updateStaffSettings(call.site.id, staffId, { email, notify: patch.notify });
  if (!settings) throw new ApiError('not_found', 'No such staff member on this site.');
  // The address itself stays out of the audit log.
  await audit(call, 'staff.notifications.update', 'staff', staffId, {
    ...(patch.notify !== undefined ? { notify: patch.notify } : {}),
    ...(email !== undefined ? { email: email === null ? 'removed' : 'set' } : {}),
  });
  return settings;
}

/**
 * Routes of staff members' email notifications: each member reads and changes their own (`/me/notifications`,
 * the inbox's "Email notifications" page); admins those of anyone on the site (`/tokens/{id}/notifications`).
 */
export const notificationRoutes: readonly AdminRoute[] = [
  {
    method: 'GET',
    path: '/v1/admin/me/notifications',
    run: async (call) => ({ status: 200, body: await read(call, call.staff.id) }),
  },
  {
    method: 'PATCH',
    path: '/v1/admin/me/notifications',
    requestBody: NotificationsPatch,
    run: async (call) => ({ status: 200, body: await update(call, call.staff.id) }),
  },
  {
    method: 'GET',
    path: '/v1/admin/tokens/{id}/notifications',
    permission: 'webhooks.manage',
    run: async (call) => ({ status: 200, body: await read(call, call.params.id!) }),
  },
  {
    method: 'PATCH',
    path: '/v1/admin/tokens/{id}/notifications',
    permission: 'webhooks.manage',
    requestBody: NotificationsPatch,
    run: async (call) => ({ status: 200, body: await update(call, call.params.id!) }),
  },
];

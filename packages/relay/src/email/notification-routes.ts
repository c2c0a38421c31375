import { NotificationSettings, NotificationsPatch } from '@parley/protocol/admin';
import type { StaffEmailView } from './email-feature.js';
import { ApiError } from '../http/admin-http.js';
import { adminRoute, audit, type AdminRoute, type Call } from '../features/admin-routes/admin-route.js';
import { ok } from '../http/openapi/openapi-parts.js';

/** The settings of `staffId`, `not_found` when the site has no such active member. */
async function read(call: Call, staffId: string): Promise<StaffEmailView & NotificationSettings> {
  const settings = await call.use('email')?.staffSettings(call.site.id, staffId);
  if (!settings) throw new ApiError('not_found', 'No such staff member on this site.');
  return settings;
}

async function update(call: Call<NotificationsPatch>, staffId: string): Promise<StaffEmailView & NotificationSettings> {
  const patch = call.body;
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

const selfDescription =
  'Any staff member, for themself. Changes are in the audit log (`staff.notifications.update`, without the address).';

const anyoneDescription = 'As `/v1/admin/me/notifications`, for anyone on the site.';

/**
 * Routes of staff members' email notifications: each member reads and changes their own (`/me/notifications`,
 * the inbox's "Email notifications" page); admins those of anyone on the site (`/tokens/{id}/notifications`).
 */
export const notificationRoutes: readonly AdminRoute[] = [
  adminRoute({
    method: 'GET',
    path: '/v1/admin/me/notifications',
    doc: {
      summary: 'My email notifications',
      description: selfDescription,
      tag: 'notifications',
      responses: ok('The settings.', NotificationSettings),
    },
    run: async (call) => ({ status: 200, body: await read(call, call.staff.id) }),
  }),
  adminRoute({
    method: 'PATCH',
    path: '/v1/admin/me/notifications',
    requestBody: NotificationsPatch,
    doc: {
      summary: 'Change my email notifications',
      description: selfDescription,
      tag: 'notifications',
      responses: ok('The settings now.', NotificationSettings),
    },
    run: async (call) => ({ status: 200, body: await update(call, call.staff.id) }),
  }),
  adminRoute({
    method: 'GET',
    path: '/v1/admin/tokens/{id}/notifications',
    permission: 'webhooks.manage',
    resource: 'staff',
    doc: {
      summary: 'A staff member’s email notifications',
      description: anyoneDescription,
      tag: 'notifications',
      responses: ok('The settings.', NotificationSettings),
    },
    run: async (call) => ({ status: 200, body: await read(call, call.params.id!) }),
  }),
  adminRoute({
    method: 'PATCH',
    path: '/v1/admin/tokens/{id}/notifications',
    permission: 'webhooks.manage',
    resource: 'staff',
    requestBody: NotificationsPatch,
    doc: {
      summary: 'Change a staff member’s email notifications',
      description: anyoneDescription,
      tag: 'notifications',
      responses: ok('The settings now.', NotificationSettings),
    },
    run: async (call) => ({ status: 200, body: await update(call, call.params.id!) }),
  }),
];

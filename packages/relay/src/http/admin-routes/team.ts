import * as z from 'zod/mini';
import { hashToken, randomId, randomToken } from '../../auth/tokens.js';
import type { Staff } from '../../store/store.js';
import { ApiError, parseBody } from '../admin-http.js';
import { audit, type AdminRoute } from './admin-route.js';

const TokenBody = z.object({
  name: z.string().check(z.minLength(1), z.maxLength(120)),
  role: z.enum(['admin', 'agent']),
});

/** Routes of the team: staff tokens (created, listed, revoked). */
export const teamRoutes: readonly AdminRoute[] = [
  {
    method: 'GET',
    path: '/v1/admin/tokens',
    adminOnly: true,
    run: async (call) => ({ status: 200, body: { items: await call.admin.store.listStaff(call.site.id) } }),
  },
  {
    method: 'POST',
    path: '/v1/admin/tokens',
    adminOnly: true,
    run: async (call) => {
      const body = await parseBody(call.request, TokenBody);
      const token = randomToken('st', 32);
      const staff: Staff = {
        id: randomId('staff'),
        siteId: call.site.id,
        name: body.name,
        role: body.role,
        tokenHash: hashToken(token),
        createdAt: call.now,
        revokedAt: null,
      };
      await call.core.store.createStaff(staff);
      await audit(call, 'token.create', 'staff', staff.id, { name: staff.name, role: staff.role });
      return {
        status: 201,
        body: { id: staff.id, name: staff.name, role: staff.role, createdAt: staff.createdAt, token },
      };
    },
  },
  {
    method: 'DELETE',
    path: '/v1/admin/tokens/{id}',
    adminOnly: true,
    run: async (call) => {
      await call.request.body;
      if (call.params.id === call.staff.id)
        throw new ApiError('conflict', 'You cannot revoke the token you are using; use another admin token.');
      if (!(await call.admin.store.revokeStaff(call.site.id, call.params.id!, call.now)))
        throw new ApiError('not_found', 'No such active token on this site.');
      const closed = call.admin.closeStaffSockets(call.params.id!);
      await audit(call, 'token.revoke', 'staff', call.params.id!, { socketsClosed: closed });
      return { status: 204 };
    },
  },
];

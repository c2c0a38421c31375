import { CannedCreate, CannedPatch, type CannedResponse } from '@parley/protocol/admin';
import { randomId } from '../../auth/tokens.js';
import { ApiError, parseBody } from '../../http/admin-http.js';
import { audit, type AdminRoute } from '../../http/admin-routes/admin-route.js';

/** Routes of canned responses (saved replies, inserted with `/` in the inbox). */
export const cannedResponseRoutes: readonly AdminRoute[] = [
  {
    method: 'GET',
    path: '/v1/admin/canned-responses',
    run: async (call) => ({
      status: 200,
      body: { items: (await call.admin.repos.canned.listCanned(call.site.id)) satisfies CannedResponse[] },
    }),
  },
  {
    method: 'POST',
    path: '/v1/admin/canned-responses',
    requestBody: CannedCreate,
    run: async (call) => {
      const body = await parseBody(call.request, CannedCreate);
      const created = await call.admin.repos.canned.createCanned(call.site.id, {
        id: randomId('cr'),
        shortcut: body.shortcut,
        text: body.text,
        createdAt: call.now,
        updatedAt: call.now,
      });
      if (!created) throw new ApiError('conflict', `The shortcut "${body.shortcut}" is taken.`);
      await audit(call, 'canned.create', 'canned_response', created.id, { shortcut: created.shortcut });
      call.admin.publishCanned(call.site.id, { response: created });
      return { status: 201, body: created satisfies CannedResponse };
    },
  },
  {
    method: 'PATCH',
    path: '/v1/admin/canned-responses/{id}',
    requestBody: CannedPatch,
    run: async (call) => {
      const body = await parseBody(call.request, CannedPatch);
      const updated = await call.admin.repos.canned.updateCanned(call.site.id, call.params.id!, body, call.now);
      if (updated === undefined) throw new ApiError('not_found', 'No such canned response on this site.');
      if (updated === 'conflict') throw new ApiError('conflict', 'That shortcut is taken.');
      await audit(call, 'canned.update', 'canned_response', updated.id, { shortcut: updated.shortcut });
      call.admin.publishCanned(call.site.id, { response: updated });
      return { status: 200, body: updated satisfies CannedResponse };
    },
  },
  {
    method: 'DELETE',
    path: '/v1/admin/canned-responses/{id}',
    run: async (call) => {
      await call.request.body;
      if (!(await call.admin.repos.canned.deleteCanned(call.site.id, call.params.id!)))
        throw new ApiError('not_found', 'No such canned response on this site.');
      await audit(call, 'canned.delete', 'canned_response', call.params.id!);
      call.admin.publishCanned(call.site.id, { deleted: call.params.id! });
      return { status: 204 };
    },
  },
];

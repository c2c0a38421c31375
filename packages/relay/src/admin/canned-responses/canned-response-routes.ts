import { CannedCreate, CannedPatch, CannedResponse, CannedResponseList } from '@parley/protocol/admin';
import { randomId } from '../../auth/tokens.js';
import { ApiError } from '../../http/admin-http.js';
import { adminRoute, audit, type AdminRoute } from '../../features/admin-routes/admin-route.js';
import { ok } from '../../http/openapi/openapi-parts.js';

/** Routes of canned responses (saved replies, inserted with `/` in the inbox). */
export const cannedResponseRoutes: readonly AdminRoute[] = [
  adminRoute({
    method: 'GET',
    path: '/v1/admin/canned-responses',
    doc: {
      summary: 'Canned responses',
      description: 'Sorted by shortcut.',
      tag: 'canned responses',
      responses: ok('Canned responses.', CannedResponseList),
    },
    run: async (call) => ({
      status: 200,
      body: { items: (await call.admin.repos.canned.listCanned(call.site.id)) satisfies CannedResponse[] },
    }),
  }),
  adminRoute({
    method: 'POST',
    path: '/v1/admin/canned-responses',
    requestBody: CannedCreate,
    doc: {
      summary: 'Create a canned response',
      description: 'Shortcuts are unique per site.',
      tag: 'canned responses',
      conflict: true,
      responses: ok('Created.', CannedResponse, '201'),
    },
    run: async (call) => {
      const body = call.body;
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
  }),
  adminRoute({
    method: 'PATCH',
    path: '/v1/admin/canned-responses/{id}',
    resource: 'canned response',
    requestBody: CannedPatch,
    doc: {
      summary: 'Change a canned response',
      description: 'Shortcut and/or text.',
      tag: 'canned responses',
      conflict: true,
      responses: ok('Changed.', CannedResponse),
    },
    run: async (call) => {
      const updated = await call.admin.repos.canned.updateCanned(call.site.id, call.params.id!, call.body, call.now);
      if (updated === undefined) throw new ApiError('not_found', 'No such canned response on this site.');
      if (updated === 'conflict') throw new ApiError('conflict', 'That shortcut is taken.');
      await audit(call, 'canned.update', 'canned_response', updated.id, { shortcut: updated.shortcut });
      call.admin.publishCanned(call.site.id, { response: updated });
      return { status: 200, body: updated satisfies CannedResponse };
    },
  }),
  adminRoute({
    method: 'DELETE',
    path: '/v1/admin/canned-responses/{id}',
    resource: 'canned response',
    doc: {
      summary: 'Delete a canned response',
      description: 'Gone for every staff member.',
      tag: 'canned responses',
      responses: { '204': { description: 'Deleted.' } },
    },
    run: async (call) => {
      await call.request.body;
      if (!(await call.admin.repos.canned.deleteCanned(call.site.id, call.params.id!)))
        throw new ApiError('not_found', 'No such canned response on this site.');
      await audit(call, 'canned.delete', 'canned_response', call.params.id!);
      call.admin.publishCanned(call.site.id, { deleted: call.params.id! });
      return { status: 204 };
    },
  }),
];

import { scopeCondition } from '../admin/conversation-filters.js';
import { VIEW_LIMITS, ViewCreate, ViewPatch, type ViewList } from '@parley/protocol/admin';
import { ApiError, parseBody } from '../http/admin-http.js';
import { audit, type AdminRoute, type Call } from '../http/admin-routes/admin-route.js';
import { wireView, type SavedViews } from './saved-views.js';
import type { ViewRecord } from './views-repository.js';

function viewsOf(call: Call): SavedViews {
  const views = call.use('views');
  if (!views) throw new ApiError('not_found', 'Saved views are not part of this relay.');
  return views;
}

/** A view the caller may change: their own, or (admins) a shared one; another's personal view is not found. */
async function changeable(call: Call): Promise<ViewRecord> {
  const view = await viewsOf(call).find(call.site.id, call.staff.id, call.params.id!);
  if (!view) throw new ApiError('not_found', 'No such saved view.');
  if (view.shared && !call.permissions.includes('automations.manage'))
    throw new ApiError('forbidden', 'Only an admin may change a shared view.');
  return view;
}

async function countOf(call: Call, view: ViewRecord): Promise<number> {
  const counts = await viewsOf(call).counts(call.site.id, call.staff.id, [view], scopeCondition(call.scope));
  return counts.get(view.id) ?? 0;
}

/** Saved views (docs/views-and-bulk.md): any staff member keeps their own; admins keep the site's shared ones. */
export const viewsRoutes: readonly AdminRoute[] = [
  {
    method: 'GET',
    path: '/v1/admin/views',
    run: async (call) => ({
      status: 200,
      body: {
        items: await viewsOf(call).list(call.site.id, call.staff.id, scopeCondition(call.scope)),
      } satisfies ViewList,
    }),
  },
  {
    method: 'POST',
    path: '/v1/admin/views',
    requestBody: ViewCreate,
    run: async (call) => {
      const body = await parseBody(call.request, ViewCreate);
      const views = viewsOf(call);
      const shared = body.shared ?? false;
      if (shared && !call.permissions.includes('automations.manage'))
        throw new ApiError('forbidden', 'Only an admin may save a shared view; save it as your own.');
      // Every criterion another feature applies holds (an attribute of the site, with a value of its type): 400 before anything.
      await views.criteriaConditions(call.site.id, body.filter);
      if ((await views.repository.countOnSite(call.site.id)) >= VIEW_LIMITS.views)
        throw new ApiError('conflict', `A site keeps at most ${VIEW_LIMITS.views} saved views; delete one first.`);
      const view = views.make(
        call.site.id,
        call.staff.id,
        { name: body.name, filter: body.filter, shared, position: body.position ?? 0 },
        call.now,
      );
      await views.repository.insert(view);
      await audit(call, 'view.create', 'view', view.id, { name: view.name, shared, filter: view.filter });
      return { status: 201, body: wireView(view, await countOf(call, view)) };
    },
  },
  {
    method: 'PATCH',
    path: '/v1/admin/views/{id}',
    requestBody: ViewPatch,
    run: async (call) => {
      const patch = await parseBody(call.request, ViewPatch);
      const before = await changeable(call);
      if (patch.filter !== undefined) await viewsOf(call).criteriaConditions(call.site.id, patch.filter);
      const view: ViewRecord = {
        ...before,
        ...(patch.name !== undefined && { name: patch.name }),
        ...(patch.filter !== undefined && { filter: patch.filter }),
        ...(patch.position !== undefined && { position: patch.position }),
        updatedAt: call.now,
      };
      if (!(await viewsOf(call).repository.update(view))) throw new ApiError('not_found', 'No such saved view.');
      await audit(call, 'view.update', 'view', view.id, { ...patch });
      return { status: 200, body: wireView(view, await countOf(call, view)) };
    },
  },
  {
    method: 'DELETE',
    path: '/v1/admin/views/{id}',
    run: async (call) => {
      await call.request.body;
      const view = await changeable(call);
      if (!(await viewsOf(call).repository.delete(call.site.id, view.id)))
        throw new ApiError('not_found', 'No such saved view.');
      await audit(call, 'view.delete', 'view', view.id, { name: view.name, shared: view.shared });
      return { status: 204 };
    },
  },
];

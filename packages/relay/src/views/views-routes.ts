import { checkChannelChoice, scopeCondition } from '../admin/public.js';
import { SavedView, VIEW_LIMITS, ViewCreate, ViewList, ViewPatch } from '@parley/protocol/admin';
import { ApiError } from '../http/admin-http.js';
import { adminRoute, audit, type AdminRoute, type Call } from '../features/admin-routes/admin-route.js';
import { ok } from '../http/openapi/openapi-parts.js';
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
  adminRoute({
    method: 'GET',
    path: '/v1/admin/views',
    doc: {
      summary: 'Saved views',
      description:
        'The site’s shared views and the caller’s own, in their order, each with how many conversations it shows now (spam aside; `assignee: me` is the caller). The counts are one query for all the views. Show one with `GET /v1/admin/conversations?savedView={id}`.',
      tag: 'conversations',
      responses: ok('The views.', ViewList),
    },
    run: async (call) => ({
      status: 200,
      body: {
        items: await viewsOf(call).list(call.site.id, call.staff.id, scopeCondition(call.scope)),
      } satisfies ViewList,
    }),
  }),
  adminRoute({
    method: 'POST',
    path: '/v1/admin/views',
    requestBody: ViewCreate,
    doc: {
      summary: 'Save a view',
      description:
        'A named filter of the conversation list: status, assignee (`me`, `none`, a staff id), team, labels (all of them), channel. `shared: true` makes it the site’s (admins only: agents get 403 `forbidden`); otherwise it is the caller’s own. A site keeps at most 100 views (409 `conflict`).',
      tag: 'conversations',
      conflict: true,
      responses: ok('Saved.', SavedView, '201'),
    },
    run: async (call) => {
      const body = call.body;
      const views = viewsOf(call);
      const shared = body.shared ?? false;
      if (shared && !call.permissions.includes('automations.manage'))
        throw new ApiError('forbidden', 'Only an admin may save a shared view; save it as your own.');
      // Every criterion another feature applies holds (an attribute of the site, with a value of its type): 400 before anything.
      await views.criteriaConditions(call.site.id, body.filter);
      if (body.filter.channel !== undefined)
        checkChannelChoice(call.admin.channelProviders, body.filter.channel, 'body.filter.channel');
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
  }),
  adminRoute({
    method: 'PATCH',
    path: '/v1/admin/views/{id}',
    resource: 'view',
    requestBody: ViewPatch,
    doc: {
      summary: 'Rename or change a saved view',
      description:
        'Its name, filter or place. One’s own view, or (admins) a shared one: agents get 403 `forbidden` for a shared view; another’s personal view is 404.',
      tag: 'conversations',
      responses: ok('Changed.', SavedView),
    },
    run: async (call) => {
      const patch = call.body;
      const before = await changeable(call);
      if (patch.filter !== undefined) await viewsOf(call).criteriaConditions(call.site.id, patch.filter);
      if (patch.filter?.channel !== undefined)
        checkChannelChoice(call.admin.channelProviders, patch.filter.channel, 'body.filter.channel');
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
  }),
  adminRoute({
    method: 'DELETE',
    path: '/v1/admin/views/{id}',
    resource: 'view',
    doc: {
      summary: 'Delete a saved view',
      description: 'Who may: as for a change.',
      tag: 'conversations',
      responses: { '204': { description: 'Deleted.' } },
    },
    run: async (call) => {
      await call.request.body;
      const view = await changeable(call);
      if (!(await viewsOf(call).repository.delete(call.site.id, view.id)))
        throw new ApiError('not_found', 'No such saved view.');
      await audit(call, 'view.delete', 'view', view.id, { name: view.name, shared: view.shared });
      return { status: 204 };
    },
  }),
];

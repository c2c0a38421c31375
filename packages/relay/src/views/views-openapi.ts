import { SavedView, ViewCreate, ViewList, ViewPatch } from '@parley/protocol/admin';
import { type Json, body, idParam, ok, operation } from '../http/openapi/openapi-parts.js';

/** How the API document describes saved views' routes (`views-routes.ts` serves them). */
export const viewsPaths = (): Record<string, Json> => ({
  '/v1/admin/views': {
    get: operation(
      'Saved views',
      'The site’s shared views and the caller’s own, in their order, each with how many conversations it shows now (spam aside; `assignee: me` is the caller). The counts are one query for all the views. Show one with `GET /v1/admin/conversations?savedView={id}`.',
      { tag: 'conversations', responses: ok('The views.', ViewList) },
    ),
    post: operation(
      'Save a view',
      'A named filter of the conversation list: status, assignee (`me`, `none`, a staff id), team, labels (all of them), channel. `shared: true` makes it the site’s (admins only: agents get 403 `forbidden`); otherwise it is the caller’s own. A site keeps at most 100 views (409 `conflict`).',
      {
        tag: 'conversations',
        requestBody: body(ViewCreate),
        conflict: true,
        responses: ok('Saved.', SavedView, '201'),
      },
    ),
  },
  '/v1/admin/views/{id}': {
    patch: operation(
      'Rename or change a saved view',
      'Its name, filter or place. One’s own view, or (admins) a shared one: agents get 403 `forbidden` for a shared view; another’s personal view is 404.',
      {
        tag: 'conversations',
        parameters: [idParam('view')],
        requestBody: body(ViewPatch),
        notFound: true,
        responses: ok('Changed.', SavedView),
      },
    ),
    delete: operation('Delete a saved view', 'Who may: as for a change.', {
      tag: 'conversations',
      parameters: [idParam('view')],
      notFound: true,
      responses: { '204': { description: 'Deleted.' } },
    }),
  },
});

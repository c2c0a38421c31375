import createClient from 'openapi-fetch';
// Written by the build from the published document (scripts/bundle.mjs); `npm run typecheck` compiles this file
// against it, so a route whose shape the document misstates fails here or in test/api-client.test.ts.
import type { paths } from './parley-api.generated.js';

/** What {@link drive} saw, for the test to check. */
export interface Drive {
  me: { siteId: string; role: string };
  created: { id: string; shortcut: string };
  renamed: string;
  listed: string[];
  missing: { status: number; code: string };
  refused: { status: number; message: string };
  deleted: number;
}

/**
 * Calls a few of the admin API's routes as a team's own code would, through a client generated from the API document
 * (openapi-typescript's types, openapi-fetch's calls): who am I, a canned response made, renamed, listed and deleted,
 * a conversation that does not exist, a body with an unknown field.
 */
export async function drive(baseUrl: string, token: string): Promise<Drive> {
  const client = createClient<paths>({ baseUrl, headers: { authorization: `Bearer ${token}` } });
  const me = await client.GET('/v1/admin/me');
  if (!me.data) throw new Error(`GET /v1/admin/me answered ${me.response.status}`);
  const created = await client.POST('/v1/admin/canned-responses', {
    body: { shortcut: 'refund', text: 'Your refund is on its way.' },
  });
  if (!created.data) throw new Error(`POST /v1/admin/canned-responses answered ${created.response.status}`);
  const renamed = await client.PATCH('/v1/admin/canned-responses/{id}', {
    params: { path: { id: created.data.id } },
    body: { text: 'Your refund left today.' },
  });
  if (!renamed.data) throw new Error(`PATCH answered ${renamed.response.status}`);
  const listed = await client.GET('/v1/admin/canned-responses');
  const missing = await client.GET('/v1/admin/conversations/{id}', { params: { path: { id: 'c_nobody' } } });
  const refused = await client.POST('/v1/admin/canned-responses', {
    // A field the route does not know: refused, naming it (the document says bodies are strict).
    body: { shortcut: 'x', text: 'y', colour: 'red' } as { shortcut: string; text: string },
  });
  const deleted = await client.DELETE('/v1/admin/canned-responses/{id}', { params: { path: { id: created.data.id } } });
  return {
    me: { siteId: me.data.site.id, role: me.data.role },
    created: { id: created.data.id, shortcut: created.data.shortcut },
    renamed: renamed.data.text,
    listed: (listed.data?.items ?? []).map((item) => item.shortcut),
    missing: { status: missing.response.status, code: missing.error?.error.code ?? '' },
    refused: { status: refused.response.status, message: refused.error?.error.message ?? '' },
    deleted: deleted.response.status,
  };
}

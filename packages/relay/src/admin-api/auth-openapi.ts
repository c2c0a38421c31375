import { Session } from '@parley/protocol/admin';
import type * as z from 'zod/mini';
import type { RouteDoc } from '../features/admin-routes/admin-route.js';
import { type Json, answer, body, errorRef, errorResponse, idParam } from '../http/openapi/openapi-parts.js';

/**
 * What the API document says of every `/v1/auth/*` operation, and the answers several share. Each route's own prose
 * is its `doc` in `../auth-api.ts`; `../admin-openapi.ts` makes the operations from the route table.
 */

const limited = errorRef('RateLimited');
const refusedOrigin = errorResponse(
  '`csrf_refused`: a page of another origin (and, signed in, a change without `X-Parley-CSRF`).',
);
const noSession = errorResponse('`unauthorized`: no live session (the cookie is cleared).');

/** A one-time link's refusal once spent: the setup link, an invitation, a reset link. */
export const linkGone = errorResponse('The link was used already (`link_used`) or has expired (`link_expired`).');

/** A signed-in answer: the session, and its cookie. */
export const session = (description: string): Record<string, Json> => ({
  '200': {
    ...(answer(description, Session) as Record<string, Json>),
    headers: {
      'set-cookie': {
        schema: { type: 'string' },
        description: '`__Host-parley_session=…; Path=/; HttpOnly; Secure; SameSite=Strict; Max-Age=2592000`',
      },
    },
  },
});

/** What an account route's operation is made from (`AuthRoute` of `../auth-api.ts`). */
export interface AccountOperation {
  /** `session`: the session cookie is needed; `public`: anyone, limited per address. */
  readonly access: 'public' | 'session';
  /** What the path's `{id}` names: its parameter comes first, and 404 is implied. */
  readonly resource?: string;
  readonly requestBody?: z.ZodMiniType;
  readonly doc: RouteDoc;
}

/**
 * An operation of `/v1/auth/*`: signed-in ones need the session cookie, the others are public. Besides its own
 * answers, every one may answer 400, 403 (a page of another origin), 429 and, signed in, 401: these are always the
 * shared ones, but for a route whose own 403 says its refusals beside the origin's.
 */
export function accountOperation(route: AccountOperation): Json {
  const { summary, description, tag, parameters, responses, notFound, conflict } = route.doc;
  const signedIn = route.access === 'session';
  const all = [...(route.resource !== undefined ? [idParam(route.resource)] : []), ...(parameters ?? [])];
  return {
    summary,
    description: `${description}\n\nNever cached (\`cache-control: no-store\`).${
      signedIn
        ? ' Signed in: the session cookie; a change also needs `X-Parley-CSRF` and the inbox’s `Origin`.'
        : ' Public: limited per address.'
    }`,
    tags: [tag],
    security: signedIn ? [{ sessionCookie: [] }] : [],
    'x-admin-only': false,
    ...(all.length > 0 ? { parameters: all } : {}),
    ...(route.requestBody ? { requestBody: body(route.requestBody) } : {}),
    responses: {
      ...responses,
      ...((notFound ?? route.resource !== undefined) ? { '404': errorRef('NotFound') } : {}),
      ...(conflict ? { '409': errorRef('Conflict') } : {}),
      '400': errorRef('BadRequest'),
      // A route with refusals of its own says them beside the origin's.
      '403': responses['403'] ?? refusedOrigin,
      '429': limited,
      ...(signedIn ? { '401': noSession } : {}),
    },
  };
}

import * as z from 'zod/mini';
import type { Permission } from '@parley/protocol/admin';
import type { Desk } from '../desk.js';
import type { ChatCore } from '../../core/chat-core.js';
import { scopeCondition, sees, type StaffScope } from '../../core/staff-scope.js';
import type { ConversationRecord } from '../../store/admin-store.js';
import type { Site, Staff } from '../../store/store.js';
import type { Account, AuthSession } from '../../store/account-store.js';
import type { Accounts } from '../../auth/accounts.js';
import type { UseFeature } from '../feature-instances.js';
import type { ExtensionPoint } from '../extension-point.js';
import type { Json } from '../../http/openapi/schema-json.js';
import { ApiError, type AdminRequest, type Reply } from '../../http/admin-http.js';
import type { ParsedQuery, QueryParams } from './route-query.js';

/**
 * What every admin route is made of. A route is one object (ADR docs/decisions/2026-11-29-routes-as-objects.md):
 * its method and path, who may call it, the body it takes (the router parses it before the handler runs), what the
 * API document says of it, and its handler. A feature exports its routes from its folder (`adminRoutes`, see
 * features/feature.ts); the published document (../admin-openapi.ts) and the authorization matrix test are made from
 * them.
 */

/**
 * What a route handler works with: the core and the admin feature, the authenticated staff member, their site, the
 * request and its body, parsed by the route's `requestBody`.
 */
export interface Call<Body = unknown, Query = Readonly<Record<string, unknown>>> {
  readonly core: ChatCore;
  readonly admin: Desk;
  /** Another feature's running part (`call.use('routing')`); `undefined` when it is not part of this relay. */
  readonly use: UseFeature;
  /** The relay's public origin (`PublicOrigin`, never the request's `Host`): signed addresses of files, invitation links. */
  readonly baseUrl: string;
  /**
   * The origin links sent by email are built on (`PublicOrigin.forEmail`), or undefined when none may be emailed:
   * a relay reachable from elsewhere without `PARLEY_PUBLIC_URL`.
   */
  readonly emailBaseUrl: string | undefined;
  readonly staff: Staff;
  readonly site: Site;
  /** Which of the site's conversations the caller may see (issue #41): every route that reaches one checks it. */
  readonly scope: StaffScope;
  /** What the caller may do on the site (their role's permissions, or an API token's by its scopes). */
  readonly permissions: readonly Permission[];
  /** The signed-in account, when the caller is a browser session (not an API token). */
  readonly account: Account | undefined;
  readonly session: AuthSession | undefined;
  /** Staff accounts (absent when the relay runs without them: tests of the admin API alone). */
  readonly accounts: Accounts | undefined;
  readonly request: AdminRequest;
  readonly params: Readonly<Record<string, string>>;
  /**
   * The JSON body, parsed by the route's `requestBody` before the handler runs (strict: an unknown field is refused,
   * naming it); `undefined` for a route that takes none.
   */
  readonly body: Body;
  /**
   * The query parameters, parsed by the route's `query` before the handler runs (a parameter it does not declare is
   * refused, naming it); empty for a route that declares none.
   */
  readonly query: Query;
  readonly now: number;
}

/**
 * What the API document says of a route: its operation's prose and answers. Its body, its `{id}` parameter, its
 * permission and whether agents are refused it come from the route itself.
 */
export interface RouteDoc {
  readonly summary: string;
  /** What a caller needs to know, in Markdown; the permission is added to it. */
  readonly description: string;
  /** The document's tag it is listed under (an area of the desk's, or its feature's `apiTag`). */
  readonly tag: string;
  /** Its path parameters other than `{id}`; its query parameters come from the route's `query`. */
  readonly parameters?: readonly Json[];
  /** Its successful answers by status (`ok(…)`); the errors every route answers are added. */
  readonly responses: Readonly<Record<string, Json>>;
  /** It may answer 404 `not_found` (implied by an `{id}`). */
  readonly notFound?: boolean;
  /** It may answer 409 `conflict`. */
  readonly conflict?: boolean;
  /**
   * Its action's name in its `operationId` (`<feature>.<action>`), when the one derived from its method and path would
   * clash with another's (http/openapi/operation-ids.ts); the document refuses a duplicate at build time.
   */
  readonly operationId?: string;
}

/** One admin route: the OpenAPI path template (`{id}` segments), who may call it, the body it takes, its prose, its handler. */
export interface AdminRoute<Body = unknown, Query extends QueryParams = QueryParams> {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  readonly path: string;
  /**
   * The permission it takes (docs/accounts.md "Roles and permissions"). Absent: its feature's `permission`, when the
   * feature declares one, else none; `null`: every member of the site, whatever the feature's. The admin API's frame
   * checks it before the handler runs: a caller without it gets 403 `forbidden`.
   */
  readonly permission?: Permission | null;
  /**
   * What the path's `{id}` names ("conversation", "canned response"): the document's parameter says so ("The
   * conversation id.") and the authorization matrix fills it with one of that kind.
   */
  readonly resource?: string;
  /**
   * The JSON body it takes, a schema of the admin API's contract (`@parley/protocol/admin`): the router parses the
   * body with it (strict) before the handler runs, the document shows it, and its `example` is what the
   * authorization matrix sends.
   */
  readonly requestBody?: z.ZodMiniType<Body>;
  /**
   * The query parameters it takes, by name (`route-query.ts`: `text`, `flag`, `millis`, `seq`, `pageSize`,
   * `cursor`): the router parses each before the handler runs (after authorization, like the body) into `call.query`
   * and refuses a parameter not declared here, naming it; the document lists them. A route without one reads no
   * query (its query string is not looked at).
   */
  readonly query?: Query;
  /**
   * Where other features add parameters to its query (the conversation list's filters): the parameters contributed
   * to `point` are taken too (parsed, refused when unknown, documented like its own), placed before its parameter
   * `before` (a page's own `cursor` and `limit` come last). Its handler reads them from the request (`rawQuery`), as
   * the contributing features' running parts do. The route table (`adminRoutesOf`) merges them in.
   */
  readonly queryPoint?: { readonly point: ExtensionPoint<QueryParams>; readonly before: string };
  /** Also takes from the stricter export bucket. */
  readonly exportLimit?: boolean;
  /**
   * Who may call it beyond its permission (only the relay's operator may manage sites): throws `forbidden`. The
   * router runs it with the permission's check, before the body is parsed, so a caller it refuses learns nothing from
   * a body's refusal.
   */
  allows?(call: Call<undefined>): void;
  /** What the API document says of it (a route without one is described by its feature's `apiPaths`). */
  readonly doc?: RouteDoc;
  run(call: Call<Body, ParsedQuery<Query>>): Promise<Reply>;
}

/**
 * A route, with its handler's `call.body` typed by its `requestBody` and `call.query` by its `query`:
 * `adminRoute({ method: 'PUT', path, requestBody: SnoozeBody, doc, run: async (call) => … call.body.until … })`.
 */
export function adminRoute<Body = undefined, Query extends QueryParams = Record<never, never>>(
  route: AdminRoute<Body, Query>,
): AdminRoute {
  return route as unknown as AdminRoute;
}

// ---- helpers shared by the route files (the query's parsers are route-query.ts's) ------------------------------

/** The conversation named by the path's `{id}` on the caller's site; `not_found` when there is none they may see. */
export async function conversationOr404(call: Call): Promise<ConversationRecord> {
  return visibleOr404(call, await call.admin.repos.conversations.getConversation(call.site.id, call.params.id!));
}

/**
 * `found`, when the caller may see it; `not_found` otherwise (absent, or one they may not see: its existence is not
 * theirs to learn).
 */
export function visibleOr404(call: Pick<Call, 'scope'>, found: ConversationRecord | undefined): ConversationRecord {
  if (!found || !sees(call.scope, found)) throw new ApiError('not_found', 'No such conversation on this site.');
  return found;
}

/** Which of `ids` (the site's conversations) the caller may see; `undefined` when they see all. */
export async function visibleIds(call: Call, ids: readonly string[]): Promise<ReadonlySet<string> | undefined> {
  const condition = scopeCondition(call.scope);
  if (!condition) return undefined;
  if (ids.length === 0) return new Set();
  return call.admin.repos.conversations.conversationsMatching(call.site.id, ids, condition);
}

/** Records an admin action in the site's audit log. */
export async function audit(
  call: Call,
  action: string,
  targetType: string,
  targetId: string,
  details: Record<string, unknown> = {},
): Promise<void> {
  await call.admin.repos.audit.appendAudit({
    siteId: call.site.id,
    at: call.now,
    actorId: call.staff.id,
    actorName: call.staff.name,
    action,
    targetType,
    targetId,
    details,
  });
}

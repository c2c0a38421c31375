import * as z from 'zod/mini';
import type { Permission } from '@parley/protocol/admin';
import type { AdminServices } from '../../admin/admin-services.js';
import type { ChatCore } from '../../core/chat-core.js';
import { sees, type StaffScope } from '../../core/staff-scope.js';
import { scopeCondition } from '../../admin/conversation-filters.js';
import type { ActivityCursor, ConversationRecord } from '../../store/admin-store.js';
import type { Site, Staff } from '../../store/store.js';
import type { Account, AuthSession } from '../../store/account-store.js';
import type { Accounts } from '../../auth/accounts.js';
import type { UseFeature } from '../../features/feature-instances.js';
import { ApiError, type AdminRequest, type Reply } from '../admin-http.js';

/**
 * What every admin route is made of. An area of the admin API is one file in this folder that exports its
 * routes (`export const xRoutes: readonly AdminRoute[]`), given by the feature it belongs to (`adminRoutes`, see
 * features/feature.ts) and described in ../admin-openapi.ts.
 */

/** What a route handler works with: the core and the admin feature, the authenticated staff member, their site, the request. */
export interface Call {
  readonly core: ChatCore;
  readonly admin: AdminServices;
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
  readonly now: number;
}

/** One admin route: the OpenAPI path template (`{id}` segments), who may call it, and its handler. */
export interface AdminRoute {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  readonly path: string;
  /**
   * The permission it takes (docs/accounts.md "Roles and permissions"); absent when every member may call it. The
   * admin API's frame checks it before the handler runs: a caller without it gets 403 `forbidden`.
   */
  readonly permission?: Permission;
  /**
   * The JSON body it takes, a schema of the admin API's contract (`@parley/protocol/admin`): the handler parses
   * with it, the OpenAPI document shows it, and its `example` is what the authorization matrix sends.
   */
  readonly requestBody?: z.ZodMiniType;
  /** Also takes from the stricter export bucket. */
  readonly exportLimit?: boolean;
  readonly run: (call: Call) => Promise<Reply>;
}

// ---- schemas and helpers shared by the route files ---------------------------------------------------------

// The contract's shared schemas, for the route files that still declare their own.
export { Id, Label, Text } from '@parley/protocol/admin';

/** The query string as a plain object, for checking with a schema. */
export function queryObject(request: AdminRequest): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of request.query) out[key] = value;
  return out;
}

/** A time in the query (`?from=`, `?to=`, the mentions' `?before=`): milliseconds since 1970, at most 15 digits. */
export const QueryMillis = z.string().check(z.regex(/^\d{1,15}$/, { error: 'milliseconds since 1970 (digits)' }));
/**
 * A position in a list numbered by its rows, from the last page (`?cursor=` of the outbox, the webhooks' deliveries
 * and the audit log; `?before=` of a conversation's messages): at most 15 digits, so a safe integer.
 */
export const QuerySeq = z.string().check(z.regex(/^\d{1,15}$/, { error: 'a number from the last page (digits)' }));

/**
 * A page size from the query (`?limit=`): a whole number from 1 to `max`; `fallback` when absent. The one check of
 * the field: a route's schema takes it as any string.
 */
export function pageLimit(raw: string | undefined, fallback: number, max: number): number {
  if (raw === undefined) return fallback;
  const n = /^\d{1,6}$/.test(raw) ? Number(raw) : Number.NaN;
  if (!(n >= 1 && n <= max)) throw new ApiError('bad_request', `Invalid query.limit: a whole number from 1 to ${max}.`);
  return n;
}

/** An opaque cursor for the next page of a list ordered by activity. */
export function encodeCursor(cursor: ActivityCursor): string {
  return Buffer.from(JSON.stringify([cursor.at, cursor.id])).toString('base64url');
}

/** Reads back a cursor made by {@link encodeCursor}; `bad_request` when it was tampered with. */
export function decodeCursor(raw: string | undefined): ActivityCursor | undefined {
  if (raw === undefined) return undefined;
  try {
    const value = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(value) && value.length === 2 && Number.isSafeInteger(value[0]) && typeof value[1] === 'string')
      return { at: value[0] as number, id: value[1] };
  } catch {
    // fall through
  }
  throw new ApiError('bad_request', 'Invalid query.cursor: pass back a nextCursor unchanged.');
}

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

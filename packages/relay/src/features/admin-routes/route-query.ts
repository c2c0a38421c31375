import * as z from 'zod/mini';
import type { ActivityCursor } from '../../store/admin-store.js';
import type { ExtensionPoint } from '../extension-point.js';
import { ApiError, check, type AdminRequest } from '../../http/admin-http.js';
import { limit as limitParameter, query as queryParameter, type Json } from '../../http/openapi/openapi-parts.js';

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

/**
 * A route's query parameters, said once (issue #82): each is one object carrying what the API document says of it
 * (its description and JSON Schema, as `query(…)` and `limit(…)` of openapi-parts.ts write them) and how the router
 * reads its raw string (to a typed value, or 400 `bad_request` naming `query.<name>`). A route declares them as
 * `query: { name: param, … }`; the router parses every one before the handler runs (after authorization, like the
 * body) into `call.query`, and refuses a parameter the route does not declare, naming it.
 */
export interface QueryParam<T> {
  /** The document's words for it. */
  readonly description: string;
  /** The document's JSON Schema of its value. */
  readonly schema: Json;
  /** It must be given (the document says `required: true`). */
  readonly mandatory: boolean;
  /** Its value from the raw string (`undefined`: absent); throws `bad_request` naming `where` (`query.<name>`). */
  parse(raw: string | undefined, where: string): T;
}

/** A parameter that may be absent (`undefined` then), which can be made required or given a fallback. */
export interface OptionalParam<T> extends QueryParam<T | undefined> {
  /** Refused when absent (with its schema's words for a missing value), and so marked in the document. */
  required(): QueryParam<T>;
  /** `fallback` when absent. */
  or(fallback: T): QueryParam<T>;
}

/** What a route's `query` declares: its parameters by name. */
export type QueryParams = Readonly<Record<string, QueryParam<unknown>>>;

/** The values a route's handler reads (`call.query`), typed by its declared parameters. */
export type ParsedQuery<Q extends QueryParams> = {
  readonly [K in keyof Q]: Q[K] extends QueryParam<infer T> ? T : never;
};

function optional<S, T>(
  zod: z.ZodMiniType<S>,
  read: (value: S, where: string) => T,
  description: string,
  schema: Json,
): OptionalParam<T> {
  const present = (raw: string | undefined, where: string): T => read(check(zod, raw, where), where);
  return {
    description,
    schema,
    mandatory: false,
    parse: (raw, where) => (raw === undefined ? undefined : present(raw, where)),
    required: () => ({ description, schema, mandatory: true, parse: present }),
    or: (fallback) => ({
      description,
      schema,
      mandatory: false,
      parse: (raw, where) => (raw === undefined ? fallback : present(raw, where)),
    }),
  };
}

/** A string checked by a zod schema (an enum, a pattern, a length), as the document describes it by `schema`. */
export function text<S extends string>(zod: z.ZodMiniType<S>, description: string, schema: Json): OptionalParam<S> {
  return optional(zod, (value) => value, description, schema);
}

const TrueFalse = z.enum(['true', 'false']);

/** `true` or `false`; absent is false. */
export function flag(description: string): QueryParam<boolean> {
  return optional(TrueFalse, (value) => value === 'true', description, { type: 'string', enum: ['true', 'false'] }).or(
    false,
  );
}

/** A time, milliseconds since 1970 ({@link QueryMillis}, or `zod` for a route's own words), as a number. */
export function millis(
  description: string,
  schema: Json = { type: 'string', pattern: '^\\d{1,15}$' },
  zod: z.ZodMiniType<string> = QueryMillis,
): OptionalParam<number> {
  return optional(zod, Number, description, schema);
}

/** A position in a list numbered by its rows ({@link QuerySeq}: `?cursor=` of the outbox, `?before=`), as a number. */
export function seq(description: string, schema: Json = { type: 'string' }): OptionalParam<number> {
  return optional(QuerySeq, Number, description, schema);
}

/** A page size (`?limit=`): a whole number from 1 to `max`, `fallback` when absent ({@link pageLimit}'s words). */
export function pageSize(
  fallback: number,
  max: number,
  doc?: { readonly description: string; readonly schema: Json },
): QueryParam<number> {
  const { description, schema } = (doc ?? limitParameter(fallback, max)) as { description: string; schema: Json };
  return { description, schema, mandatory: false, parse: (raw) => pageLimit(raw, fallback, max) };
}

const CursorText = z.string().check(z.maxLength(300));

/** The opaque cursor of a list ordered by activity (`nextCursor`, {@link decodeCursor}). */
export function cursor(description = 'The `nextCursor` of the previous page.'): QueryParam<ActivityCursor | undefined> {
  return optional(CursorText, (value) => decodeCursor(value), description, { type: 'string' });
}

/** The request's query string as one value per name (the last, when a name is repeated). */
export function rawQuery(request: Pick<AdminRequest, 'query'>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of request.query) out[key] = value;
  return out;
}

/**
 * Parses the request's query by the route's declared parameters: a parameter it does not declare is refused first,
 * naming it ("Invalid query: unknown parameter kind."), then each declared one, in the declaration's order.
 */
export function parseQuery<Q extends QueryParams>(request: Pick<AdminRequest, 'query'>, params: Q): ParsedQuery<Q> {
  const raw = rawQuery(request);
  for (const name of Object.keys(raw))
    if (!Object.hasOwn(params, name)) throw new ApiError('bad_request', `Invalid query: unknown parameter ${name}.`);
  const out: Record<string, unknown> = {};
  for (const [name, param] of Object.entries(params)) out[name] = param.parse(raw[name], `query.${name}`);
  return out as ParsedQuery<Q>;
}

/** The document's parameters of a route's declared query, in the declaration's order. */
export function queryDocs(params: QueryParams | undefined): Json[] {
  return Object.entries(params ?? {}).map(([name, param]) => ({
    ...(queryParameter(name, param.description, param.schema) as object),
    ...(param.mandatory ? { required: true } : {}),
  }));
}

/**
 * The route with the parameters contributed to its `queryPoint` merged into its `query` (before its parameter
 * `before`); the route itself when it has no point. Two parameters of one name are a programming error, thrown.
 */
export function withContributedQuery<
  R extends {
    readonly method: string;
    readonly path: string;
    readonly query?: QueryParams;
    readonly queryPoint?: { readonly point: ExtensionPoint<QueryParams>; readonly before: string };
  },
>(route: R, contributed: readonly QueryParams[]): R {
  if (!route.queryPoint) return route;
  const own = Object.entries(route.query ?? {});
  const at = own.findIndex(([name]) => name === route.queryPoint!.before);
  const added = contributed.flatMap((params) => Object.entries(params));
  const names = new Set(own.map(([name]) => name));
  for (const [name] of added) {
    if (names.has(name))
      throw new Error(
        `${route.method} ${route.path}: two query parameters named ${name} (${route.queryPoint.point.name})`,
      );
    names.add(name);
  }
  const merged = at < 0 ? [...own, ...added] : [...own.slice(0, at), ...added, ...own.slice(at)];
  return { ...route, query: Object.fromEntries(merged) };
}

import { AdminApiError } from '../../src/chat-admin/chat-admin.js';

/** What a route of the fake admin API gets: the id in its path, its body and its query. */
export interface FakeCall {
  /** The first `{…}` of the route; `params` has them all, in order. */
  ref: string | undefined;
  params: string[];
  body: unknown;
  q: Record<string, string>;
  path: string;
  /** `blob` when the caller asked for the answer as a file, `stream` for the `Response` (`AdminApi.request`'s `as`). */
  as?: 'blob' | 'stream' | undefined;
}

/** The routes of a fake area, by `METHOD /area/{id}/more` (each `{…}` one segment of the path). */
export type FakeRoutes = Record<string, (call: FakeCall) => Promise<unknown>>;

/** A class a fake area extends (a mixin's base: TypeScript asks for exactly `any[]` here). */
export type FakeBase<T = FakeRequests> = new (...args: any[]) => T;

/**
 * The fake admin API's generic call, which the pages' per-area clients (`pages/<page>/<page>-api.ts`) make theirs
 * through: each area's fake (`withFaq`, `withAutomations`, …) adds its routes, as `METHOD /area`,
 * `METHOD /area/{id}/more`, each `{…}` one segment of the path.
 */
export class FakeRequests {
  /** Each `request`, as `METHOD /path?query`. */
  requests: string[] = [];
  /** The signed-in staff member's role (some areas answer agents 403). */
  role: 'owner' | 'admin' | 'agent' = 'admin';
  protected readonly routes: FakeRoutes = {};

  // Not async: the answer comes after as many ticks as a direct call of the area's method, as it did before
  // the split (a page's busy state clears when its tests expect it to).
  request<T>(method: string, path: string, body?: unknown, as?: 'blob' | 'stream'): Promise<T> {
    this.requests.push(`${method} ${path}`);
    const url = new URL(path, 'https://relay.test');
    for (const [route, run] of Object.entries(this.routes)) {
      const params = match(route, `${method} ${url.pathname}`);
      if (params)
        return run({ ref: params[0], params, body, q: Object.fromEntries(url.searchParams), path, as }) as Promise<T>;
    }
    return Promise.reject(new AdminApiError('not_found', `The fake has no ${method} ${url.pathname}.`, 404));
  }
}

/** The decoded segments that `route`'s `{…}` stand for in `target`, or `undefined` when it does not match. */
function match(route: string, target: string): string[] | undefined {
  const pattern = route.split(/\{\w+\}/).map((part) => part.replace(/[.*+?^$()|[\]\\]/g, '\\$&'));
  const found = new RegExp(`^${pattern.join('([^/]+)')}$`).exec(target);
  return found?.slice(1).map(decodeURIComponent);
}

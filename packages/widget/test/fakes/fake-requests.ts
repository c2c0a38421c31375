import { AdminApiError } from '../../src/chat-admin/chat-admin.js';

/** What a route of the fake admin API gets: the id in its path, its body and its query. */
export interface FakeCall {
  ref: string | undefined;
  body: unknown;
  q: Record<string, string>;
  path: string;
}

/** The routes of a fake area, by `METHOD /area/{id}/more`. */
export type FakeRoutes = Record<string, (call: FakeCall) => Promise<unknown>>;

/** A class a fake area extends (a mixin's base: TypeScript asks for exactly `any[]` here). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type FakeBase<T = FakeRequests> = new (...args: any[]) => T;

/**
 * The fake admin API's generic call, which the pages' per-area clients (`pages/<page>/<page>-api.ts`) make theirs
 * through: each area's fake (`withFaq`, `withAutomations`, …) adds its routes, as `METHOD /area`,
 * `METHOD /area/{id}` or `METHOD /area/{id}/more`.
 */
export class FakeRequests {
  /** Each `request`, as `METHOD /path?query`. */
  requests: string[] = [];
  protected readonly routes: FakeRoutes = {};

  // Not async: the answer comes after as many ticks as a direct call of the area's method, as it did before
  // the split (a page's busy state clears when its tests expect it to).
  request<T>(method: string, path: string, body?: unknown): Promise<T> {
    this.requests.push(`${method} ${path}`);
    const url = new URL(path, 'https://relay.test');
    const [, area, id, more] = url.pathname.split('/');
    const ref = id === undefined ? undefined : decodeURIComponent(id);
    const route = `${method} /${area}${ref === undefined ? '' : '/{id}'}${more ? `/${more}` : ''}`;
    const run = this.routes[route];
    if (!run) return Promise.reject(new AdminApiError('not_found', `The fake has no ${route}.`, 404));
    return run({ ref, body, q: Object.fromEntries(url.searchParams), path }) as Promise<T>;
  }
}

import type { AdminApi } from './admin-api.js';

/** What a page's own client needs of the admin API: its one request helper (credentials, CSRF, errors). */
export type AdminRequest = Pick<AdminApi, 'request'>;

/**
 * The base of the per-area clients (`pages/<page>/<page>-api.ts`): each is a few lines over
 * {@link AdminApi.request}, so that it ships with its page's chunk and the inbox's first load carries none of it.
 */
export class AreaApi {
  constructor(protected readonly api: AdminRequest) {}
}

/** `?a=1&b=2` from the defined, non-empty values of `query` ('' when none). */
export function search(query: object): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query) as Array<[string, unknown]>)
    if (value !== undefined && value !== '') params.set(key, String(value));
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** A path segment: an id as the URL carries it. */
export const at = encodeURIComponent;

import { AdminApiError } from './admin-api.js';

/**
 * Which form field a relay refusal is about, from its message (`Invalid body.shortcut: …`, `Invalid query.from: …`),
 * among `fields`; `conflict` goes to `conflictField`. `undefined`: the error belongs to the whole form.
 */
export function fieldOf(error: unknown, fields: readonly string[], conflictField?: string): string | undefined {
  if (!(error instanceof AdminApiError)) return undefined;
  if (error.code === 'conflict') return conflictField;
  const named = /^Invalid (?:body|query)\.([A-Za-z]+)/.exec(error.message)?.[1];
  return named !== undefined && fields.includes(named) ? named : undefined;
}

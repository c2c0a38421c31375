import type { Json } from './openapi-parts.js';

/**
 * Stable `operationId`s for the API document (issue #88): client generators name their methods after them, so each is
 * made from what a refactoring does not change — the route's feature and its action, the action read off its method
 * and path (`GET /v1/admin/conversations/{id}/messages` of `desk` → `desk.getConversationsMessages`; a trailing
 * parameter adds its name: `ById`, `BySlug`). A route whose derived name would clash names its action itself (`doc.operationId`); the
 * document refuses a duplicate at build time, naming both operations.
 */

const camel = (words: readonly string[]): string =>
  words
    .flatMap((word) => word.split(/[^A-Za-z0-9]+/))
    .filter(Boolean)
    .map((word, index) => (index === 0 ? word.toLowerCase() : word[0]!.toUpperCase() + word.slice(1).toLowerCase()))
    .join('');

/** The feature part of an id: its name in camel case (`help-center` → `helpCenter`). */
export const operationPrefix = (feature: string): string => camel([feature]);

/** The action part of an id, derived from the method and the path (the `/v1/` and `admin/` segments dropped). */
export function operationAction(method: string, path: string): string {
  const segments = path.split('/').filter((segment) => segment && segment !== 'v1');
  const words = (segments[0] === 'admin' ? segments.slice(1) : segments).filter((segment) => !segment.startsWith('{'));
  const last = segments.at(-1) ?? '';
  const by = last.startsWith('{') ? ['by', last.slice(1, -1)] : [];
  return camel([method.toLowerCase(), ...words.flatMap((word) => word.split('.')), ...by]);
}

const methods = ['get', 'put', 'post', 'patch', 'delete'] as const;

/**
 * Gives every operation of `paths` without one the id `<feature>.<action>`; an operation's own `operationId` (an
 * action, from its route's doc) is prefixed the same way. Returns `paths`, changed in place.
 */
export function withOperationIds(feature: string, paths: Record<string, Json>): Record<string, Json> {
  const prefix = operationPrefix(feature);
  for (const [path, operations] of Object.entries(paths as Record<string, Record<string, Record<string, Json>>>)) {
    for (const method of methods) {
      const operation = operations[method];
      if (!operation) continue;
      const action = typeof operation.operationId === 'string' ? operation.operationId : operationAction(method, path);
      operations[method] = { ...operation, operationId: `${prefix}.${action}` };
    }
  }
  return paths;
}

/**
 * Gives every request of `webhooks` (the document's `webhooks`: what the relay sends) the id `<feature>.on<Name>`
 * (`conversation.created` of `webhooks` → `webhooks.onConversationCreated`). Returns `webhooks`, changed in place.
 */
export function withWebhookOperationIds(feature: string, webhooks: Record<string, Json>): Record<string, Json> {
  const prefix = operationPrefix(feature);
  for (const [name, operations] of Object.entries(webhooks as Record<string, Record<string, Record<string, Json>>>))
    for (const method of methods) {
      const operation = operations[method];
      if (operation)
        operations[method] = { ...operation, operationId: `${prefix}.${camel(['on', ...name.split('.')])}` };
    }
  return webhooks;
}

/** Throws on two operations of `paths` with one id, naming both: a client generator would merge or rename them. */
export function assertUniqueOperationIds(paths: Record<string, Json>): void {
  const seen = new Map<string, string>();
  for (const [path, operations] of Object.entries(paths as Record<string, Record<string, Record<string, Json>>>)) {
    for (const method of methods) {
      const operation = operations[method];
      if (!operation) continue;
      const id = operation.operationId;
      if (typeof id !== 'string') throw new Error(`${method.toUpperCase()} ${path} has no operationId`);
      const where = `${method.toUpperCase()} ${path}`;
      const other = seen.get(id);
      if (other) throw new Error(`operationId ${id} is both ${other} and ${where}: set doc.operationId on one of them`);
      seen.set(id, where);
    }
  }
}

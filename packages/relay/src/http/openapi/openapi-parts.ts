import { GivenConsent, PageContext } from '@parley/protocol/admin';
import type * as z from 'zod/mini';
import { strictBody } from '../strict-body.js';
import { type Json, schemaJson } from './schema-json.js';

export type { Json };

/** Building blocks of the admin API's OpenAPI document, shared by the files of each area's paths. */

export const ref = (name: string): Json => ({ $ref: `#/components/schemas/${name}` });
export const errorRef = (name: string): Json => ({ $ref: `#/components/responses/${name}` });
export const idParam = (what: string): Json => ({
  name: 'id',
  in: 'path',
  required: true,
  description: `The ${what} id.`,
  schema: { type: 'string', pattern: '^[A-Za-z0-9_-]{1,128}$' },
});
export const query = (name: string, description: string, schema: Json): Json => ({
  name,
  in: 'query',
  required: false,
  description,
  schema,
});
/** A schema of the contract (zod), or one still written here as JSON Schema. */
export type Schema = Json | z.ZodMiniType;
const isZod = (schema: Schema): schema is z.ZodMiniType =>
  schema !== null && typeof schema === 'object' && '_zod' in schema;
const json = (schema: Schema): Json => (isZod(schema) ? schemaJson(schema) : schema);

/** A request body: as the relay parses it, every object strict (`additionalProperties: false`, strict-body.ts). */
export const body = (schema: Schema): Json => ({
  required: true,
  content: { 'application/json': { schema: json(isZod(schema) ? strictBody(schema) : schema) } },
});
/** An answer with a JSON body. */
export const answer = (description: string, schema: Schema): Json => ({
  description,
  content: { 'application/json': { schema: json(schema) } },
});
export const ok = (description: string, schema: Schema, status = '200'): Record<string, Json> => ({
  [status]: answer(description, schema),
});

/** Errors every authenticated route can answer. */
export const common: Record<string, Json> = {
  '400': errorRef('BadRequest'),
  '401': errorRef('Unauthorized'),
  '403': errorRef('Forbidden'),
  '429': errorRef('RateLimited'),
};

export function operation(
  summary: string,
  description: string,
  options: {
    adminOnly?: boolean;
    parameters?: Json[];
    requestBody?: Json;
    responses: Record<string, Json>;
    notFound?: boolean;
    conflict?: boolean;
    tag: string;
    /** Its action's name when the one derived from its method and path would clash (operation-ids.ts). */
    operationId?: string;
  },
): Json {
  const responses: Record<string, Json> = { ...options.responses, ...common };
  if (options.notFound) responses['404'] = errorRef('NotFound');
  if (options.conflict) responses['409'] = errorRef('Conflict');
  return {
    ...(options.operationId ? { operationId: options.operationId } : {}),
    summary,
    description: options.adminOnly ? `${description}\n\n**Admin only**: agents get 403 \`forbidden\`.` : description,
    tags: [options.tag],
    'x-admin-only': options.adminOnly ?? false,
    ...(options.parameters ? { parameters: options.parameters } : {}),
    ...(options.requestBody ? { requestBody: options.requestBody } : {}),
    responses,
  };
}

export const status = { type: 'string', enum: ['open', 'pending', 'snoozed', 'resolved'] };
export const priority = { type: 'string', enum: ['none', 'low', 'medium', 'high', 'urgent'] };
export const limit = (fallback: number, max: number): Json =>
  query('limit', `Page size, 1–${max} (default ${fallback}).`, {
    type: 'integer',
    minimum: 1,
    maximum: max,
    default: fallback,
  });
export const consent = schemaJson(GivenConsent);
export const context = schemaJson(PageContext);

export const errorResponse = (description: string): Json => ({
  description,
  content: { 'application/json': { schema: ref('Error') } },
});

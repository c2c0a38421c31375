import * as z from 'zod/mini';
import { originalOf } from '../strict-body.js';
import { ConversationSummary, Message, QuickReplies } from '@parley/protocol';
import {
  type Components,
  authComponents,
  broadcastComponents,
  cannedResponseComponents,
  contactComponents,
  conversationComponents,
  insightComponents,
  outboxComponents,
  siteComponents,
  teamComponents,
  webhookComponents,
} from '@parley/protocol/admin';

/**
 * The contract's zod schemas as the document's JSON Schema. zod's own `toJSONSchema` does the work; this file only
 * makes its output read as the document always did: named schemas become a `$ref`, a nullable type is
 * `type: [t, 'null']` rather than `anyOf`, `z.int()`'s safe-integer bounds and `$schema` go, and the contract's
 * own metadata (`omit`, `example`, see `DocumentMeta`) is applied, not printed.
 */

/** A JSON value: the document and its parts. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Every named schema of the contract, by name. */
export const CONTRACT_COMPONENTS: Components = {
  ...authComponents,
  ...broadcastComponents,
  ...cannedResponseComponents,
  ...contactComponents,
  ...conversationComponents,
  ...insightComponents,
  ...outboxComponents,
  ...siteComponents,
  ...teamComponents,
  ...webhookComponents,
};

/** Schemas of the protocol whose component is still written out in `components.ts`: referred to by name. */
const PROTOCOL_COMPONENTS: Components = { Message, ConversationSummary, QuickReplies };

const names = new Map<unknown, string>(
  Object.entries({ ...CONTRACT_COMPONENTS, ...PROTOCOL_COMPONENTS }).map(([name, schema]) => [schema, name]),
);

/** The JSON Schema of `schema`; a named one is spelt out only when it is the component itself (`asComponent`). */
export function schemaJson(schema: z.ZodMiniType, asComponent = false): Json {
  const json = z.toJSONSchema(schema, {
    io: 'input',
    override: ({ zodSchema, jsonSchema, path }) => {
      const target = jsonSchema as Record<string, unknown>;
      // A request body's strict copy (strict-body.ts) is named as the schema it was made from.
      const name = names.get(zodSchema) ?? names.get(originalOf(zodSchema));
      if (name !== undefined && !(asComponent && path.length === 0)) {
        for (const key of Object.keys(target)) delete target[key];
        target.$ref = `#/components/schemas/${name}`;
        return;
      }
      if (typeof target.ref === 'string') {
        const { ref: component, description } = target;
        for (const key of Object.keys(target)) delete target[key];
        target.$ref = `#/components/schemas/${component}`;
        if (description !== undefined) target.description = description;
        return;
      }
      for (const key of (target.omit as string[] | undefined) ?? []) delete target[key];
      if (target.exclusive === true && target.anyOf !== undefined) {
        target.oneOf = target.anyOf;
        delete target.anyOf;
      }
      delete target.omit;
      delete target.exclusive;
      delete target.example;
    },
  }) as Record<string, Json>;
  delete json.$schema;
  return tidy(json);
}

const SAFE = Number.MAX_SAFE_INTEGER;

function tidy(value: Json): Json {
  if (Array.isArray(value)) return value.map(tidy);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, Json> = {};
  for (const [key, child] of Object.entries(value)) out[key] = tidy(child);
  if (out.type === 'integer') {
    if (out.minimum === -SAFE) delete out.minimum;
    if (out.maximum === SAFE) delete out.maximum;
  }
  // A record of anything: the document says only `object`.
  if (isPlain(out.propertyNames, { type: 'string' })) delete out.propertyNames;
  if (isPlain(out.additionalProperties, {})) delete out.additionalProperties;
  const anyOf = out.anyOf;
  if (Array.isArray(anyOf) && anyOf.length === 2 && isPlain(anyOf[1], { type: 'null' })) {
    const inner = anyOf[0] as Record<string, Json>;
    if (typeof inner.type === 'string') {
      delete out.anyOf;
      return { ...inner, ...out, type: [inner.type, 'null'] };
    }
  }
  return out;
}

function isPlain(value: Json | undefined, expected: Record<string, Json>): boolean {
  return JSON.stringify(value) === JSON.stringify(expected);
}

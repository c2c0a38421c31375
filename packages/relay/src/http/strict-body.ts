import * as z from 'zod/mini';

/**
 * Request bodies refuse what they do not know (issue #80): a misspelt or guessed field (`{ "kind": "note" }` for
 * `"note": true`) is an error naming it, never dropped while the rest is acted on. The contract's schemas are written
 * once and serve answers too, where `z.object` rightly lets a newer relay add fields; so the strictness is applied
 * here, where every body is parsed ({@link parseBody} in admin-http.ts) and described (the OpenAPI document's
 * `body()`), not schema by schema.
 */

type AnySchema = z.ZodMiniType;
type Def = Record<string, unknown> & { readonly type: string };

const strict = new WeakMap<AnySchema, AnySchema>();
const originals = new WeakMap<object, AnySchema>();

/**
 * `schema` with every object in it strict (an unknown key is refused, `unrecognized_keys`), at any depth: in arrays,
 * unions, records' values, optional and nullable fields. An object that says what to do with other keys already
 * (`z.looseObject`, a catch-all) keeps its rule. Made once per schema and kept.
 *
 * @example
 * check(strictBody(MessageCreate), { id: 'a', text: 'hi', kind: 'note' }, 'body'); // Invalid body: unknown field kind.
 */
export function strictBody<T extends AnySchema>(schema: T): T {
  let made = strict.get(schema);
  if (made === undefined) {
    made = strictened(schema);
    strict.set(schema, made);
    if (made !== schema) originals.set(made, schema);
  }
  return made as T;
}

/** The schema a {@link strictBody} result was made from (itself for any other): its name in the API document. */
export function originalOf(schema: object): object {
  return originals.get(schema) ?? schema;
}

function strictened(schema: AnySchema): AnySchema {
  const def = schema._zod.def as unknown as Def;
  const child = (key: string): Partial<Def> | undefined => {
    const inner = def[key] as AnySchema;
    const made = strictBody(inner);
    return made === inner ? undefined : { [key]: made };
  };
  let change: Partial<Def> | undefined;
  switch (def.type) {
    case 'object': {
      const shape = def.shape as Record<string, AnySchema>;
      const next = Object.fromEntries(Object.entries(shape).map(([key, value]) => [key, strictBody(value)]));
      const same = Object.keys(shape).every((key) => next[key] === shape[key]);
      if (def.catchall !== undefined && same) return schema;
      change = { shape: next, catchall: def.catchall ?? z.never() };
      break;
    }
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'nonoptional':
    case 'readonly':
    case 'catch':
      change = child('innerType');
      break;
    case 'array':
      change = child('element');
      break;
    case 'record':
      change = child('valueType');
      break;
    case 'pipe':
      // What a client sends is the pipe's input; its output is the relay's own.
      change = child('in');
      break;
    case 'union': {
      const options = def.options as AnySchema[];
      const next = options.map((option) => strictBody(option));
      if (next.some((option, i) => option !== options[i])) change = { options: next };
      break;
    }
    case 'tuple': {
      const items = def.items as AnySchema[];
      const next = items.map((item) => strictBody(item));
      const rest = def.rest == null ? def.rest : strictBody(def.rest as AnySchema);
      if (rest !== def.rest || next.some((item, i) => item !== items[i])) change = { items: next, rest };
      break;
    }
    // An intersection's sides each see the other's keys: strict sides would refuse every body. Anything else holds
    // no object.
    default:
      break;
  }
  // The clone runs the schema's checks' attach hooks again, so its document metadata (descriptions, examples) holds.
  return change === undefined ? schema : schema.clone({ ...def, ...change } as never);
}

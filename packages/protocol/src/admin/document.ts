import * as z from 'zod/mini';
import { LIMITS } from '../limits.js';
import { NOT_VERBATIM, isVerbatim } from '../verbatim.js';

/**
 * Building blocks of the admin API's contract: what the OpenAPI document says of a schema besides what zod
 * checks, and the shapes every area shares. The relay generates the document from these schemas
 * (`packages/relay/src/http/admin-openapi.ts`); the inbox uses their types.
 */

/** What a schema adds to the document: a description, JSON Schema keywords zod has no check for (`format`, `uniqueItems`). */
export interface DocumentMeta {
  readonly description?: string;
  readonly format?: string;
  readonly uniqueItems?: boolean;
  /** `false`: the document says unknown fields are refused (where zod strips them, or the route refuses them). */
  readonly additionalProperties?: false;
  /** The alternatives of a union exclude each other: the document says `oneOf` (zod's `anyOf`). */
  readonly exclusive?: true;
  /** The value the document says applies when the field is left out. */
  readonly default?: unknown;
  /** The document shows this usage as a `$ref` to that named schema (with this usage's description). */
  readonly ref?: string;
  /** A pattern the document shows in place of zod's checks (with `omit`). */
  readonly pattern?: string;
  /** Values the document shows as examples. */
  readonly examples?: readonly unknown[];
  /**
   * JSON Schema keywords the document leaves out although zod checks them (say `minLength: 1` of a URL whose own
   * check names the problem): the published document predates the contract, and generating it changed nothing.
   */
  readonly omit?: readonly string[];
  /** A valid value, for the document and for tests that need one (the authorization matrix). */
  readonly example?: unknown;
}

/** The check that carries a schema's {@link DocumentMeta} into the document. */
export const doc = (meta: DocumentMeta) => z.meta({ ...meta });

/** The schemas the document lists under `components.schemas`, by name; elsewhere they appear as a `$ref`. */
export type Components = Readonly<Record<string, z.ZodMiniType>>;

/** A page of a list: `items`, and `nextCursor` unless it is the last page. */
export const page = <T extends z.ZodMiniType>(item: T) =>
  z.object({
    items: z.array(item),
    nextCursor: z.optional(
      z.string().check(doc({ description: 'Pass back as `cursor` for the next page; absent on the last page.' })),
    ),
  });

/** A whole list in one answer: `items`. */
export const list = <T extends z.ZodMiniType>(item: T) => z.object({ items: z.array(item) });

/** A time in milliseconds since the epoch, as every answer carries it. */
export const millis = z.int();

/** A message's text, as the protocol bounds it. */
// Stored and returned as written, like a `send` frame's text: U+0000 and unpaired surrogates are refused.
export const Text = z
  .string()
  .check(z.minLength(1), z.maxLength(LIMITS.maxTextLength), z.refine(isVerbatim, { error: NOT_VERBATIM }));
/**
 * One plain address, `local@domain.tld`: what a visitor typed is taken as a recipient only in this form (never a
 * list, a display name or a group, which would let a visitor have the relay write to others).
 */
export function isAddress(text: string): boolean {
  return text.length <= 254 && /^[^\s@,;:<>()[\]"\\]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/.test(text);
}

/** A conversation label. */
export const Label = z.string().check(z.minLength(1), z.maxLength(64));
/** An id in a path or a body. */
export const Id = z.string().check(z.minLength(1), z.maxLength(128), z.regex(/^[A-Za-z0-9_-]+$/));

/** An answer as the relay builds it from its stores' readonly records: the contract's type, read-only throughout. */
export type DeepReadonly<T> = T extends (infer U)[]
  ? readonly DeepReadonly<U>[]
  : T extends object
    ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
    : T;

/** What the visitor's browser reported on the last page they were seen on (an answer's `context`). */
export const PageContext = z
  .object({
    url: z.optional(z.string()),
    title: z.optional(z.string()),
    referrer: z.optional(z.string()),
    locale: z.optional(z.string()),
    timezone: z.optional(z.string()),
    userAgent: z.optional(z.string()),
  })
  .check(doc({ description: 'What the visitor’s browser reported on the last page they were seen on.' }));

/** The pre-chat consent a visitor gave, as answers show it. */
export const GivenConsent = z.object({ version: z.string().check(z.maxLength(64)), at: z.number() }).check(
  doc({
    description:
      'The pre-chat consent the visitor gave: `version` names the consent text (set by the site, or a hash of the text), `at` is when the relay received it (ms). Absent when none was given.',
  }),
);

/** The `example` a schema of the contract carries (see {@link DocumentMeta}), if any. */
export function exampleOf(schema: z.ZodMiniType): unknown {
  return z.globalRegistry.get(schema)?.example;
}

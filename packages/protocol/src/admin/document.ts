import * as z from 'zod/mini';

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

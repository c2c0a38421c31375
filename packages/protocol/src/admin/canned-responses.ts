import * as z from 'zod/mini';
import { type Components, Text, doc, list } from './document.js';

/** Canned responses: saved replies, inserted with `/` in the inbox. */

/** A canned response's shortcut: what follows `/`. */
export const Shortcut = z
  .string()
  .check(
    z.minLength(1),
    z.maxLength(32),
    z.regex(/^[A-Za-z0-9_-]+$/),
    doc({ pattern: '^[A-Za-z0-9_-]{1,32}$', omit: ['minLength', 'maxLength'] }),
  );

/** `POST /v1/admin/canned-responses`. */
export const CannedCreate = z
  .object({ shortcut: Shortcut, text: Text })
  .check(doc({ example: { shortcut: 'matrix', text: 'matrix' } }));

/** `PATCH /v1/admin/canned-responses/{id}`: shortcut and/or text. */
export const CannedPatch = z
  .object({ shortcut: z.optional(Shortcut), text: z.optional(Text) })
  .check(doc({ example: { text: 'changed' } }));

/** A canned response. */
export const CannedResponse = z.object({
  id: z.string(),
  shortcut: z.string(),
  text: z.string(),
  createdAt: z.number(),
  updatedAt: z.number(),
});

/** Every canned response of a site, sorted by shortcut. */
export const CannedResponseList = list(CannedResponse);

export type CannedResponse = z.output<typeof CannedResponse>;
export type CannedCreate = z.input<typeof CannedCreate>;
export type CannedPatch = z.input<typeof CannedPatch>;

/** This area's named schemas in the document. */
export const cannedResponseComponents: Components = { Shortcut, CannedResponse };

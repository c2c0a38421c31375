import * as z from 'zod/mini';
import { doc } from './document.js';

/** The one route the widget calls over HTTP: a link from an email, exchanged for the visitor's session. */

/** `POST /v1/visitor/link`. */
export const VisitorLinkBody = z.strictObject({
  token: z.string().check(z.minLength(16), z.maxLength(128), z.regex(/^[A-Za-z0-9_-]+$/)),
});

/** The visitor's session. */
export const VisitorLinkSession = z.object({
  visitorToken: z.string().check(doc({ description: 'As a `welcome` gives it: send it in the next `hello`.' })),
  conversationId: z.string(),
});

export type VisitorLinkSession = z.output<typeof VisitorLinkSession>;

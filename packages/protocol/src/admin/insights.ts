import * as z from 'zod/mini';
import { type Components, doc, page } from './document.js';

/** What happened on a site: its figures and the audit log. */

/** `GET /v1/admin/stats`. */
export const Stats = z.object({
  visitorsOnline: z.int(),
  staffOnline: z.int(),
  openConversations: z.int(),
  messagesToday: z.int(),
  medianFirstReplySeconds: z.nullable(z.number()),
  csat: z.object({ count: z.int(), average: z.nullable(z.number()) }).check(
    doc({
      description: "Visitors' ratings (1–5) given in the last 30 days: how many, and their mean (null when none).",
    }),
  ),
});

/** One entry of the audit log: who did what, when, on what. */
export const AuditEntry = z.object({
  id: z.string(),
  at: z.number(),
  actorId: z.string(),
  actorName: z.string(),
  action: z.string(),
  targetType: z.string(),
  targetId: z.string(),
  details: z.record(z.string(), z.unknown()),
});

/** A page of the audit log, newest first. */
export const AuditPage = page(AuditEntry);

/** `GET /v1/admin/audit/facets`: the values the log's filters offer. */
export const AuditFacets = z.object({
  actors: z.array(z.object({ id: z.string(), name: z.string() })),
  actions: z.array(z.string()),
});

export type Stats = z.output<typeof Stats>;
export type AuditEntry = z.output<typeof AuditEntry>;
export type AuditFacets = z.output<typeof AuditFacets>;

/** This area's named schemas in the document. */
export const insightComponents: Components = { Stats, AuditEntry };
export type AuditPage = z.output<typeof AuditPage>;

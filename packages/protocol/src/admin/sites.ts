import * as z from 'zod/mini';
import { type Components, doc, list } from './document.js';

/** The sites one relay serves, and the caller's own site: its name, origins and identity secret. */

/** True for an origin exactly as a browser sends it: `https://example.com`, `http://localhost:3000`. */
export function isOrigin(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.origin === value;
  } catch {
    return false;
  }
}

/** What an allowed origin must be, said the same way by the admin API and the configuration. */
export const ORIGIN_RULE = 'must be * or an origin such as https://example.com (scheme, host and port only)';

/** `*`, or an origin ({@link isOrigin}). */
export const AllowedOrigin = z.string().check(z.refine((value) => value === '*' || isOrigin(value), ORIGIN_RULE));

const originsDescription = 'Origins whose pages may open the chat (`https://example.com`), or `*` for any.';

/** The origins whose pages may open a site's chat: 1 to 50, each `*` or an origin. */
export const AllowedOrigins = z
  .array(AllowedOrigin)
  .check(z.minLength(1), z.maxLength(50), doc({ description: originsDescription }));

const SiteName = z.string().check(z.trim(), z.minLength(1), z.maxLength(120));

/** `POST /v1/admin/sites` (and `parley-relay site create`): a name, and the origins (`*`: any). */
export const SiteCreate = z
  .object({
    name: SiteName,
    allowedOrigins: z
      ._default(AllowedOrigins, ['*'])
      .check(doc({ description: `${originsDescription} Default \`["*"]\`.`, omit: ['default'] })),
  })
  .check(doc({ example: { name: 'matrix' } }));

/** `PATCH /v1/admin/site`: its name, its origins. */
export const SitePatch = z
  .strictObject({ name: z.optional(SiteName), allowedOrigins: z.optional(AllowedOrigins) })
  .check(doc({ example: { name: 'Matrix' } }));

/** A site as the operator's admins see it (never its identity secret). */
export const Site = z.object({
  id: z.string(),
  name: z.string(),
  siteKey: z.string().check(doc({ description: 'Public: goes in the widget’s script tag (`data-site-key`).' })),
  allowedOrigins: z.array(z.string()),
  requireIdentity: z.boolean(),
  createdAt: z.number(),
});

/** Every site of the relay, oldest first. */
export const SiteList = list(Site);

/** A created site and its first admin token: the only time it is shown. */
export const SiteCreated = z.intersection(Site, z.object({ adminToken: z.string() }));

/** The caller's own site (`GET /v1/admin/site`). */
export const OwnSite = z.object({
  id: z.string(),
  name: z
    .string()
    .check(doc({ description: 'Shown to visitors: the title of the widget (each new connection reads it).' })),
  siteKey: z.string().check(doc({ description: 'Public: goes in the widget’s script tag.' })),
  allowedOrigins: z.array(z.string()).check(z.minLength(1), z.maxLength(50), doc({ description: originsDescription })),
  requireIdentity: z.boolean(),
  configured: z.object({ name: z.boolean(), allowedOrigins: z.boolean(), identitySecret: z.boolean() }).check(
    doc({
      description:
        'Which fields the relay’s configuration sets for its default site (`PARLEY_SITE_NAME`, `PARLEY_ALLOWED_ORIGINS`, `PARLEY_IDENTITY_SECRET`): they win at every start, so the API refuses to change them (409). Always false for other sites.',
    }),
  ),
});

/** `POST /v1/admin/site/identity-secret`: the new secret, shown once. */
export const IdentitySecret = z.object({ identitySecret: z.string() });

export type Site = z.output<typeof Site>;
export type OwnSite = z.output<typeof OwnSite>;
export type SiteCreate = z.input<typeof SiteCreate>;
export type SitePatch = z.input<typeof SitePatch>;
export type SiteCreated = z.output<typeof SiteCreated>;
export type IdentitySecret = z.output<typeof IdentitySecret>;

/** This area's named schemas in the document. */
export const siteComponents: Components = { Site };

import { IdentitySecret, OwnSite, SiteCreate, SiteCreated, SiteList, SitePatch } from '@parley/protocol/admin';
import { type Json, body, ok, operation } from '../../http/openapi/openapi-parts.js';

const operatorNote =
  "Only admins of the relay's default site (the operator's) may call this; admins of other sites get 403 `forbidden`.";

/** The sites one relay serves. (`site-routes.ts` serves them; `parley-relay site` does the same.) */
export const sitePaths = (): Record<string, Json> => ({
  '/v1/admin/sites': {
    get: operation(
      'Sites',
      `Every site this relay serves, oldest first (never their identity secrets). ${operatorNote}`,
      {
        tag: 'sites',
        adminOnly: true,
        responses: ok('Sites.', SiteList),
      },
    ),
    post: operation(
      'Create a site',
      `Adds a site with its own public key, identity secret and first admin token. The token is in this answer only; only its hash is stored. A running relay serves the site at once. ${operatorNote}`,
      {
        tag: 'sites',
        adminOnly: true,
        requestBody: body(SiteCreate),
        responses: ok('Created.', SiteCreated, '201'),
      },
    ),
  },
  '/v1/admin/site': {
    get: operation(
      'This site',
      'The caller’s own site: its name, public key, allowed origins, and which of them the relay’s configuration fixes. Never its identity secret.',
      { tag: 'sites', adminOnly: true, responses: ok('The site.', OwnSite) },
    ),
    patch: operation(
      'Rename the site or change its origins',
      'Each new visitor connection reads them: the widget’s title is the site’s name, and a page whose origin is not allowed is refused at once (open connections stay until they reconnect). Audited (`site.update`). 409 `conflict` when the relay’s configuration sets the field (see `configured`).',
      {
        tag: 'sites',
        adminOnly: true,
        conflict: true,
        requestBody: body(SitePatch),
        responses: ok('The site now.', OwnSite),
      },
    ),
  },
  '/v1/admin/site/identity-secret': {
    post: operation(
      'Rotate the identity secret',
      'Makes a new identity secret (the HMAC key your backend signs identified users with) and answers with it: the only time it is shown, only its sealed form is stored. The old secret stops verifying at once, with no overlap: a visitor hello signed with it is refused (`identity_refused`) until your backend signs with the new one. Audited (`site.identity_secret.rotate`, without the secret). 409 `conflict` when `PARLEY_IDENTITY_SECRET` sets it.',
      {
        tag: 'sites',
        adminOnly: true,
        conflict: true,
        responses: ok('The new secret.', IdentitySecret),
      },
    ),
  },
});

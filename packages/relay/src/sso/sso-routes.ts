import { X509Certificate } from 'node:crypto';
import {
  BUILT_IN_PERMISSIONS,
  SsoDomainConfirm,
  SsoDomainMail,
  SsoDomainVerify,
  SsoProviderCreate,
  SsoProviderPatch,
  SsoSettings,
  SsoDomain,
  SsoDomainList,
  SsoProvider,
  SsoProviderCheck,
  SsoProviderList,
} from '@parley/protocol/admin';
import { ApiError } from '../http/admin-http.js';
import { adminRoute, audit, type AdminRoute, type Call } from '../features/admin-routes/admin-route.js';
import { errorResponse, ok } from '../http/openapi/openapi-parts.js';
import { sendDomainCode } from './sso-domain-mail.js';
import type { Sso } from './sso.js';
import type { SsoProviderRecord } from './sso-repository.js';

function ssoOf(call: Call): Sso {
  const sso = call.use('sso');
  if (!sso) throw new ApiError('not_found', 'Single sign-on is not part of this relay.');
  return sso;
}

async function providerOr404(call: Call): Promise<SsoProviderRecord> {
  const provider = await ssoOf(call).repository.provider(call.params.id ?? '');
  if (!provider || provider.siteId !== call.site.id) throw new ApiError('not_found', 'No such provider on this site.');
  return provider;
}

/**
 * A provider's members made just in time get its default role: whoever sets it must hold every permission that
 * role grants (as for giving a member a role: nobody hands out more than they may do themselves).
 */
function mayGrant(call: Call, role: keyof typeof BUILT_IN_PERMISSIONS): void {
  const missing = BUILT_IN_PERMISSIONS[role].filter((permission) => !call.permissions.includes(permission));
  if (missing.length > 0)
    throw new ApiError('forbidden', `The ${role} role grants permissions you do not hold: ${missing.join(', ')}.`);
}

/** What the audit log keeps of a provider: never its secret (a SAML certificate is public, its fingerprint enough). */
function audited(p: SsoProviderRecord): Record<string, unknown> {
  const common = {
    kind: p.kind,
    name: p.name,
    allowedDomains: p.allowedDomains,
    defaultRole: p.defaultRole,
    enabled: p.enabled,
  };
  if (p.saml)
    return {
      ...common,
      idpEntityId: p.issuer,
      ssoUrl: p.saml.ssoUrl,
      idpCertificateSha256: new X509Certificate(p.saml.certificate).fingerprint256,
      emailAttribute: p.saml.emailAttribute,
    };
  return {
    ...common,
    issuer: p.issuer,
    clientId: p.clientId,
    scopes: p.scopes,
  };
}

/** Refuses a body's fields with a 400 naming the problem; resolves a SAML certificate as kept (PEM). */
function checkedFields(sso: Sso, kind: SsoProviderRecord['kind'], body: Record<string, unknown>): string | undefined {
  const checked = sso.providers.fieldsProblem(kind, body);
  if ('problem' in checked) throw new ApiError('bad_request', checked.problem);
  return checked.certificate;
}

const TAKEN = 'This domain is verified by another site of this relay: one domain, one site.';

/**
 * Single sign-on's settings (docs/accounts.md, "Single sign-on"): who may manage the site's team (the feature's
 * permission, `team.manage`). In the order the API document lists them: the providers, their domains, then whether
 * the site requires them.
 */
export const ssoRoutes: readonly AdminRoute[] = [
  adminRoute({
    method: 'GET',
    path: '/v1/admin/sso/providers',
    doc: {
      summary: 'List the site’s identity providers',
      description: 'OpenID Connect and SAML 2.0 (`kind`). Never a client secret.',
      tag: 'sso',
      responses: ok('The providers, oldest first.', SsoProviderList),
    },
    run: async (call) => {
      const sso = ssoOf(call);
      const items = (await sso.repository.providers(call.site.id)).map((p) => sso.providers.view(p));
      return { status: 200, body: { items } satisfies SsoProviderList };
    },
  }),
  adminRoute({
    method: 'POST',
    path: '/v1/admin/sso/providers',
    requestBody: SsoProviderCreate,
    doc: {
      summary: 'Add an identity provider',
      description:
        'An OpenID Connect provider (`kind` `oidc`, the default): its issuer (discovered when a sign-in starts, or now with `…/check`), the client registered there, the scopes. Its secret is sealed with the relay’s data key and never answered; register the answer’s `redirectUri` at the provider.\n\nA SAML 2.0 identity provider (`kind` `saml`): its entity id, its single sign-on URL (HTTP-Redirect binding), its signing certificate (a certificate that does not parse is refused with 400), and optionally the attribute that carries the email. Register the answer’s `spEntityId` (the Audience), `acsUrl` (HTTP-POST) or simply its `metadataUrl` at the provider. Assertions must be signed by that certificate.\n\nBoth: the email domains it may sign in, and the role of members it makes just in time.',
      tag: 'sso',
      responses: ok('Added.', SsoProvider, '201'),
    },
    run: async (call) => {
      const body = call.body;
      mayGrant(call, body.defaultRole ?? 'agent');
      const sso = ssoOf(call);
      const certificate = checkedFields(sso, body.kind ?? 'oidc', body);
      const made = await sso.providers.create(call.site.id, body, certificate, call.now);
      await sso.domains.claim(call.site.id, made.allowedDomains, call.now);
      await audit(call, 'sso.provider_create', 'sso_provider', made.id, audited(made));
      return { status: 201, body: sso.providers.view(made) satisfies SsoProvider };
    },
  }),
  adminRoute({
    method: 'PATCH',
    path: '/v1/admin/sso/providers/{id}',
    resource: 'provider',
    requestBody: SsoProviderPatch,
    doc: {
      summary: 'Change an identity provider',
      description:
        'A new `clientSecret` replaces the sealed one. The kind does not change: a field of the other kind is refused (400), as is a SAML certificate that does not parse. Disabling the last enabled provider of a site that requires single sign-on is refused (409 `conflict`).',
      tag: 'sso',
      conflict: true,
      responses: ok('Changed.', SsoProvider),
    },
    run: async (call) => {
      const body = call.body;
      const sso = ssoOf(call);
      const before = await providerOr404(call);
      mayGrant(call, body.defaultRole ?? before.defaultRole);
      const certificate = checkedFields(sso, before.kind, body);
      // The last enabled provider of a site that requires SSO stays: its members would have no way in.
      if (body.enabled === false && before.enabled && (await sso.repository.requireSso(call.site.id))) {
        const others = (await sso.repository.providers(call.site.id)).filter((p) => p.enabled && p.id !== before.id);
        if (others.length === 0)
          throw new ApiError('conflict', 'This site requires single sign-on: turn that off before this provider.');
      }
      const after = await sso.providers.update(before, body, certificate, call.now);
      await sso.domains.claim(call.site.id, after.allowedDomains, call.now);
      await audit(call, 'sso.provider_update', 'sso_provider', after.id, {
        before: audited(before),
        after: audited(after),
        ...(body.clientSecret !== undefined ? { clientSecretChanged: true } : {}),
      });
      return { status: 200, body: sso.providers.view(after) satisfies SsoProvider };
    },
  }),
  adminRoute({
    method: 'DELETE',
    path: '/v1/admin/sso/providers/{id}',
    resource: 'provider',
    doc: {
      summary: 'Delete an identity provider',
      description:
        'Its links to accounts go with it (the accounts and their memberships stay). The last enabled provider of a site that requires single sign-on is refused (409 `conflict`).',
      tag: 'sso',
      conflict: true,
      responses: { '204': { description: 'Deleted.' } },
    },
    run: async (call) => {
      await call.request.body;
      const sso = ssoOf(call);
      const before = await providerOr404(call);
      if (before.enabled && (await sso.repository.requireSso(call.site.id))) {
        const others = (await sso.repository.providers(call.site.id)).filter((p) => p.enabled && p.id !== before.id);
        if (others.length === 0)
          throw new ApiError('conflict', 'This site requires single sign-on: turn that off before this provider.');
      }
      await sso.providers.remove(call.site.id, before.id);
      await audit(call, 'sso.provider_delete', 'sso_provider', before.id, audited(before));
      return { status: 204 };
    },
  }),
  adminRoute({
    method: 'POST',
    path: '/v1/admin/sso/providers/{id}/check',
    resource: 'provider',
    doc: {
      summary: 'Check an identity provider',
      description:
        'OpenID Connect: fetches the issuer’s discovery document now and says whether it answered, and whether it offers back-channel logout. SAML: whether the signing certificate is valid now (`authorizationEndpoint` is the single sign-on URL).',
      tag: 'sso',
      responses: ok('What discovery found.', SsoProviderCheck),
    },
    run: async (call) => {
      await call.request.body;
      const provider = await providerOr404(call);
      return { status: 200, body: (await ssoOf(call).providers.check(provider)) satisfies SsoProviderCheck };
    },
  }),
  adminRoute({
    method: 'GET',
    path: '/v1/admin/sso/domains',
    doc: {
      summary: 'The email domains of the site’s providers',
      description:
        'Every domain a provider of the site allows (claimed when the provider is saved), whether the site verified it, and the DNS record that verifies it. A provider makes accounts just in time only for a verified domain; identities linked before, and links of the site’s members after their password, work either way.',
      tag: 'sso',
      responses: ok('The domains.', SsoDomainList),
    },
    run: async (call) => ({
      status: 200,
      body: { items: await ssoOf(call).domains.list(call.site.id) } satisfies SsoDomainList,
    }),
  }),
  adminRoute({
    method: 'POST',
    path: '/v1/admin/sso/domains/verify',
    requestBody: SsoDomainVerify,
    doc: {
      summary: 'Verify an email domain in DNS',
      description:
        'Looks up the TXT record `parley-domain-verification=<token>` (the domain’s `record`) at `_parley.<domain>` or at the domain itself, now. Found: the domain is verified for this site (`verified: true`). Not found: `verified: false`, try again once the record is published. One domain is verified for one site of the relay: 409 `conflict` when another site has it. 404 when no provider of the site allows the domain.',
      tag: 'sso',
      notFound: true,
      conflict: true,
      responses: ok('The domain, verified or not.', SsoDomain),
    },
    run: async (call) => {
      const { domain } = call.body;
      const checked = await ssoOf(call).domains.verify(call.site.id, domain, call.now);
      if (!checked) throw new ApiError('not_found', 'No provider of this site allows this domain.');
      if (checked.state === 'taken') throw new ApiError('conflict', TAKEN);
      if (checked.state === 'verified' && checked.domain.verifiedAt === call.now)
        await audit(call, 'sso.domain_verify', 'site', call.site.id, { domain });
      return { status: 200, body: checked.domain satisfies SsoDomain };
    },
  }),
  adminRoute({
    method: 'POST',
    path: '/v1/admin/sso/domains/mail',
    requestBody: SsoDomainMail,
    doc: {
      summary: 'Verify an email domain by mail: send a code',
      description:
        'The other way to verify a domain, without DNS: emails a one-time code to `address`, one of the domain’s administrative mailboxes (`admin@`, `administrator@`, `hostmaster@`, `postmaster@` or `webmaster@` the domain itself, those a certificate authority may mail to prove control of a domain; 400 otherwise), for whoever reads it to enter with `POST /v1/admin/sso/domains/confirm`. A code, not a link: it needs no public URL. The domain’s `mail` then names the address; a new code replaces the one before. At most one a minute for a domain of the site (429 `rate_limited`, `retry-after`). 404 when no provider of the site allows the domain; 409 `conflict` when it is verified already, for this site or another (one domain, one site); 503 `email_unavailable` when the relay sends no email (no SMTP) or the code could not be sent (nothing is kept then).',
      tag: 'sso',
      notFound: true,
      conflict: true,
      responses: {
        ...ok('Sent: the domain, with the address the code went to in `mail`.', SsoDomain),
        '503': errorResponse('`email_unavailable`: no SMTP, or the code could not be sent.'),
      },
    },
    run: async (call) => {
      const { domain, address } = call.body;
      const sso = ssoOf(call);
      const mailer = call.use('email')?.mailer;
      if (!mailer)
        throw new ApiError('email_unavailable', 'This relay sends no email (no SMTP): publish the DNS record.');
      const started = await sso.domains.startMail(call.site.id, domain, address, sso.now());
      if (started.state === 'unclaimed')
        throw new ApiError('not_found', 'No provider of this site allows this domain.');
      if (started.state === 'verified')
        throw new ApiError('conflict', 'This domain is verified for this site already.');
      if (started.state === 'taken') throw new ApiError('conflict', TAKEN);
      if (started.state === 'wait')
        throw new ApiError('rate_limited', 'A code for this domain was sent less than a minute ago.', {
          'retry-after': String(Math.ceil(started.retryAfterMs / 1000)),
        });
      if (!(await sendDomainCode(mailer, { address, domain, code: started.code }, call.site.name))) {
        await sso.domains.dropMail(call.site.id, domain, started.codeHash);
        throw new ApiError('email_unavailable', 'The code could not be emailed: try again, or publish the DNS record.');
      }
      await audit(call, 'sso.domain_mail', 'site', call.site.id, { domain, address });
      return { status: 200, body: (await sso.domains.one(call.site.id, domain))! satisfies SsoDomain };
    },
  }),
  adminRoute({
    method: 'POST',
    path: '/v1/admin/sso/domains/confirm',
    requestBody: SsoDomainConfirm,
    doc: {
      summary: 'Verify an email domain by mail: enter the code',
      description:
        'The code mailed by `POST /v1/admin/sso/domains/mail` (case, spaces and dashes do not matter). Right: the domain is verified for this site (`verified: true`). A code works for 24 hours and for 5 tries, right or wrong, counted as they come in (400 `bad_request`, saying which: not the code, or no longer works; then send a new one); only its SHA-256 is kept. 404 when no provider of the site allows the domain or no code was sent; 409 `conflict` when it is verified already, or another site verified it first (one domain, one site).',
      tag: 'sso',
      notFound: true,
      conflict: true,
      responses: ok('The domain, verified.', SsoDomain),
    },
    run: async (call) => {
      const { domain, code } = call.body;
      const sso = ssoOf(call);
      const waiting = await sso.domains.one(call.site.id, domain);
      const outcome = await sso.domains.confirmMail(call.site.id, domain, code, sso.now());
      if (outcome === 'unclaimed') throw new ApiError('not_found', 'No provider of this site allows this domain.');
      if (outcome === 'no_code') throw new ApiError('not_found', 'No code was mailed for this domain: send one first.');
      if (outcome === 'verified_already')
        throw new ApiError('conflict', 'This domain is verified for this site already.');
      if (outcome === 'taken') throw new ApiError('conflict', TAKEN);
      if (outcome === 'expired')
        throw new ApiError('bad_request', 'That code no longer works (a day old, or 5 tried): send a new one.');
      if (outcome === 'wrong')
        throw new ApiError('bad_request', `That is not the code sent to ${waiting?.mail?.address ?? 'the address'}.`);
      await audit(call, 'sso.domain_verify', 'site', call.site.id, {
        domain,
        method: 'mail',
        address: waiting?.mail?.address ?? null,
      });
      return { status: 200, body: (await sso.domains.one(call.site.id, domain))! satisfies SsoDomain };
    },
  }),
  adminRoute({
    method: 'GET',
    path: '/v1/admin/sso/settings',
    doc: {
      summary: 'Whether the site requires single sign-on',
      description: '',
      tag: 'sso',
      responses: ok('The setting.', SsoSettings),
    },
    run: async (call) => ({
      status: 200,
      body: { requireSso: await ssoOf(call).repository.requireSso(call.site.id) } satisfies SsoSettings,
    }),
  }),
  adminRoute({
    method: 'PUT',
    path: '/v1/admin/sso/settings',
    requestBody: SsoSettings,
    doc: {
      summary: 'Require single sign-on, or not',
      description:
        'Required: passwords of the site’s members are refused with 403 `sso_required` (after the password proved right, so the answer tells nothing to who does not know it), and invitations to the site are not accepted with a password. Two-factor is then the provider’s business: a site’s two-factor rule does not apply to sessions a provider opened. Turning it on ends the site’s sessions that a password opened (their sockets close with 4014), except the caller’s own. Needs an enabled provider (409 `conflict`).',
      tag: 'sso',
      conflict: true,
      responses: ok('Saved.', SsoSettings),
    },
    run: async (call) => {
      const body = call.body;
      const sso = ssoOf(call);
      const before = await sso.repository.requireSso(call.site.id);
      if (body.requireSso && !(await sso.canRequire(call.site.id)))
        throw new ApiError('conflict', 'Add and enable a provider before requiring single sign-on.');
      await sso.repository.setRequireSso(call.site.id, body.requireSso, call.now);
      // Required from now on: what passwords opened ends (the caller's own session stays, to finish the set-up).
      const sessionsRevoked =
        body.requireSso && !before ? await sso.endPasswordSessions(call.site.id, call.session?.id, call.now) : 0;
      await audit(call, 'sso.settings_update', 'site', call.site.id, {
        before: { requireSso: before },
        after: body,
        sessionsRevoked,
      });
      return { status: 200, body: body satisfies SsoSettings };
    },
  }),
];

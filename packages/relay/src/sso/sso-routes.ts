import { X509Certificate } from 'node:crypto';
import {
  BUILT_IN_PERMISSIONS,
  SsoDomainConfirm,
  SsoDomainMail,
  SsoDomainVerify,
  SsoProviderCreate,
  SsoProviderPatch,
  SsoSettings,
  type SsoDomain,
  type SsoDomainList,
  type SsoProvider,
  type SsoProviderCheck,
  type SsoProviderList,
} from '@parley/protocol/admin';
import { ApiError, parseBody } from '../http/admin-http.js';
import { audit, type AdminRoute, type Call } from '../http/admin-routes/admin-route.js';
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

/** Single sign-on's settings (docs/accounts.md, "Single sign-on"): who may manage the site's team. */
export const ssoRoutes: readonly AdminRoute[] = [
  {
    method: 'GET',
    path: '/v1/admin/sso/providers',
    permission: 'team.manage',
    run: async (call) => {
      const sso = ssoOf(call);
      const items = (await sso.repository.providers(call.site.id)).map((p) => sso.providers.view(p));
      return { status: 200, body: { items } satisfies SsoProviderList };
    },
  },
  {
    method: 'POST',
    path: '/v1/admin/sso/providers',
    permission: 'team.manage',
    requestBody: SsoProviderCreate,
    run: async (call) => {
      const body = await parseBody(call.request, SsoProviderCreate);
      mayGrant(call, body.defaultRole ?? 'agent');
      const sso = ssoOf(call);
      const certificate = checkedFields(sso, body.kind ?? 'oidc', body);
      const made = await sso.providers.create(call.site.id, body, certificate, call.now);
      await sso.domains.claim(call.site.id, made.allowedDomains, call.now);
      await audit(call, 'sso.provider_create', 'sso_provider', made.id, audited(made));
      return { status: 201, body: sso.providers.view(made) satisfies SsoProvider };
    },
  },
  {
    method: 'PATCH',
    path: '/v1/admin/sso/providers/{id}',
    permission: 'team.manage',
    requestBody: SsoProviderPatch,
    run: async (call) => {
      const body = await parseBody(call.request, SsoProviderPatch);
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
  },
  {
    method: 'DELETE',
    path: '/v1/admin/sso/providers/{id}',
    permission: 'team.manage',
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
  },
  {
    method: 'POST',
    path: '/v1/admin/sso/providers/{id}/check',
    permission: 'team.manage',
    run: async (call) => {
      await call.request.body;
      const provider = await providerOr404(call);
      return { status: 200, body: (await ssoOf(call).providers.check(provider)) satisfies SsoProviderCheck };
    },
  },
  {
    method: 'GET',
    path: '/v1/admin/sso/settings',
    permission: 'team.manage',
    run: async (call) => ({
      status: 200,
      body: { requireSso: await ssoOf(call).repository.requireSso(call.site.id) } satisfies SsoSettings,
    }),
  },
  {
    method: 'PUT',
    path: '/v1/admin/sso/settings',
    permission: 'team.manage',
    requestBody: SsoSettings,
    run: async (call) => {
      const body = await parseBody(call.request, SsoSettings);
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
  },
  {
    method: 'GET',
    path: '/v1/admin/sso/domains',
    permission: 'team.manage',
    run: async (call) => ({
      status: 200,
      body: { items: await ssoOf(call).domains.list(call.site.id) } satisfies SsoDomainList,
    }),
  },
  {
    method: 'POST',
    path: '/v1/admin/sso/domains/verify',
    permission: 'team.manage',
    requestBody: SsoDomainVerify,
    run: async (call) => {
      const { domain } = await parseBody(call.request, SsoDomainVerify);
      const checked = await ssoOf(call).domains.verify(call.site.id, domain, call.now);
      if (!checked) throw new ApiError('not_found', 'No provider of this site allows this domain.');
      if (checked.state === 'taken') throw new ApiError('conflict', TAKEN);
      if (checked.state === 'verified' && checked.domain.verifiedAt === call.now)
        await audit(call, 'sso.domain_verify', 'site', call.site.id, { domain });
      return { status: 200, body: checked.domain satisfies SsoDomain };
    },
  },
  {
    method: 'POST',
    path: '/v1/admin/sso/domains/mail',
    permission: 'team.manage',
    requestBody: SsoDomainMail,
    run: async (call) => {
      const { domain, address } = await parseBody(call.request, SsoDomainMail);
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
  },
  {
    method: 'POST',
    path: '/v1/admin/sso/domains/confirm',
    permission: 'team.manage',
    requestBody: SsoDomainConfirm,
    run: async (call) => {
      const { domain, code } = await parseBody(call.request, SsoDomainConfirm);
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
  },
];

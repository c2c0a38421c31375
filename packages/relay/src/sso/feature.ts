import { defineFeature } from '../features/feature.js';
import { SecretSealer } from '../store/secret-sealer.js';
import { ssoConfig } from './sso-config.js';
import { registerSsoHttp } from './sso-http.js';
import { SSO_MIGRATIONS } from './sso-migrations.js';
import { ssoPaths } from './sso-openapi.js';
import { SsoRepository } from './sso-repository.js';
import { ssoRoutes } from './sso-routes.js';
import { Sso } from './sso.js';

declare module '../features/feature-instances.js' {
  interface FeatureInstances {
    sso: Sso;
  }
}

/**
 * Single sign-on for staff through OpenID Connect (ADR 0036) or SAML 2.0 (ADR 0037) (docs/accounts.md, "Single
 * sign-on"): a site's providers, the sign-in and its callback (SAML: its metadata and ACS), just-in-time members,
 * linking after the password, a site's requirement (passwords refused), back-channel logout.
 */
export const ssoFeature = defineFeature({
  name: 'sso',
  config: ssoConfig,
  migrations: SSO_MIGRATIONS,
  adminRoutes: ssoRoutes,
  // Its settings are the team's: who may manage the team may choose how it signs in.
  permission: 'team.manage',
  apiTag: {
    name: 'sso',
    description:
      'Single sign-on through OpenID Connect and SAML 2.0 providers (docs/accounts.md, “Single sign-on”): the site’s providers and whether it requires them (admins), and the public routes of the sign-in.',
  },
  // The public routes of the sign-in (sso-http.ts), served outside the admin API.
  apiPaths: ssoPaths,
  create: ({ config, accounts, admin, db, dataKey, publicOrigin, log, options }) => {
    const repository = new SsoRepository(db);
    const sso = new Sso({
      repository,
      accounts,
      admin,
      sealer: new SecretSealer(dataKey),
      publicOrigin,
      log,
      allowHttp: config.ssoAllowHttp,
      allowPrivate: config.ssoAllowPrivate,
      dnsServers: config.dnsServers,
      ...(options.clock ? { now: options.clock } : {}),
    });
    accounts.addSignInPolicy(sso);
    return {
      instance: sso,
      // The SAML library's thread only where a site has a SAML provider (a new one starts it when it is made).
      preload: async () => {
        if ((await repository.providers()).some((p) => p.kind === 'saml')) await sso.saml.client.warm();
      },
      close: () => sso.saml.client.close(),
      http: (app) =>
        registerSsoHttp(app, {
          sso,
          accounts,
          publicOrigin,
          allowedOrigins: config.adminAllowedOrigins,
          trustProxy: config.trustProxy,
          log,
          limit: options.signInAddressLimit,
        }),
    };
  },
});

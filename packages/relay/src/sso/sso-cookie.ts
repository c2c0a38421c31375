import { SSO_FLOW_TTL_MS, SSO_LINK_TTL_MS } from './sso.js';

/** The cookie that ties a sign-in to the browser that started it (its secret's hash is kept with the sign-in). */
export const SSO_BINDING_COOKIE = '__Host-parley_sso';

/** A new binding secret's cookie: HttpOnly, `SameSite=Lax` (it must come back with the provider's redirect). */
export function bindingCookie(secret: string): string {
  return `${SSO_BINDING_COOKIE}=${secret}; Path=/; HttpOnly; Secure; SameSite=Lax; Max-Age=${SSO_FLOW_TTL_MS / 1000}`;
}

/** The binding cookie, removed. */
export const CLEARED_BINDING_COOKIE = `${SSO_BINDING_COOKIE}=; Path=/; HttpOnly; Secure; SameSite=Lax; Max-Age=0`;

/**
 * A SAML sign-in's binding cookie: the provider POSTs its answer back, a cross-site POST that a `SameSite=Lax`
 * cookie does not come with, so this one is `SameSite=None` (still HttpOnly, Secure, ten minutes, and good for one
 * sign-in only: the request id it is checked with is used once).
 */
export const SAML_BINDING_COOKIE = '__Host-parley_saml';

export function samlBindingCookie(secret: string): string {
  return `${SAML_BINDING_COOKIE}=${secret}; Path=/; HttpOnly; Secure; SameSite=None; Max-Age=${SSO_FLOW_TTL_MS / 1000}`;
}

export const CLEARED_SAML_BINDING_COOKIE = `${SAML_BINDING_COOKIE}=; Path=/; HttpOnly; Secure; SameSite=None; Max-Age=0`;

/** A binding cookie's value in a `Cookie` header (the OpenID one unless `name` says otherwise). */
export function bindingSecret(cookieHeader: string | undefined, name = SSO_BINDING_COOKIE): string | undefined {
  for (const part of (cookieHeader ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== name) continue;
    const value = part.slice(eq + 1).trim();
    return /^[A-Za-z0-9_-]{16,200}$/.test(value) ? value : undefined;
  }
  return undefined;
}

/**
 * The cookie that ties a pending link (`#sso-link=…`) to the browser the sign-in came back to: the token in the
 * address alone links nothing. `SameSite=Strict` (only the inbox's own requests carry it), as long as the link lives.
 */
export const SSO_LINK_COOKIE = '__Host-parley_sso_link';

export function linkCookie(secret: string): string {
  return `${SSO_LINK_COOKIE}=${secret}; Path=/; HttpOnly; Secure; SameSite=Strict; Max-Age=${SSO_LINK_TTL_MS / 1000}`;
}

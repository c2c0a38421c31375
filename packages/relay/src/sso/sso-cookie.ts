import { SSO_FLOW_TTL_MS } from './sso.js';

/** The cookie that ties a sign-in to the browser that started it (its secret's hash is kept with the sign-in). */
export const SSO_BINDING_COOKIE = '__Host-parley_sso';

/** A new binding secret's cookie: HttpOnly, `SameSite=Lax` (it must come back with the provider's redirect). */
export function bindingCookie(secret: string): string {
  return `${SSO_BINDING_COOKIE}=${secret}; Path=/; HttpOnly; Secure; SameSite=Lax; Max-Age=${SSO_FLOW_TTL_MS / 1000}`;
}

/** The binding cookie, removed. */
export const CLEARED_BINDING_COOKIE = `${SSO_BINDING_COOKIE}=; Path=/; HttpOnly; Secure; SameSite=Lax; Max-Age=0`;

/** The binding cookie's value in a `Cookie` header. */
export function bindingSecret(cookieHeader: string | undefined): string | undefined {
  for (const part of (cookieHeader ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== SSO_BINDING_COOKIE) continue;
    const value = part.slice(eq + 1).trim();
    return /^[A-Za-z0-9_-]{16,200}$/.test(value) ? value : undefined;
  }
  return undefined;
}

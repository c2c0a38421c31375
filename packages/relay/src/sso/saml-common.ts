import type { IdentityClaims } from './oidc-client.js';
import type { SamlSettings } from './sso-repository.js';

/*
 * What the relay's side of SAML (saml-client.ts, on the event loop) and the thread that runs the SAML library
 * (saml-thread.ts) share: the limits, the error, and what passes between them.
 */

/** How long a SAML sign-in may take at the provider (its AuthnRequest's id is kept that long). */
export const SAML_FLOW_TTL_MS = 10 * 60_000;
/** How far the relay's clock and the identity provider's may disagree (NotBefore, NotOnOrAfter). */
export const SAML_CLOCK_SKEW_MS = 2 * 60_000;
/** The largest SAMLResponse taken (base64): an assertion with a certificate and attributes is a few kilobytes. */
export const MAX_SAML_RESPONSE_LENGTH = 256 * 1024;

/** Why a SAML response was refused (never the response itself in it: it may be logged). */
export class SamlError extends Error {
  override name = 'SamlError';
}

/** The relay's side of one SAML provider: its entity id (the Audience) and its ACS URL (Recipient, Destination). */
export interface SamlServiceProvider {
  readonly entityId: string;
  readonly acsUrl: string;
}

/** A verified assertion: who it is, and the ids to refuse a replay of until `expiresAt`. */
export interface SamlAssertion {
  readonly claims: IdentityClaims;
  readonly ids: readonly string[];
  readonly expiresAt: number;
}

/** What the thread needs of a provider: its SAML settings and its IdP entity id. */
export type SamlIdentityProvider = SamlSettings & { readonly issuer: string };

/**
 * What the SAML thread is asked. `validate` carries the request the response answers, already claimed by the relay
 * (its id and when it was made): the library's InResponseTo checks find that request and no other.
 */
export type SamlThreadRequest =
  | { readonly op: 'ready' }
  | { readonly op: 'authorize'; readonly idp: SamlIdentityProvider; readonly sp: SamlServiceProvider }
  | { readonly op: 'metadata'; readonly idp: SamlIdentityProvider; readonly sp: SamlServiceProvider }
  | {
      readonly op: 'validate';
      readonly idp: SamlIdentityProvider;
      readonly sp: SamlServiceProvider;
      readonly samlResponse: string;
      readonly requestId: string;
      readonly requestMadeAt: number;
    };

/** What the SAML thread answers: what was asked for, or why not (a refusal's reason, or the library's error). */
export type SamlThreadReply =
  | {
      readonly ok: true;
      readonly url?: string;
      readonly requestId?: string;
      readonly metadata?: string;
      readonly assertion?: SamlAssertion;
    }
  | { readonly ok: false; readonly refused: boolean; readonly error: string };

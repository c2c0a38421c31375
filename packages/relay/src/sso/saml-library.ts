import { SAML, ValidateInResponseTo, type Profile, type SamlConfig } from '@node-saml/node-saml';
import {
  SAML_CLOCK_SKEW_MS,
  SAML_FLOW_TTL_MS,
  SamlError,
  type SamlAssertion,
  type SamlIdentityProvider,
  type SamlServiceProvider,
} from './saml-common.js';

/*
 * The SAML library's side of SAML 2.0 Web Browser SSO, over `@node-saml/node-saml` (ADR 0037): run by the SAML thread
 * (saml-thread.ts) only, never on the relay's event loop. node-saml and its XML stack (xpath, xmlbuilder, xmldom,
 * xml-crypto) are about 1.1 MB of code: loading them held the loop ~100 ms, and a first response verified with that
 * code not yet compiled held it 50–57 ms on a slow machine, which anyone may cause by POSTing to an ACS URL.
 */

const EMAIL_NAME_ID = 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress';
const BEARER = 'urn:oasis:names:tc:SAML:2.0:cm:bearer';

/** Where the email is looked for when the provider names no attribute (Entra ID's claim, LDAP's `mail`, its OID). */
const EMAIL_ATTRIBUTES = [
  'email',
  'mail',
  'urn:oid:0.9.2342.19200300.100.1.3',
  'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress',
];
const NAME_ATTRIBUTES = [
  'displayName',
  'name',
  'urn:oid:2.16.840.1.113730.3.1.241',
  'http://schemas.microsoft.com/identity/claims/displayname',
];

/**
 * The library set up for one provider. `made` learns the id of an AuthnRequest it makes; `claimed` is the request a
 * response must answer (claimed by the relay beforehand): the library's InResponseTo checks (the response's, then
 * the subject's) find that request and no other.
 */
function samlFor(
  idp: SamlIdentityProvider,
  sp: SamlServiceProvider,
  hooks: {
    readonly made?: (requestId: string) => void;
    readonly claimed?: { readonly requestId: string; readonly madeAt: number };
  } = {},
): SAML {
  const { made, claimed } = hooks;
  const config: SamlConfig = {
    issuer: sp.entityId,
    audience: sp.entityId,
    callbackUrl: sp.acsUrl,
    entryPoint: idp.ssoUrl,
    idpCert: idp.certificate,
    wantAssertionsSigned: true,
    // The envelope may be unsigned (Entra ID's and Google's default); the assertion may not.
    wantAuthnResponseSigned: false,
    acceptedClockSkewMs: SAML_CLOCK_SKEW_MS,
    validateInResponseTo: ValidateInResponseTo.always,
    requestIdExpirationPeriodMs: SAML_FLOW_TTL_MS,
    // The default asks for exactly "password over TLS", which providers with MFA or passwordless refuse.
    disableRequestedAuthnContext: true,
    cacheProvider: {
      saveAsync: async (key, value) => {
        made?.(key);
        return { value, createdAt: Date.now() };
      },
      getAsync: async (key) =>
        claimed !== undefined && key === claimed.requestId ? new Date(claimed.madeAt).toISOString() : null,
      removeAsync: async () => null,
    },
  };
  return new SAML(config);
}

/** The AuthnRequest's id and the provider's SSO URL carrying it (HTTP-Redirect binding, deflated). */
export async function samlAuthorization(
  idp: SamlIdentityProvider,
  sp: SamlServiceProvider,
): Promise<{ url: string; requestId: string }> {
  let requestId = '';
  const url = await samlFor(idp, sp, { made: (id) => (requestId = id) }).getAuthorizeUrlAsync('', undefined, {});
  if (requestId === '') throw new SamlError('no request id');
  return { url, requestId };
}

/** The SP metadata to give the provider: the entity id, the ACS (HTTP-POST), assertions wanted signed. */
export function samlMetadata(idp: SamlIdentityProvider, sp: SamlServiceProvider): string {
  return samlFor(idp, sp).generateServiceProviderMetadata(null, null);
}

/**
 * Verifies a `SAMLResponse` for `sp` that answers the request `requestId` (made at `requestMadeAt`, claimed by the
 * relay): the assertion signed by the provider's certificate (an unsigned one, or one signed by another key, is
 * refused), InResponseTo that request, NotBefore and NotOnOrAfter within two minutes' skew, the Audience, the Issuer
 * and the Recipient. Replays are the relay's to refuse with {@link SamlAssertion.ids} (the response's own id is the
 * relay's to add: it read it before).
 */
export async function samlVerify(
  idp: SamlIdentityProvider,
  sp: SamlServiceProvider,
  samlResponse: string,
  requestId: string,
  requestMadeAt: number,
): Promise<SamlAssertion> {
  let profile: Profile | null;
  try {
    ({ profile } = await samlFor(idp, sp, { claimed: { requestId, madeAt: requestMadeAt } }).validatePostResponseAsync({
      SAMLResponse: samlResponse,
    }));
  } catch (error) {
    throw new SamlError(error instanceof Error ? error.message.slice(0, 300) : 'refused');
  }
  if (!profile) throw new SamlError('no assertion');
  if (profile.issuer !== idp.issuer) throw new SamlError('the assertion’s Issuer is not the provider’s entity id');
  const assertion = (profile.getAssertion?.() as { Assertion?: SamlAssertionXml } | undefined)?.Assertion;
  const assertionId = assertion?.$?.ID;
  if (!assertion || !assertionId) throw new SamlError('the assertion has no ID');
  const confirmations = (assertion.Subject?.[0]?.SubjectConfirmation ?? []).filter((c) => c.$?.Method === BEARER);
  const data = confirmations.map((c) => c.SubjectConfirmationData?.[0]?.$ ?? {});
  if (!data.some((d) => d.Recipient === sp.acsUrl))
    throw new SamlError('the assertion’s Recipient is not this ACS URL');
  const ends = [...data.map((d) => d.NotOnOrAfter), assertion.Conditions?.[0]?.$?.NotOnOrAfter].flatMap((t) =>
    t === undefined || Number.isNaN(Date.parse(t)) ? [] : [Date.parse(t)],
  );
  const expiresAt = (ends.length > 0 ? Math.max(...ends) : Date.now() + SAML_FLOW_TTL_MS) + SAML_CLOCK_SKEW_MS;
  const email = emailOf(profile, idp.emailAttribute);
  return {
    claims: {
      subject: profile.nameID,
      email,
      // The IdP's own attribute, from a signed assertion: SAML has no "verified" flag; the allowed domains and
      // linking after the password guard what it could claim (docs/accounts.md).
      emailVerified: email !== undefined,
      name: firstString(profile, NAME_ATTRIBUTES),
      sid: undefined,
    },
    ids: [`assertion ${assertionId}`],
    expiresAt,
  };
}

interface SamlAssertionXml {
  $?: { ID?: string };
  Subject?: {
    SubjectConfirmation?: {
      $?: { Method?: string };
      SubjectConfirmationData?: { $?: { Recipient?: string; NotOnOrAfter?: string } }[];
    }[];
  }[];
  Conditions?: { $?: { NotOnOrAfter?: string } }[];
}

function firstString(profile: Profile, names: readonly string[]): string | undefined {
  for (const name of names) {
    const value = profile.attributes === undefined ? undefined : (profile.attributes as Record<string, unknown>)[name];
    const first = Array.isArray(value) ? value[0] : value;
    if (typeof first === 'string' && first.trim() !== '') return first.trim();
  }
  return undefined;
}

/** The email: the named attribute; else the usual ones, then a NameID of the `emailAddress` format. */
function emailOf(profile: Profile, attribute: string | null): string | undefined {
  const found =
    attribute !== null
      ? firstString(profile, [attribute])
      : (firstString(profile, EMAIL_ATTRIBUTES) ??
        (profile.nameIDFormat === EMAIL_NAME_ID && profile.nameID ? profile.nameID.trim() : undefined));
  return found?.toLowerCase();
}

import { X509Certificate } from 'node:crypto';
import type { Profile, SAML, SamlConfig } from '@node-saml/node-saml';
import { parseDocument } from 'htmlparser2';
import type { IdentityClaims } from './oidc-client.js';
import type { SsoProviderRecord } from './sso-repository.js';
import { samlShapeError } from './saml-shape.js';

/** How long a SAML sign-in may take at the provider (its AuthnRequest's id is kept that long). */
export const SAML_FLOW_TTL_MS = 10 * 60_000;
/** How far the relay's clock and the identity provider's may disagree (NotBefore, NotOnOrAfter). */
export const SAML_CLOCK_SKEW_MS = 2 * 60_000;
/** The largest SAMLResponse taken (base64): an assertion with a certificate and attributes is a few kilobytes. */
export const MAX_SAML_RESPONSE_LENGTH = 256 * 1024;

const PROTOCOL_NS = 'urn:oasis:names:tc:SAML:2.0:protocol';
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
 * node-saml and its XML stack (xpath, xmlbuilder, xmldom, xml-crypto: about 1.1 MB of code, ~100 ms of the event
 * loop to load): loaded on the first SAML use, or in the background once the relay listens when a site has a SAML
 * provider (the feature's preload) or when one is made, not at every start.
 */
export const loadSaml = (): Promise<typeof import('@node-saml/node-saml')> => import('@node-saml/node-saml');

/** The relay's side of one SAML provider: its entity id (the Audience) and its ACS URL (Recipient, Destination). */
export interface SamlServiceProvider {
  readonly entityId: string;
  readonly acsUrl: string;
}

/** Why a SAML response was refused (never the response itself in it: it may be logged). */
export class SamlError extends Error {
  override name = 'SamlError';
}

/** A verified assertion: who it is, and the ids to refuse a replay of until `expiresAt`. */
export interface SamlAssertion {
  readonly claims: IdentityClaims;
  readonly ids: readonly string[];
  readonly expiresAt: number;
}

/**
 * Reads an IdP signing certificate as an admin pastes it (PEM, or the bare base64 metadata shows): the PEM kept, and
 * when it expires; or why it is not a certificate.
 */
export function readCertificate(text: string): { pem: string; expiresAt: number } | { problem: string } {
  const body = text
    .replace(/-----(BEGIN|END) CERTIFICATE-----/g, '')
    .replace(/\s+/g, '')
    .trim();
  if (body === '' || !/^[A-Za-z0-9+/]+={0,2}$/.test(body) || /-----BEGIN (?!CERTIFICATE)/.test(text))
    return { problem: 'not an X.509 certificate in PEM (-----BEGIN CERTIFICATE-----) or base64' };
  const pem = `-----BEGIN CERTIFICATE-----\n${body.replace(/(.{64})/g, '$1\n').replace(/\n$/, '')}\n-----END CERTIFICATE-----\n`;
  try {
    const certificate = new X509Certificate(pem);
    return { pem, expiresAt: Date.parse(certificate.validTo) };
  } catch {
    return { problem: 'the certificate does not parse (X.509, DER in base64)' };
  }
}

/**
 * The relay's side of SAML 2.0 Web Browser SSO, over `@node-saml/node-saml` (ADR 0037): the AuthnRequest sent by
 * the HTTP-Redirect binding, the SP metadata, and the response POSTed back, verified: the assertion signed by the
 * provider's certificate (an unsigned one, or one signed by another key, is refused), InResponseTo a request this
 * relay made (by `claim`), NotBefore and NotOnOrAfter within two minutes' skew, the Audience, the Issuer, the
 * Recipient and the Destination. Replays are the caller's to refuse with {@link SamlAssertion.ids}.
 */
export class SamlClient {
  async #saml(
    provider: SsoProviderRecord,
    sp: SamlServiceProvider,
    hooks: {
      readonly made?: (requestId: string) => void;
      readonly claim?: (requestId: string) => Promise<number | undefined>;
    } = {},
  ): Promise<SAML> {
    if (!provider.saml) throw new SamlError('not a SAML provider');
    const { SAML, ValidateInResponseTo } = await loadSaml();
    const { made, claim } = hooks;
    // One claim per response: node-saml asks for the request twice (the response's InResponseTo, then the
    // subject's), and the claim uses the sign-in once.
    let claimed: Promise<number | undefined> | undefined;
    let claimedId = '';
    const config: SamlConfig = {
      issuer: sp.entityId,
      audience: sp.entityId,
      callbackUrl: sp.acsUrl,
      entryPoint: provider.saml.ssoUrl,
      idpCert: provider.saml.certificate,
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
        getAsync: async (key) => {
          if (!claim) return null;
          if (claimed === undefined) {
            claimedId = key;
            claimed = claim(key);
          } else if (key !== claimedId) return null;
          const createdAt = await claimed;
          return createdAt === undefined ? null : new Date(createdAt).toISOString();
        },
        removeAsync: async () => null,
      },
    };
    return new SAML(config);
  }

  /** The AuthnRequest's id and the provider's SSO URL carrying it (HTTP-Redirect binding, deflated). */
  async authorization(
    provider: SsoProviderRecord,
    sp: SamlServiceProvider,
  ): Promise<{ url: string; requestId: string }> {
    let requestId = '';
    const saml = await this.#saml(provider, sp, { made: (id) => (requestId = id) });
    const url = await saml.getAuthorizeUrlAsync('', undefined, {});
    if (requestId === '') throw new SamlError('no request id');
    return { url, requestId };
  }

  /** The SP metadata to give the provider: the entity id, the ACS (HTTP-POST), assertions wanted signed. */
  async metadata(provider: SsoProviderRecord, sp: SamlServiceProvider): Promise<string> {
    return (await this.#saml(provider, sp)).generateServiceProviderMetadata(null, null);
  }

  /**
   * Verifies a POSTed `SAMLResponse` for `sp`. `claim` uses the request its InResponseTo names, once: it resolves
   * when that request was made, or rejects (or resolves `undefined`) when it is unknown, used, expired or another
   * browser's.
   */
  async validate(
    provider: SsoProviderRecord,
    sp: SamlServiceProvider,
    samlResponse: string,
    claim: (requestId: string) => Promise<number | undefined>,
  ): Promise<SamlAssertion> {
    if (samlResponse.length > MAX_SAML_RESPONSE_LENGTH) throw new SamlError('the response is too large');
    const xml = Buffer.from(samlResponse, 'base64').toString('utf8');
    // Before any parser sees it: the SAML library's DOM parser holds the event loop for hundreds of ms on shapes no
    // IdP sends (saml-shape.ts).
    const shape = samlShapeError(xml);
    if (shape !== undefined) throw new SamlError(`the response is not shaped like one: ${shape}`);
    const envelope = readEnvelope(xml);
    // Unsigned when only the assertion is: a mismatch still says the response was meant for another place.
    if (envelope.destination !== null && envelope.destination !== sp.acsUrl)
      throw new SamlError('the response’s Destination is not this ACS URL');
    let profile: Profile | null;
    try {
      ({ profile } = await (
        await this.#saml(provider, sp, { claim })
      ).validatePostResponseAsync({
        SAMLResponse: samlResponse,
      }));
    } catch (error) {
      throw new SamlError(error instanceof Error ? error.message.slice(0, 300) : 'refused');
    }
    if (!profile) throw new SamlError('no assertion');
    if (profile.issuer !== provider.issuer)
      throw new SamlError('the assertion’s Issuer is not the provider’s entity id');
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
    const email = emailOf(profile, provider.saml?.emailAttribute ?? null);
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
      ids: [`assertion ${assertionId}`, ...(envelope.id ? [`response ${envelope.id}`] : [])],
      expiresAt,
    };
  }
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

/**
 * The response's own attributes (its ID and Destination), read before the library verifies it: its root element must
 * be a SAML protocol `Response`.
 */
function readEnvelope(xml: string): { id: string | null; destination: string | null } {
  const root = parseDocument(xml, { xmlMode: true }).children.find((node) => node.type === 'tag');
  if (!root || !('attribs' in root)) throw new SamlError('the response is not XML');
  const colon = root.name.indexOf(':');
  const prefix = colon < 0 ? '' : root.name.slice(0, colon);
  const namespace = root.attribs[prefix === '' ? 'xmlns' : `xmlns:${prefix}`];
  if (root.name.slice(colon + 1) !== 'Response' || namespace !== PROTOCOL_NS)
    throw new SamlError('not a SAML Response');
  return { id: root.attribs.ID || null, destination: root.attribs.Destination || null };
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

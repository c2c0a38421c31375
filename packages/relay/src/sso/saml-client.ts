import { X509Certificate } from 'node:crypto';
import { parseDocument } from 'htmlparser2';
import { TimeLimitedThread } from '../core/time-limited-thread.js';
import {
  MAX_SAML_RESPONSE_LENGTH,
  SamlError,
  type SamlAssertion,
  type SamlIdentityProvider,
  type SamlServiceProvider,
  type SamlThreadReply,
  type SamlThreadRequest,
} from './saml-common.js';
import { samlShapeError } from './saml-shape.js';
import type { SsoProviderRecord } from './sso-repository.js';

const PROTOCOL_NS = 'urn:oasis:names:tc:SAML:2.0:protocol';

/**
 * Longest the SAML thread may take over one request (a response to verify, an AuthnRequest, the metadata); past it
 * the thread is ended and the request refused. A response within the shape's limits (saml-shape.ts) took the library
 * at most ~60 ms on a slow machine (its first one, cold), when it ran on the event loop.
 */
export const SAML_THREAD_TIMEOUT_MS = 5000;

/** Requests waiting for the SAML thread, beyond which more are refused at once (the sign-in is tried again). */
const MAX_WAITING = 32;

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
 * The relay's side of SAML 2.0 Web Browser SSO (ADR 0037): the AuthnRequest sent by the HTTP-Redirect binding, the SP
 * metadata, and the response POSTed back, verified: the assertion signed by the provider's certificate (an unsigned
 * one, or one signed by another key, is refused), InResponseTo a request this relay made (by `claim`), NotBefore and
 * NotOnOrAfter within two minutes' skew, the Audience, the Issuer, the Recipient and the Destination. Replays are the
 * caller's to refuse with {@link SamlAssertion.ids}. The SAML library runs on a thread of its own
 * (saml-thread.ts, saml-library.ts), one request at a time, each within {@link SAML_THREAD_TIMEOUT_MS}: loading it
 * and its first verification held the event loop 100 ms and 50 ms, and a response is anyone's to POST. What is read
 * here, on the loop, is bounded: the response's shape (saml-shape.ts), then its root element.
 */
export class SamlClient {
  readonly #thread = new TimeLimitedThread<SamlThreadRequest, SamlThreadReply>({
    callerUrl: import.meta.url,
    module: 'saml-thread',
    timeoutMs: SAML_THREAD_TIMEOUT_MS,
    maxWaiting: MAX_WAITING,
  });

  /**
   * Starts the thread, which loads the SAML library and warms it: once the relay listens when a site has a SAML
   * provider (the feature's preload), or when one is made, so that the first sign-in does not wait for it. Never
   * rejects: a thread that cannot start fails the sign-ins that need it instead.
   */
  async warm(): Promise<void> {
    await this.#thread.run({ op: 'ready' }).catch(() => undefined);
  }

  /** Ends the thread (the relay is closing): a request under way is refused. */
  close(): Promise<void> {
    return this.#thread.close();
  }

  /** The AuthnRequest's id and the provider's SSO URL carrying it (HTTP-Redirect binding, deflated). */
  async authorization(
    provider: SsoProviderRecord,
    sp: SamlServiceProvider,
  ): Promise<{ url: string; requestId: string }> {
    const reply = await this.#ask({ op: 'authorize', idp: identityProvider(provider), sp });
    if (reply.url === undefined || reply.requestId === undefined) throw new Error('SAML: no AuthnRequest made');
    return { url: reply.url, requestId: reply.requestId };
  }

  /** The SP metadata to give the provider: the entity id, the ACS (HTTP-POST), assertions wanted signed. */
  async metadata(provider: SsoProviderRecord, sp: SamlServiceProvider): Promise<string> {
    const { metadata } = await this.#ask({ op: 'metadata', idp: identityProvider(provider), sp });
    if (metadata === undefined) throw new Error('SAML: no metadata made');
    return metadata;
  }

  /**
   * Verifies a POSTed `SAMLResponse` for `sp`. `claim` uses the request its InResponseTo names, once: it resolves
   * when that request was made, or rejects (or resolves `undefined`) when it is unknown, used, expired or another
   * browser's. The request is claimed here, from the response's root element, before the library sees the response
   * (the library, too, checked InResponseTo before the signatures); the library then finds that request and no other
   * for the response's InResponseTo and the subject's.
   */
  async validate(
    provider: SsoProviderRecord,
    sp: SamlServiceProvider,
    samlResponse: string,
    claim: (requestId: string) => Promise<number | undefined>,
  ): Promise<SamlAssertion> {
    const idp = identityProvider(provider);
    if (samlResponse.length > MAX_SAML_RESPONSE_LENGTH) throw new SamlError('the response is too large');
    const xml = Buffer.from(samlResponse, 'base64').toString('utf8');
    // Before any parser sees it: the SAML library's DOM parser holds its thread for hundreds of ms on shapes no IdP
    // sends (saml-shape.ts).
    const shape = samlShapeError(xml);
    if (shape !== undefined) throw new SamlError(`the response is not shaped like one: ${shape}`);
    const envelope = readEnvelope(xml);
    // Unsigned when only the assertion is: a mismatch still says the response was meant for another place.
    if (envelope.destination !== null && envelope.destination !== sp.acsUrl)
      throw new SamlError('the response’s Destination is not this ACS URL');
    if (envelope.inResponseTo === null) throw new SamlError('InResponseTo is missing from response');
    const requestMadeAt = await claim(envelope.inResponseTo);
    if (requestMadeAt === undefined) throw new SamlError('InResponseTo is not valid');
    const { assertion } = await this.#ask({
      op: 'validate',
      idp,
      sp,
      samlResponse,
      requestId: envelope.inResponseTo,
      requestMadeAt,
    });
    if (assertion === undefined) throw new SamlError('no assertion');
    return envelope.id ? { ...assertion, ids: [...assertion.ids, `response ${envelope.id}`] } : assertion;
  }

  /** The thread's answer; a refusal as a {@link SamlError}, anything else that failed as an `Error`. */
  async #ask(request: SamlThreadRequest): Promise<Extract<SamlThreadReply, { ok: true }>> {
    const reply = await this.#thread.run(request);
    if (reply === 'timeout') throw new SamlError('the SAML library took too long');
    if (reply === 'unavailable') throw new SamlError('the SAML library is not available now; try again');
    if (!reply.ok) throw reply.refused ? new SamlError(reply.error) : new Error(`SAML: ${reply.error}`);
    return reply;
  }
}

/** What the thread needs of a provider. */
function identityProvider(provider: SsoProviderRecord): SamlIdentityProvider {
  if (!provider.saml) throw new SamlError('not a SAML provider');
  return { ...provider.saml, issuer: provider.issuer };
}

/**
 * The response's own attributes (its ID, Destination and InResponseTo, read as the library reads them: the root
 * element's), read before the library verifies it: its root element must be a SAML protocol `Response`.
 */
function readEnvelope(xml: string): { id: string | null; destination: string | null; inResponseTo: string | null } {
  const root = parseDocument(xml, { xmlMode: true }).children.find((node) => node.type === 'tag');
  if (!root || !('attribs' in root)) throw new SamlError('the response is not XML');
  const colon = root.name.indexOf(':');
  const prefix = colon < 0 ? '' : root.name.slice(0, colon);
  const namespace = root.attribs[prefix === '' ? 'xmlns' : `xmlns:${prefix}`];
  if (root.name.slice(colon + 1) !== 'Response' || namespace !== PROTOCOL_NS)
    throw new SamlError('not a SAML Response');
  return {
    id: root.attribs.ID || null,
    destination: root.attribs.Destination || null,
    inResponseTo: root.attribs.InResponseTo || null,
  };
}

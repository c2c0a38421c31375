import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { parseDocument } from 'htmlparser2';
import { SignedXml } from 'xml-crypto';

/** A person the test IdP signs in (by login name). */
export interface SamlUser {
  readonly email: string;
  readonly name?: string;
}

/** What a test may change in the next responses (until set back to `undefined`). */
export interface SamlTamper {
  /** No signature on the assertion. */
  readonly unsigned?: boolean;
  /** Signed by a key whose certificate the relay was not given. */
  readonly foreignKey?: boolean;
  readonly audience?: string;
  readonly recipient?: string;
  readonly inResponseTo?: string;
  /** The subject's InResponseTo only (the response's stays the request's). */
  readonly subjectInResponseTo?: string;
  /** No InResponseTo on the response (as an IdP-initiated one), the subject's kept. */
  readonly noInResponseTo?: boolean;
  /** The assertion's ID (a replay of an id already accepted). */
  readonly assertionId?: string;
  /** Moves NotBefore and NotOnOrAfter by this much from now. */
  readonly shiftMs?: number;
  readonly issuer?: string;
}

/** A SAML IdP on 127.0.0.1, port 0, with a key and a self-signed certificate made for this run. */
export interface SamlTestIdp {
  readonly entityId: string;
  /** Its single sign-on service (HTTP-Redirect binding). */
  readonly ssoUrl: string;
  /** Its signing certificate, PEM. */
  readonly certificate: string;
  /** Another self-signed certificate (not this IdP's). */
  readonly foreignCertificate: string;
  tamper: SamlTamper | undefined;
  /** The relay's side, as its provider's answer names it: where responses go, and the Audience. */
  sp: { readonly acsUrl: string; readonly entityId: string } | undefined;
  /** The AuthnRequests it was sent (their ids), last first. */
  readonly requests: string[];
  close(): Promise<void>;
}

const SIGNATURE = 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256';
const DIGEST = 'http://www.w3.org/2001/04/xmlenc#sha256';
const EXCLUSIVE_C14N = 'http://www.w3.org/2001/10/xml-exc-c14n#';
const ENVELOPED = 'http://www.w3.org/2000/09/xmldsig#enveloped-signature';

/** A key and a self-signed certificate, made by the `openssl` CLI. */
function keyPair(name: string): { key: string; certificate: string } {
  const dir = mkdtempSync(join(tmpdir(), 'parley-saml-'));
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-sha256',
        '-days',
        '2',
        '-subj',
        `/CN=${name}`,
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    return {
      key: readFileSync(join(dir, 'key.pem'), 'utf8'),
      certificate: readFileSync(join(dir, 'cert.pem'), 'utf8'),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const escape = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * Starts an IdP: `GET /sso?SAMLRequest=…` (HTTP-Redirect: deflated, base64) shows a login page for the request;
 * `POST /login` (`request`, `login`) answers an auto-submitting form that POSTs a `SAMLResponse` to the ACS URL the
 * request named, which must be the registered {@link SamlTestIdp.sp}'s. The assertion is signed (RSA-SHA256, exclusive C14N) with the IdP's key,
 * NameID the email (format `emailAddress`), and the attributes `email` and `displayName`.
 */
export async function startSamlIdp(options: {
  readonly users: Readonly<Record<string, SamlUser>>;
}): Promise<SamlTestIdp> {
  const own = keyPair('parley-test-idp');
  const foreign = keyPair('someone-else');
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const pending = new Map<string, { id: string; acs: string }>();

  const idp: SamlTestIdp = {
    entityId: `${origin}/idp`,
    ssoUrl: `${origin}/sso`,
    certificate: own.certificate,
    foreignCertificate: foreign.certificate,
    tamper: undefined,
    sp: undefined,
    requests: [],
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };

  const response = (request: { id: string; acs: string }, user: SamlUser): string => {
    const t = idp.tamper ?? {};
    const now = Date.now() + (t.shiftMs ?? 0);
    const at = (ms: number) => new Date(now + ms).toISOString();
    const assertionId = t.assertionId ?? `_a${randomBytes(16).toString('hex')}`;
    const inResponseTo = escape(t.inResponseTo ?? request.id);
    const subjectInResponseTo = escape(t.subjectInResponseTo ?? t.inResponseTo ?? request.id);
    const recipient = escape(t.recipient ?? request.acs);
    const issuer = escape(t.issuer ?? idp.entityId);
    const assertion =
      `<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="${assertionId}" Version="2.0" IssueInstant="${at(0)}">` +
      `<saml:Issuer>${issuer}</saml:Issuer>` +
      `<saml:Subject><saml:NameID Format="urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress">${escape(user.email)}</saml:NameID>` +
      `<saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer">` +
      `<saml:SubjectConfirmationData InResponseTo="${subjectInResponseTo}" Recipient="${recipient}" NotOnOrAfter="${at(5 * 60_000)}"/>` +
      `</saml:SubjectConfirmation></saml:Subject>` +
      `<saml:Conditions NotBefore="${at(-30_000)}" NotOnOrAfter="${at(5 * 60_000)}">` +
      `<saml:AudienceRestriction><saml:Audience>${escape(t.audience ?? idp.sp?.entityId ?? '')}</saml:Audience></saml:AudienceRestriction>` +
      `</saml:Conditions>` +
      `<saml:AuthnStatement AuthnInstant="${at(0)}" SessionIndex="_s${randomBytes(8).toString('hex')}">` +
      `<saml:AuthnContext><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml:AuthnContextClassRef></saml:AuthnContext>` +
      `</saml:AuthnStatement>` +
      `<saml:AttributeStatement>` +
      `<saml:Attribute Name="email"><saml:AttributeValue>${escape(user.email)}</saml:AttributeValue></saml:Attribute>` +
      (user.name
        ? `<saml:Attribute Name="displayName"><saml:AttributeValue>${escape(user.name)}</saml:AttributeValue></saml:Attribute>`
        : '') +
      `</saml:AttributeStatement></saml:Assertion>`;
    const unsignedXml =
      `<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_r${randomBytes(16).toString('hex')}" Version="2.0" IssueInstant="${at(0)}" Destination="${escape(request.acs)}"${t.noInResponseTo ? '' : ` InResponseTo="${inResponseTo}"`}>` +
      `<saml:Issuer>${issuer}</saml:Issuer>` +
      `<samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>` +
      assertion +
      `</samlp:Response>`;
    if (t.unsigned) return Buffer.from(unsignedXml).toString('base64');
    const signer = t.foreignKey ? foreign : own;
    const signature = new SignedXml({
      privateKey: signer.key,
      publicCert: signer.certificate,
      signatureAlgorithm: SIGNATURE,
      canonicalizationAlgorithm: EXCLUSIVE_C14N,
    });
    signature.addReference({
      xpath: "//*[local-name(.)='Assertion']",
      transforms: [ENVELOPED, EXCLUSIVE_C14N],
      digestAlgorithm: DIGEST,
    });
    signature.computeSignature(unsignedXml, {
      prefix: 'ds',
      location: { reference: "//*[local-name(.)='Assertion']/*[local-name(.)='Issuer']", action: 'after' },
    });
    return Buffer.from(signature.getSignedXml()).toString('base64');
  };

  server.on('request', (req, res) => {
    const url = new URL(req.url ?? '/', origin);
    const html = (status: number, body: string) => {
      res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' });
      res.end(`<!doctype html><html><head><title>Test IdP</title></head><body>${body}</body></html>`);
    };
    if (req.method === 'GET' && url.pathname === '/sso') {
      const encoded = url.searchParams.get('SAMLRequest');
      if (!encoded) return html(400, 'No SAMLRequest');
      const xml = inflateRawSync(Buffer.from(encoded, 'base64')).toString('utf8');
      const request = parseDocument(xml, { xmlMode: true }).children.find((node) => node.type === 'tag');
      const attributes = request && 'attribs' in request ? request.attribs : {};
      const id = attributes.ID ?? '';
      const acs = attributes.AssertionConsumerServiceURL ?? '';
      if (acs !== idp.sp?.acsUrl) return html(400, 'Unknown ACS URL');
      idp.requests.unshift(id);
      const key = randomBytes(12).toString('hex');
      pending.set(key, { id, acs });
      return html(
        200,
        `<h1>Test IdP</h1><form method="post" action="/login"><input type="hidden" name="request" value="${key}">` +
          `<label>Login <input name="login" autocomplete="username"></label><button type="submit">Sign in</button></form>`,
      );
    }
    if (req.method === 'POST' && url.pathname === '/login') {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
        const request = pending.get(form.get('request') ?? '');
        const user = options.users[form.get('login') ?? ''];
        if (!request || !user) return html(400, 'Unknown request or user');
        html(
          200,
          `<form method="post" action="${escape(request.acs)}"><input type="hidden" name="SAMLResponse" value="${response(request, user)}">` +
            `<noscript><button type="submit">Continue</button></noscript></form>` +
            `<script>document.forms[0].submit()</script>`,
        );
      });
      return;
    }
    html(404, 'Not found');
  });
  return idp;
}

/** The form a test IdP's login answers: where it POSTs, and the `SAMLResponse`. */
export function autoPostedForm(page: string): { action: string; samlResponse: string } {
  const action = /<form method="post" action="([^"]+)"/.exec(page)?.[1];
  const samlResponse = /name="SAMLResponse" value="([^"]+)"/.exec(page)?.[1];
  if (!action || !samlResponse) throw new Error('no auto-posted form');
  return { action: action.replace(/&amp;/g, '&'), samlResponse };
}

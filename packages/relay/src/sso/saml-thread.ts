import { parentPort } from 'node:worker_threads';
import { SamlError, type SamlThreadReply, type SamlThreadRequest } from './saml-common.js';
import { samlAuthorization, samlMetadata, samlVerify } from './saml-library.js';

/*
 * The thread that runs the SAML library (see `saml-client.ts`): loading it, making AuthnRequests and metadata, and
 * verifying the responses anyone may POST to an ACS URL happen here, never on the relay's event loop. One request at
 * a time.
 */

async function handle(request: SamlThreadRequest): Promise<SamlThreadReply> {
  try {
    switch (request.op) {
      case 'ready':
        return { ok: true };
      case 'authorize':
        return { ok: true, ...(await samlAuthorization(request.idp, request.sp)) };
      case 'metadata':
        return { ok: true, metadata: samlMetadata(request.idp, request.sp) };
      case 'validate': {
        const { idp, sp, samlResponse, requestId, requestMadeAt } = request;
        return { ok: true, assertion: await samlVerify(idp, sp, samlResponse, requestId, requestMadeAt) };
      }
    }
  } catch (error) {
    if (error instanceof SamlError) return { ok: false, refused: true, error: error.message };
    return { ok: false, refused: false, error: error instanceof Error ? error.message.slice(0, 300) : 'failed' };
  }
}

parentPort!.on('message', (request: SamlThreadRequest) => {
  void handle(request).then((reply) => parentPort!.postMessage(reply));
});

// Loaded, and warmed: metadata, an AuthnRequest and an unsigned response (refused) through the library, so that the
// first sign-in's time is its own work rather than compiling the XML stack. Then the first message, which the relay
// waits for before it times a request.
const sp = { entityId: 'https://warm.invalid/metadata', acsUrl: 'https://warm.invalid/acs' };
const idp = {
  issuer: 'https://idp.warm.invalid',
  ssoUrl: 'https://idp.warm.invalid/sso',
  certificate: 'MIIC',
  emailAttribute: null,
};
const unsigned =
  '<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_r" Version="2.0" InResponseTo="_warm">' +
  '<saml:Issuer>https://idp.warm.invalid</saml:Issuer><saml:Assertion ID="_a" Version="2.0"><saml:Issuer>https://idp.warm.invalid</saml:Issuer>' +
  '<saml:Subject><saml:NameID>a@warm.invalid</saml:NameID></saml:Subject></saml:Assertion></samlp:Response>';
for (const request of [
  { op: 'metadata', idp, sp },
  { op: 'authorize', idp, sp },
  {
    op: 'validate',
    idp,
    sp,
    samlResponse: Buffer.from(unsigned).toString('base64'),
    requestId: '_warm',
    requestMadeAt: Date.now(),
  },
] as const)
  await handle(request);
parentPort!.postMessage('ready');

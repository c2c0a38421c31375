// The SAML IdP the relay's own tests run (its key and certificate made for the run, assertions signed with
// xml-crypto, on loopback), for the end-to-end tests: one IdP, written once, beside the tests that grew it.
export {
  autoPostedForm,
  startSamlIdp,
  type SamlTamper,
  type SamlTestIdp,
  type SamlUser,
} from '../../packages/relay/test/support/saml-idp.js';

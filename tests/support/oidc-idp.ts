// The OpenID provider the relay's own tests run (the `oidc-provider` package on loopback), for the end-to-end tests:
// one provider, written once, beside the tests that grew it.
export { RedirectBrowser, startIdp, type IdpUser, type TestIdp } from '../../packages/relay/test/support/oidc-idp.js';

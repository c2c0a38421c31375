// The DNS server the relay's own tests answer domain verifications from (127.0.0.1, port 0), for the end-to-end tests.
export { startDnsServer, verifySiteDomains, type TestDnsServer } from '../../packages/relay/test/support/dns-server.js';

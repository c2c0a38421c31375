// The loopback Graph API (WhatsApp's Cloud API) the relay's own tests speak to (127.0.0.1, port 0), for the
// end-to-end tests.
export {
  WhatsAppGraphApi,
  inbound,
  status,
  webhook,
  type GraphNumber,
} from '../../packages/relay/test/support/whatsapp-graph-api.js';

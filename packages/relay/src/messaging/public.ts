/**
 * What other features may import of the messaging feature's modules (docs/architecture.md, "Boundaries"): the
 * point providers contribute to, and the provider interface with what its functions take and give
 * (docs/channels.md, "Writing a provider").
 */
export {
  MalformedWebhook,
  messagingProvider,
  messagingProviders,
  type CheckedAccount,
  type ContactProfile,
  type ConnectingChannel,
  type DeliveryReceipt,
  type DownloadTarget,
  type InboundFile,
  type InboundMessage,
  type MessagingProvider,
  type OutboundFile,
  type OutboundReply,
  type PartReceipt,
  type PendingReply,
  type ProviderCall,
  type WatermarkReceipt,
  type WebhookRequest,
} from './messaging-provider.js';
export type { Messaging } from './messaging.js';
export { messagingContactId } from './messaging-inbox.js';
export {
  TOO_LARGE,
  downloadFile,
  loadProviderHttp,
  readCapped,
  unreachedReason,
  type DownloadRequest,
} from './provider-http.js';
export {
  GRAPH_API_URL,
  GraphApi,
  SIGNATURE_HEADER,
  checkRefused,
  graphApiUrlKey,
  graphCredentials,
  graphFields,
  graphId,
  hubChallenge,
  lastInboundAt,
  metaWebhook,
  signedByMeta,
  type GraphAnswer,
} from './meta-graph.js';

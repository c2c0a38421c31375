/**
 * What other features may import of the Messenger feature's modules (docs/architecture.md, "Boundaries"): the
 * Messenger Platform's webhook events and Send API, which Instagram's messaging uses as Messenger does
 * (docs/channels.md, "Instagram").
 */
export type { WebhookAccount } from './messenger-events.js';
export { MessengerPlatform, type Window } from './messenger-platform.js';
export { platformOf, platformProvider, type PlatformCredentials } from './platform-provider.js';

/**
 * `@parley/sdk/visitor`: {@link VisitorClient}, the visitor's client with the transcript request, for interfaces
 * that offer it (`<chat-widget>`). See ADR 0005 for why it is an entry of its own.
 */
export { VisitorClient, type EmailSaved, type TranscriptQueued } from './visitor-client.js';
export { pageContext } from './visitor-context.js';

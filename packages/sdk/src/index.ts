export { ParleyClient } from './client.js';
export { Emitter, type Listener } from './events.js';
export { createId } from './ids.js';
export { Backoff } from './connection/backoff.js';
export { Heartbeat } from './connection/heartbeat.js';
export type { Clock, TimerHandle } from './connection/clock.js';
export type { Store } from './outbox/store.js';
export { MemoryStore } from './outbox/memory-store.js';
export type {
  AttachmentRef,
  Author,
  BackoffOptions,
  ClientOptions,
  ConnectionState,
  Environment,
  LoadEarlierOptions,
  LocalFile,
  LocalMessage,
  MessageStatus,
  ParleyClientOptions,
  ParleyEvents,
  PresenceChange,
  SendOptions,
  SocketLike,
  StorageKind,
  UploadError,
  VisitorContext,
  WebSocketConstructor,
  WelcomeFrame,
} from './types.js';

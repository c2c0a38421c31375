/**
 * `@parley/sdk/attachments`: {@link Attachments}, files in a conversation (protocol 3) for a `VisitorClient` or a
 * `StaffClient`: queued durably with their messages, uploaded with progress, cancelled, retried. An entry of its own so
 * that pages that never attach do not download it (ADR 0005).
 */
export {
  AttachmentError,
  Attachments,
  isCancelled,
  type AttachingClient,
  type AttachmentEvents,
  type AttachmentsOptions,
} from './attachments/attachments.js';
export type { AttachHost, Prepare } from './attachments/attach-point.js';
export {
  fetchUpload,
  sha256Hex,
  xhrUpload,
  type UploadRequest,
  type UploadResponse,
  type UploadTransport,
} from './attachments/upload.js';
export type { AttachmentRef, LocalFile, UploadError } from './types.js';

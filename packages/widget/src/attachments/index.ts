/*
 * The attachment UI shared by `<chat-widget>` and `<chat-admin>` (no dependency on either): see attachment-ui.ts.
 */
export { attachmentUi, type AttachmentActions, type AttachmentLit, type AttachmentUi } from './attachment-ui.js';
export { attachmentStringsEn, fill, type AttachmentStrings } from './attachment-strings.js';
export { formatBytes, isImage, saveBlob, typeLabel } from './attachment-format.js';
export { LightboxFocus } from './lightbox-focus.js';

/**
 * What other features may import of the attachments feature's modules (docs/architecture.md, "Boundaries"):
 * the feature's running part, the files of a message signed for a reader, a file's download answered, and the refusal of a file.
 */
export { sendAttachment } from './attachments-http.js';
export type { AttachmentsFeature } from './feature.js';
export { RefusedFile } from './inspect-file.js';
export { unsignedFiles } from './message-files.js';

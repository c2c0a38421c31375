/**
 * What other features may import of the attachments feature's modules (docs/architecture.md, "Boundaries"):
 * the feature's running part, the files of a message signed for a reader, a file's download answered, the refusal of a file, and a
 * visitor's files from another channel stored.
 */
export { sendAttachment } from './attachments-http.js';
export type { AttachmentsFeature } from './feature.js';
export { RefusedFile } from './inspect-file.js';
export { unsignedFiles } from './message-files.js';
export {
  storeVisitorFiles,
  type VisitorFile,
  type VisitorFilesOutcome,
  type VisitorFilesTarget,
} from './visitor-files.js';

import { attachmentStringsEn, type AttachmentStrings } from '../attachments/attachment-strings.js';

/**
 * The strings of a conversation's files in the inbox: the shared attachment UI's (`AttachmentStrings`: the
 * paper-clip, remove, cancel, retry, download, the image viewer, `{name}` filled in) and the inbox's own. Kept out
 * of the shell: the files' chunk brings the English ones.
 */
export interface FilesStrings extends AttachmentStrings {
  /** The list of files waiting in the composer. */
  filesToSend: string;
  /** The list of a message's files. */
  files: string;
  fileTooLarge: (name: string, max: string) => string;
  tooManyFiles: (max: number) => string;
  downloadFailed: (name: string) => string;
}

/** English strings of a conversation's files. */
export const filesEn: FilesStrings = {
  ...attachmentStringsEn,
  filesToSend: 'Files to send',
  files: 'Files',
  fileTooLarge: (name, max) => `${name} is larger than ${max}, the most this site accepts.`,
  tooManyFiles: (max) => `At most ${max} files in one message.`,
  downloadFailed: (name) => `${name} could not be downloaded.`,
};

// Its strings in the inbox's (a host's `strings`), added from here: admin-strings.ts imports no feature.
declare module './admin-strings.js' {
  interface AdminStrings {
    /** The strings of a conversation's files; their English ones come with the files' chunk when left out. */
    filesPart?: FilesStrings;
  }
}

/** The words the attachment UI shows; each interface passes its locale's (the widget's locales, the inbox's). */
export interface AttachmentStrings {
  /** The paper-clip button's label. */
  attach: string;
  /** Shown over the panel while files are dragged over it. */
  dropHere: string;
  /** The remove button of a file waiting in the composer, `{name}` its name. */
  removeFile: string;
  /** The cancel button of a message whose file is uploading or queued. */
  cancelUpload: string;
  retry: string;
  /** The download button of a document, `{name}` its name. */
  download: string;
  /** The image's button that opens the lightbox, `{name}` its name. */
  openImage: string;
  closeImage: string;
  /** The progress bar's label, `{name}` the file. */
  uploading: string;
  /** A failed upload, `{reason}` one of `reasons` (or the relay's message). */
  failed: string;
  /** A file refused before upload for its size: `{name}` the file, `{max}` the site's limit (`5 MB`). */
  tooLarge: string;
  /** Why an upload failed, by error code. */
  reasons: Record<string, string>;
}

/** English, the default; the widget's locale files carry their own. */
export const attachmentStringsEn: AttachmentStrings = {
  attach: 'Attach files',
  dropHere: 'Drop files to attach them',
  removeFile: 'Remove {name}',
  cancelUpload: 'Cancel sending',
  retry: 'Retry',
  download: 'Download {name}',
  openImage: 'Open image {name}',
  closeImage: 'Close image',
  uploading: 'Uploading {name}',
  failed: 'Not sent: {reason}',
  tooLarge: '{name} is larger than {max}, the most this site accepts.',
  reasons: {
    // The relay says this both for a file over the limit and when the site's storage for files is full.
    attachment_too_large: 'the file is too large, or this site has no room left for files',
    attachment_type_refused: 'this type of file is not accepted',
    attachment_unreadable: 'the file could not be read',
    attachment_infected: 'the file was refused by the virus scanner',
    attachments_unavailable: 'files are not accepted here',
    forbidden: 'not allowed',
  },
};

/** `template` with `{key}` replaced by `values[key]`. */
export function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (match, key: string) => values[key] ?? match);
}

import { ATTACHMENT_TYPE_NAMES as NAMES, type AttachmentTypeName } from '@parley/protocol/admin';

/**
 * The kinds of file an attachment may be, by the name sites use in their allowlist (`PARLEY_ATTACHMENT_TYPES`).
 * Each is recognised from the file's bytes (`file-type`'s MIME type, or a UTF-8 check for plain text), never from
 * its name or what the client claimed. SVG, HTML and anything else a browser could run are not here, so they are
 * refused whatever a site's allowlist says.
 */
export interface AttachmentType {
  /** The MIME type the file is served with. */
  readonly mime: string;
  /** The extension its stored name ends with. */
  readonly ext: string;
  /** Images are re-encoded (EXIF and GPS stripped), measured, given a thumbnail, and may be shown inline. */
  readonly image: boolean;
}

/** Every type the relay knows, by allowlist name: the names of the admin API's contract, each once. */
export const ATTACHMENT_TYPES = {
  png: { mime: 'image/png', ext: 'png', image: true },
  jpeg: { mime: 'image/jpeg', ext: 'jpg', image: true },
  gif: { mime: 'image/gif', ext: 'gif', image: true },
  webp: { mime: 'image/webp', ext: 'webp', image: true },
  pdf: { mime: 'application/pdf', ext: 'pdf', image: false },
  docx: {
    mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    ext: 'docx',
    image: false,
  },
  xlsx: { mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', ext: 'xlsx', image: false },
  pptx: {
    mime: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
    ext: 'pptx',
    image: false,
  },
  odt: { mime: 'application/vnd.oasis.opendocument.text', ext: 'odt', image: false },
  txt: { mime: 'text/plain', ext: 'txt', image: false },
  csv: { mime: 'text/csv', ext: 'csv', image: false },
} as const satisfies Record<AttachmentTypeName, AttachmentType>;

/** An allowlist name. */
export type { AttachmentTypeName };

/** Every allowlist name, for configuration checks and docs (the contract's list, in its order). */
export const ATTACHMENT_TYPE_NAMES: readonly string[] = NAMES;

/** The allowlist name of a MIME type the relay stores, if it is one. */
export function typeNameOf(mime: string): AttachmentTypeName | undefined {
  for (const [name, type] of Object.entries(ATTACHMENT_TYPES))
    if (type.mime === mime) return name as AttachmentTypeName;
  return undefined;
}

/** Zip-based formats: their central directory is checked against zip bombs. */
export const ZIP_TYPES: ReadonlySet<AttachmentTypeName> = new Set(['docx', 'xlsx', 'pptx', 'odt']);

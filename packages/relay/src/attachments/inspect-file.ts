import type { ErrorCode } from '@parley/protocol';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { Metadata, Sharp } from 'sharp';
import { ATTACHMENT_TYPES, ZIP_TYPES, typeNameOf, type AttachmentTypeName } from './attachment-types.js';
import { zipRefusal } from './zip-check.js';

/** A refusal of an upload's content, with its catalogued code. */
export class RefusedFile extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** What a site accepts. */
export interface InspectLimits {
  readonly types: ReadonlySet<string>;
  /** Pixels of an image, every frame counted: declared (read from the header first) or decoded. */
  readonly maxPixels: number;
}

/** A thumbnail made for an image (WebP, at most 320 px on its longer side). */
export interface Thumbnail {
  readonly path: string;
  readonly width: number;
  readonly height: number;
  readonly size: number;
}

/** A file that passed: what to store, and its reference's facts. */
export interface InspectedFile {
  readonly typeName: AttachmentTypeName;
  readonly mime: string;
  /** The bytes to store: the upload itself, or an image's re-encoded copy. */
  readonly path: string;
  readonly size: number;
  readonly sha256: string;
  readonly width: number | null;
  readonly height: number | null;
  readonly thumbnail: Thumbnail | null;
}

/**
 * Loads what reads an upload, `file-type` and `sharp`: the attachments feature's `preload`, once the relay listens.
 * Importing them holds the event loop 20–50 and 70–90 ms (compiling their modules, opening sharp's native library),
 * which the first upload would otherwise pay, every socket standing still (the 50 ms rule, docs/performance.md).
 * The module loader keeps them: the upload's own `import()` then finds them loaded.
 */
export async function loadInspectors(): Promise<void> {
  await import('file-type');
  await import('sharp');
}

/** Longer side of a thumbnail, in pixels. */
export const THUMBNAIL_SIZE = 320;

/** Formats a browser could run as a document or script: refused whatever a site's allowlist says. */
const NEVER =
  /^(image\/svg|text\/html|application\/xhtml|application\/(x-)?javascript|text\/javascript|application\/xml|text\/xml)/;

/** Markup in what would otherwise pass as text: an HTML or SVG document by another name is refused. */
const MARKUP = /<(?:!doctype|html|head|body|svg|script|iframe|object|embed|\?xml)\b/i;

/**
 * Decides what an upload is from its bytes, and checks it: the type (`file-type`, or UTF-8 text), the site's
 * allowlist, zip-based documents' directories, and images, which are measured from their header before any
 * decoding (a bomb's declared size is refused at once), then decoded within sharp's pixel limit, turned upright,
 * re-encoded without their metadata (EXIF, GPS, XMP) and given a thumbnail. `staged` is the uploaded file;
 * re-encoded copies are written beside it (`.out`, `.thumb`). Throws {@link RefusedFile}.
 */
export async function inspectFile(staged: string, claimedName: string, limits: InspectLimits): Promise<InspectedFile> {
  const { size } = await stat(staged);
  if (size === 0) throw new RefusedFile('attachment_unreadable', 'The file is empty.');
  const { fileTypeFromFile } = await import('file-type');
  const detected = await fileTypeFromFile(staged).catch(() => undefined);
  let typeName: AttachmentTypeName | undefined;
  if (detected) {
    if (NEVER.test(detected.mime))
      throw new RefusedFile('attachment_type_refused', `Files of type ${detected.mime} are never accepted.`);
    typeName = typeNameOf(detected.mime);
    if (!typeName) throw new RefusedFile('attachment_type_refused', `Files of type ${detected.mime} are not accepted.`);
  } else {
    typeName = await textType(staged, size, claimedName);
  }
  if (!limits.types.has(typeName))
    throw new RefusedFile('attachment_type_refused', `This site does not accept ${typeName} files.`);
  const type = ATTACHMENT_TYPES[typeName];
  if (ZIP_TYPES.has(typeName)) {
    const refusal = await zipRefusal(staged, size);
    if (refusal) throw new RefusedFile('attachment_unreadable', `This document is refused: ${refusal}.`);
  }
  if (!type.image)
    return {
      typeName,
      mime: type.mime,
      path: staged,
      size,
      sha256: await sha256(staged),
      width: null,
      height: null,
      thumbnail: null,
    };
  return { typeName, mime: type.mime, ...(await reencode(staged, typeName, limits.maxPixels)) };
}

/** Bytes of text read and checked at a time: each chunk's decoding and tests take well under a millisecond. */
const TEXT_CHUNK = 64 * 1024;

/** The longest markup {@link MARKUP} finds (`<!doctype`), and so the tail each chunk carries to the next. */
const MARKUP_OVERLAP = 16;

// NUL and other C0 controls (tab, line feed, form feed, carriage return aside) mean a binary file.
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u0008\u000b\u000e-\u001f\u007f]/;

/**
 * Plain text: valid UTF-8 without control characters or markup. A `.csv` name makes it CSV, anything else text.
 * The file is read as a stream of {@link TEXT_CHUNK} chunks, each decoded and tested on its own turn of the event
 * loop, so a 16 MiB text holds the loop no longer than a 64 KiB one. A chunk boundary splits neither a character
 * (the decoder streams) nor a tag (each chunk is tested with the previous one's last characters before it).
 */
async function textType(path: string, size: number, claimedName: string): Promise<AttachmentTypeName> {
  const refuse = (): never => {
    throw new RefusedFile('attachment_type_refused', 'The file is of a type that is not accepted.');
  };
  // Larger text than this is not a chat attachment.
  if (size > 16 * 1024 * 1024) refuse();
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let tail = '';
  const check = (text: string): void => {
    if (CONTROL.test(text)) refuse();
    const window = tail + text;
    if (MARKUP.test(window))
      throw new RefusedFile('attachment_type_refused', 'HTML, SVG and XML documents are never accepted, by any name.');
    tail = window.slice(-MARKUP_OVERLAP);
  };
  const decode = (bytes?: Uint8Array): string => {
    try {
      return bytes ? decoder.decode(bytes, { stream: true }) : decoder.decode();
    } catch {
      return refuse();
    }
  };
  const stream = createReadStream(path, { highWaterMark: TEXT_CHUNK });
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) check(decode(chunk));
    check(decode());
  } finally {
    stream.destroy();
  }
  return /\.csv$/i.test(claimedName) ? 'csv' : 'txt';
}

const SHARP_FORMAT: Partial<Record<AttachmentTypeName, string>> = {
  png: 'png',
  jpeg: 'jpeg',
  gif: 'gif',
  webp: 'webp',
};

async function reencode(
  path: string,
  typeName: AttachmentTypeName,
  maxPixels: number,
): Promise<Omit<InspectedFile, 'typeName' | 'mime'>> {
  const { default: sharp } = await import('sharp');
  const animated = typeName === 'gif' || typeName === 'webp';
  const open = (): Sharp =>
    sharp(path, { limitInputPixels: maxPixels, animated, failOn: 'error', sequentialRead: true });
  let metadata: Metadata;
  try {
    // Only the header is read here, so no pixel limit yet: the declared size is checked below, by this code.
    metadata = await sharp(path, { limitInputPixels: false, animated }).metadata();
  } catch {
    throw new RefusedFile('attachment_unreadable', 'The image cannot be read.');
  }
  if (metadata.format !== SHARP_FORMAT[typeName] || !metadata.width || !metadata.height)
    throw new RefusedFile('attachment_unreadable', 'The image is not what its first bytes say it is.');
  // The header's own claim, before a single pixel is decoded: a few bytes may declare billions of pixels.
  const frameHeight = metadata.pageHeight ?? metadata.height;
  const declared = metadata.width * frameHeight * (metadata.pages ?? 1);
  if (declared > maxPixels)
    throw new RefusedFile(
      'attachment_too_large',
      `The image declares ${metadata.width}×${frameHeight} pixels${(metadata.pages ?? 1) > 1 ? ` in ${metadata.pages} frames` : ''}, over the limit of ${maxPixels}.`,
    );
  const out = `${path}.out`;
  const thumbPath = `${path}.thumb`;
  try {
    // `rotate()` applies the EXIF orientation first; sharp writes no metadata unless asked, so EXIF, GPS, XMP and
    // IPTC are gone from the stored copy.
    let pipeline = open().rotate();
    if (typeName === 'png') pipeline = pipeline.png({ compressionLevel: 6 });
    else if (typeName === 'jpeg') pipeline = pipeline.jpeg({ quality: 85 });
    else if (typeName === 'webp') pipeline = pipeline.webp({ quality: 85 });
    else pipeline = pipeline.gif();
    await pipeline.toFile(out);
    const thumb = await sharp(out, { limitInputPixels: maxPixels })
      .resize(THUMBNAIL_SIZE, THUMBNAIL_SIZE, { fit: 'inside', withoutEnlargement: true })
      .webp({ quality: 75 })
      .toFile(thumbPath);
    const written = await sharp(out, { animated, limitInputPixels: maxPixels }).metadata();
    const { size } = await stat(out);
    return {
      path: out,
      size,
      sha256: await sha256(out),
      width: written.width ?? null,
      height: written.pageHeight ?? written.height ?? null,
      thumbnail: { path: thumbPath, width: thumb.width, height: thumb.height, size: thumb.size },
    };
  } catch (error) {
    if (error instanceof RefusedFile) throw error;
    if (/pixel limit/i.test(String(error)))
      throw new RefusedFile('attachment_too_large', `The image has more than ${maxPixels} pixels.`);
    throw new RefusedFile('attachment_unreadable', 'The image is damaged and cannot be decoded.');
  }
}

/** SHA-256 of a file, hex. */
export function sha256(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(path)
      .on('data', (chunk) => hash.update(chunk))
      .on('error', reject)
      .on('end', () => resolve(hash.digest('hex')));
  });
}

import { open } from 'node:fs/promises';

/** Limits on what a zip-based document (docx, xlsx, pptx, odt) may unpack to. */
export interface ZipLimits {
  /** Entries in the archive. */
  readonly maxEntries: number;
  /** Bytes of every entry, unpacked. */
  readonly maxUnpackedBytes: number;
  /** Unpacked bytes per packed byte, over the whole archive. */
  readonly maxRatio: number;
}

/** Generous for real documents (a 200-page report unpacks to a few MB), far below what a bomb declares. */
export const DEFAULT_ZIP_LIMITS: ZipLimits = { maxEntries: 10_000, maxUnpackedBytes: 512 * 1024 * 1024, maxRatio: 200 };

/**
 * Reads a zip's central directory (never the entries themselves) and says why it is refused, or `undefined` when
 * it is within `limits`: too many entries, too much unpacked, too high a ratio, ZIP64 (no office document needs
 * it), or a directory that cannot be read. The relay never unpacks these files; the check spares whoever
 * downloads one. A directory can lie about sizes: the unpacking program's own check is the last line.
 */
export async function zipRefusal(path: string, size: number, limits = DEFAULT_ZIP_LIMITS): Promise<string | undefined> {
  const file = await open(path, 'r');
  try {
    // The end-of-central-directory record is in the last 22 bytes plus a comment of at most 65,535.
    const tailLength = Math.min(size, 22 + 65_535);
    const tail = Buffer.alloc(tailLength);
    await file.read(tail, 0, tailLength, size - tailLength);
    let end = -1;
    for (let i = tailLength - 22; i >= 0; i--)
      if (tail.readUInt32LE(i) === 0x06054b50) {
        end = i;
        break;
      }
    if (end < 0) return 'its zip directory cannot be found';
    const entries = tail.readUInt16LE(end + 10);
    const directorySize = tail.readUInt32LE(end + 12);
    const directoryOffset = tail.readUInt32LE(end + 16);
    if (entries === 0xffff || directorySize === 0xffffffff || directoryOffset === 0xffffffff)
      return 'it is a ZIP64 archive';
    if (entries > limits.maxEntries) return `it holds ${entries} entries`;
    if (directoryOffset + directorySize > size) return 'its zip directory is damaged';
    const directory = Buffer.alloc(directorySize);
    await file.read(directory, 0, directorySize, directoryOffset);
    let unpacked = 0;
    let offset = 0;
    for (let i = 0; i < entries; i++) {
      if (offset + 46 > directory.length || directory.readUInt32LE(offset) !== 0x02014b50)
        return 'its zip directory is damaged';
      const entrySize = directory.readUInt32LE(offset + 24);
      if (entrySize === 0xffffffff) return 'it is a ZIP64 archive';
      unpacked += entrySize;
      if (unpacked > limits.maxUnpackedBytes) return `it unpacks to more than ${limits.maxUnpackedBytes} bytes`;
      offset +=
        46 +
        directory.readUInt16LE(offset + 28) +
        directory.readUInt16LE(offset + 30) +
        directory.readUInt16LE(offset + 32);
    }
    if (unpacked > Math.max(size, 1) * limits.maxRatio && unpacked > 16 * 1024 * 1024)
      return `it unpacks to ${Math.round(unpacked / Math.max(size, 1))} times its size`;
    return undefined;
  } finally {
    await file.close();
  }
}

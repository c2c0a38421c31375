import { createReadStream } from 'node:fs';
import { copyFile, mkdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { checkKey, type BlobStore, type StoredBlob } from './blob-store.js';

/**
 * A {@link BlobStore} in a folder (by default `<dataDir>/attachments/files`), readable by the relay's user only.
 * Objects are written beside their final name and renamed into place, so a reader never sees half a file.
 */
export class LocalBlobStore implements BlobStore {
  readonly kind = 'local';

  constructor(private readonly root: string) {}

  async put(key: string, path: string, _size: number, _contentType: string): Promise<void> {
    const target = this.path(key);
    await mkdir(dirname(target), { recursive: true, mode: 0o700 });
    const temporary = `${target}.${process.pid}.tmp`;
    await copyFile(path, temporary);
    await rename(temporary, target);
  }

  async get(key: string): Promise<StoredBlob | undefined> {
    const path = this.path(key);
    try {
      const { size } = await stat(path);
      return { body: createReadStream(path, { highWaterMark: 64 * 1024 }), size };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await rm(this.path(key), { force: true });
  }

  async close(): Promise<void> {}

  private path(key: string): string {
    return join(this.root, checkKey(key));
  }
}

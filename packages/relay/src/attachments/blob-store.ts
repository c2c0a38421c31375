import type { Readable } from 'node:stream';

/** An object read back from a {@link BlobStore}. */
export interface StoredBlob {
  readonly body: Readable;
  readonly size: number;
}

/**
 * Where attachments' bytes live, behind one small async interface with one driver per file:
 * {@link LocalBlobStore} (the data folder, the default) and {@link S3BlobStore} (an S3-compatible bucket, which
 * every relay of a scaled-out deployment reads). Keys are the relay's own (`<site>/<attachment>[.thumb]`), never
 * a client's.
 */
export interface BlobStore {
  /** `local` or `s3`, for logs and `/healthz`. */
  readonly kind: string;
  /** Stores the file at `path` (a staged, checked copy) under `key`, replacing any object there. */
  put(key: string, path: string, size: number, contentType: string): Promise<void>;
  /** The object under `key`, or `undefined` when there is none. */
  get(key: string): Promise<StoredBlob | undefined>;
  /** Deletes the object under `key`; one that is not there is no error. */
  delete(key: string): Promise<void>;
  close(): Promise<void>;
}

/** Keys are made of the relay's ids only: this refuses anything else before it reaches a path or a bucket. */
export function checkKey(key: string): string {
  if (!/^[A-Za-z0-9_-]{1,128}\/[A-Za-z0-9_-]{1,128}(\.thumb)?$/.test(key)) throw new Error(`Bad blob key: ${key}`);
  return key;
}

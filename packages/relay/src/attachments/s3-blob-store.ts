import {
  DeleteObjectCommand,
  GetObjectCommand,
  NoSuchKey,
  PutObjectCommand,
  S3Client,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { checkKey, type BlobStore, type StoredBlob } from './blob-store.js';

/** Where {@link S3BlobStore} keeps objects, and how it signs in. */
export interface S3BlobStoreOptions {
  readonly bucket: string;
  readonly region: string;
  /** An S3-compatible service's address; AWS's own when unset. */
  readonly endpoint?: string | undefined;
  readonly forcePathStyle?: boolean;
  /** Both or neither: without them the AWS SDK's default chain (environment, instance role). */
  readonly accessKeyId?: string | undefined;
  readonly secretAccessKey?: string | undefined;
  /** Prepended to every key (`parley/`), so one bucket can serve several deployments. */
  readonly prefix?: string;
}

/**
 * A {@link BlobStore} in an S3-compatible bucket, through the official AWS SDK v3. Every relay of a deployment
 * reads the same bucket, so a file uploaded through one is served by any. Objects are private: the relay reads
 * them and serves them itself, with its own headers and authorization; the bucket is never exposed.
 */
export class S3BlobStore implements BlobStore {
  readonly kind = 's3';
  private readonly client: S3Client;
  private readonly bucket: string;
  private readonly prefix: string;

  constructor(options: S3BlobStoreOptions) {
    const config: S3ClientConfig = {
      region: options.region,
      forcePathStyle: options.forcePathStyle ?? false,
      // Checksums only where S3 requires them: the SDK's default sends bodies `aws-chunked` with a trailing
      // checksum, which several S3-compatible services store as it is (chunk headers and all).
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      ...(options.endpoint ? { endpoint: options.endpoint } : {}),
      ...(options.accessKeyId && options.secretAccessKey
        ? { credentials: { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey } }
        : {}),
    };
    this.client = new S3Client(config);
    this.bucket = options.bucket;
    this.prefix = options.prefix ?? '';
  }

  async put(key: string, path: string, size: number, contentType: string): Promise<void> {
    await this.client.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: this.key(key),
        Body: createReadStream(path),
        ContentLength: size,
        ContentType: contentType,
      }),
    );
  }

  async get(key: string): Promise<StoredBlob | undefined> {
    try {
      const answer = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: this.key(key) }));
      if (!(answer.Body instanceof Readable)) throw new Error('S3BlobStore: the object has no readable body');
      return { body: answer.Body, size: answer.ContentLength ?? 0 };
    } catch (error) {
      if (error instanceof NoSuchKey || (error as { name?: string }).name === 'NoSuchKey') return undefined;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: this.key(key) }));
  }

  async close(): Promise<void> {
    this.client.destroy();
  }

  private key(key: string): string {
    return `${this.prefix}${checkKey(key)}`;
  }
}

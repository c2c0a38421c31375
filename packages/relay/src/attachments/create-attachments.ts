import { join } from 'node:path';
import type { CoreConfig } from '../features/core-config.js';
import type { AttachmentsConfig } from './attachments-config.js';
import type { Logger } from '../log.js';
import type { AttachmentRepository } from './attachment-store.js';
import { Attachments, type AttachmentsOptions } from './attachments.js';
import type { BlobStore } from './blob-store.js';
import { LocalBlobStore } from './local-blob-store.js';
import { CommandScanner } from './scanner.js';
import { UrlSigner } from './signed-urls.js';

/**
 * The attachments feature as configured: files under `<dataDir>/attachments/files`, or in the S3 bucket (whose
 * SDK is loaded only then); download addresses signed with a key derived from the data key; the scanner, if any.
 */
export async function createAttachments(
  config: CoreConfig & AttachmentsConfig,
  store: AttachmentRepository,
  dataKey: string,
  log: Logger,
  more: Pick<AttachmentsOptions, 'now' | 'fileName'> = {},
): Promise<Attachments> {
  const workDir = join(config.dataDir, 'attachments');
  let blobs: BlobStore;
  if (config.storage === 's3') {
    const { S3BlobStore } = await import('./s3-blob-store.js');
    blobs = new S3BlobStore({
      bucket: config.s3Bucket!,
      region: config.s3Region,
      endpoint: config.s3Endpoint,
      forcePathStyle: config.s3ForcePathStyle,
      accessKeyId: config.s3AccessKeyId,
      secretAccessKey: config.s3SecretAccessKey,
      prefix: config.s3Prefix,
    });
  } else blobs = new LocalBlobStore(join(workDir, 'files'));
  const attachments = new Attachments({
    store,
    blobs,
    signer: new UrlSigner(dataKey, config.attachmentUrlTtlS),
    workDir,
    defaults: {
      types: config.attachmentTypes,
      maxBytes: config.attachmentMaxBytes,
      quotaBytes: config.attachmentSiteQuotaBytes,
      maxPixels: config.attachmentMaxPixels,
    },
    scanner: config.scanCommand ? new CommandScanner(config.scanCommand, config.scanTimeoutMs) : undefined,
    log,
    orphanTtlMs: config.attachmentOrphanTtlS * 1000,
    ...more,
  });
  await attachments.start();
  return attachments;
}

import * as z from 'zod/mini';
import { ConfigError, configSection, count, positive, type SectionValues } from '../features/config-section.js';
import { ATTACHMENT_TYPE_NAMES } from './attachment-types.js';

/** The attachments feature's configuration: where files are kept, their limits, the scanner (docs/attachments.md). */
export const attachmentsConfig = configSection(
  {
    /**
     * Where attachments' bytes are kept (issue #18, docs/attachments.md): `local`, files under
     * `<dataDir>/attachments`; `s3`, an S3-compatible bucket (needed when several relays serve one site).
     */
    storage: { env: 'PARLEY_STORAGE', kind: 'string', schema: z._default(z.enum(['local', 's3']), 'local') },
    /** S3: the endpoint of an S3-compatible service (`https://s3.example.com`); AWS's own when unset. */
    s3Endpoint: {
      env: 'PARLEY_S3_ENDPOINT',
      kind: 'string',
      schema: z.optional(z.string().check(z.regex(/^https?:\/\/\S+$/, 'must be an http(s) URL'))),
    },
    s3Bucket: {
      env: 'PARLEY_S3_BUCKET',
      kind: 'string',
      schema: z.optional(z.string().check(z.regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be a bucket name'))),
    },
    s3Region: {
      env: 'PARLEY_S3_REGION',
      kind: 'string',
      schema: z._default(z.string().check(z.minLength(1)), 'us-east-1'),
    },
    /** S3 credentials; without both, the AWS SDK's own chain (its environment variables, an instance role). */
    s3AccessKeyId: {
      env: 'PARLEY_S3_ACCESS_KEY_ID',
      kind: 'string',
      schema: z.optional(z.string().check(z.minLength(1))),
    },
    s3SecretAccessKey: {
      env: 'PARLEY_S3_SECRET_ACCESS_KEY',
      kind: 'string',
      schema: z.optional(z.string().check(z.minLength(1))),
    },
    /** Path-style addresses (`endpoint/bucket/key`), which MinIO and most self-hosted services need. */
    s3ForcePathStyle: { env: 'PARLEY_S3_FORCE_PATH_STYLE', kind: 'bool', schema: z._default(z.boolean(), false) },
    /** A prefix for every object key, so one bucket can hold several deployments' files. */
    s3Prefix: {
      env: 'PARLEY_S3_PREFIX',
      kind: 'string',
      schema: z._default(z.string().check(z.regex(/^([A-Za-z0-9._-]+\/)*$/, 'must be empty or end with /')), ''),
    },
    /** Largest attachment, in bytes, for sites that set no limit of their own. */
    attachmentMaxBytes: {
      env: 'PARLEY_ATTACHMENT_MAX_BYTES',
      kind: 'int',
      schema: z._default(positive, 10 * 1024 * 1024),
    },
    /** Bytes of attachments one site may keep, for sites that set no quota of their own. 0: no quota. */
    attachmentSiteQuotaBytes: {
      env: 'PARLEY_ATTACHMENT_SITE_QUOTA_BYTES',
      kind: 'int',
      schema: z._default(count, 5 * 1024 * 1024 * 1024),
    },
    /** The types accepted, for sites that set none of their own: every type the relay knows (docs/attachments.md). */
    attachmentTypes: {
      env: 'PARLEY_ATTACHMENT_TYPES',
      kind: 'list',
      schema: z._default(z.array(z.string().check(z.minLength(1))), [...ATTACHMENT_TYPE_NAMES]),
    },
    /** Largest image, in pixels (width × height, every frame of an animation counted), decoded or declared. */
    attachmentMaxPixels: { env: 'PARLEY_ATTACHMENT_MAX_PIXELS', kind: 'int', schema: z._default(positive, 40_000_000) },
    /** Uploads, and bytes uploaded, per client address per hour (on each relay). 0 disables. */
    attachmentUploadsPerAddressPerHour: {
      env: 'PARLEY_ATTACHMENT_UPLOADS_PER_ADDRESS_PER_HOUR',
      kind: 'int',
      schema: z._default(count, 120),
    },
    attachmentBytesPerAddressPerHour: {
      env: 'PARLEY_ATTACHMENT_BYTES_PER_ADDRESS_PER_HOUR',
      kind: 'int',
      schema: z._default(count, 500 * 1024 * 1024),
    },
    /** Seconds a signed download address (for `<img>`) stays valid. */
    attachmentUrlTtlS: {
      env: 'PARLEY_ATTACHMENT_URL_TTL_S',
      kind: 'int',
      schema: z._default(z.int().check(z.gte(10), z.lte(3600)), 600),
    },
    /** Seconds an upload that no message references is kept before it is deleted (default a day); 0 keeps them. */
    attachmentOrphanTtlS: {
      env: 'PARLEY_ATTACHMENT_ORPHAN_TTL_S',
      kind: 'int',
      schema: z._default(count, 24 * 60 * 60),
    },
    /**
     * A virus scanner run on every upload before it is stored: the command and its arguments (split on spaces), the
     * file's path appended. Exit 0 is clean, 1 infected (the file is refused and kept in quarantine), anything else
     * (or no answer within `scanTimeoutMs`) a failure, and the upload is refused.
     */
    scanCommand: { env: 'PARLEY_SCAN_COMMAND', kind: 'string', schema: z.optional(z.string().check(z.minLength(1))) },
    scanTimeoutMs: { env: 'PARLEY_SCAN_TIMEOUT_MS', kind: 'int', schema: z._default(positive, 60_000) },
  },
  (config) => {
    if (config.storage === 's3' && !config.s3Bucket)
      throw new ConfigError('PARLEY_STORAGE=s3 needs PARLEY_S3_BUCKET (and PARLEY_S3_ENDPOINT unless it is AWS S3).');
    if ((config.s3AccessKeyId === undefined) !== (config.s3SecretAccessKey === undefined))
      throw new ConfigError(
        'PARLEY_S3_ACCESS_KEY_ID and PARLEY_S3_SECRET_ACCESS_KEY go together: set both, or neither to use the AWS SDK’s own credentials.',
      );
    const unknownTypes = config.attachmentTypes.filter((type) => !ATTACHMENT_TYPE_NAMES.includes(type));
    if (unknownTypes.length > 0)
      throw new ConfigError(
        `PARLEY_ATTACHMENT_TYPES: unknown type ${unknownTypes.join(', ')}; known: ${ATTACHMENT_TYPE_NAMES.join(', ')}.`,
      );
  },
);

export type AttachmentsConfig = SectionValues<typeof attachmentsConfig.keys>;

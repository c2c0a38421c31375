import * as z from 'zod/mini';
import { LIMITS } from '../limits.js';
import { ATTACHMENT_TYPE_NAMES } from '../attachment-types.js';
import { doc } from './document.js';

export { ATTACHMENT_TYPE_NAMES, type AttachmentTypeName } from '../attachment-types.js';

/** Attachments (issue #18, docs/attachments.md): what an upload answers, and a site's own attachment settings. */

/** What an upload answers (`POST /v1/attachments`), and what a message will reference. */
export const AttachmentReference = z.object({
  id: z.string().check(doc({ description: 'The attachment id (`att_…`): what a message references.' })),
  conversationId: z.string(),
  clientId: z.string().check(doc({ description: 'The client id of the message it belongs to.' })),
  index: z
    .int()
    .check(
      z.gte(0),
      z.lte(LIMITS.maxAttachments - 1),
      doc({ description: 'Its place among the message’s files (0 for the first).' }),
    ),
  name: z.string().check(
    doc({
      description:
        'The name it is offered under: the uploaded one without folders or control characters, its extension that of its type.',
    }),
  ),
  type: z.string().check(doc({ description: 'The MIME type, read from its bytes (never from its name or a claim).' })),
  size: z.int().check(doc({ description: 'Bytes stored (an image’s re-encoded copy).' })),
  sha256: z.string().check(doc({ description: 'SHA-256 of the stored bytes, hex.' })),
  width: z.nullable(z.int()).check(doc({ description: 'Images: pixels, upright.' })),
  height: z.nullable(z.int()),
  url: z.nullable(z.string()).check(
    doc({
      description:
        'Images: a signed address for `<img>` (`?exp=&sig=`), valid for `PARLEY_ATTACHMENT_URL_TTL_S` (10 minutes by default).',
    }),
  ),
  thumbnail: z
    .union([
      z.null(),
      z.object({
        url: z.string().check(doc({ description: 'A signed address of the WebP thumbnail (at most 320 px).' })),
        width: z.int(),
        height: z.int(),
      }),
    ])
    .check(doc({ exclusive: true })),
  urlsExpireAt: z
    .nullable(z.int())
    .check(doc({ description: 'When the signed addresses stop working (ms since the epoch).' })),
  createdAt: z.int(),
});

const settings = {
  types: z
    .nullable(
      z
        .array(z.enum(ATTACHMENT_TYPE_NAMES))
        .check(z.maxLength(ATTACHMENT_TYPE_NAMES.length), doc({ omit: ['maxItems'] })),
    )
    .check(
      doc({
        description:
          'The types the site accepts (read from the bytes); `null`: the relay’s `PARLEY_ATTACHMENT_TYPES`; `[]`: none.',
      }),
    ),
  // Never above the relay's own limit, which refuses a larger body before it knows the site.
  maxBytes: z
    .nullable(z.int().check(z.gte(1)))
    .check(
      doc({ description: 'Largest file; `null`: the relay’s `PARLEY_ATTACHMENT_MAX_BYTES`, which also caps it.' }),
    ),
  quotaBytes: z.nullable(z.int().check(z.gte(0))).check(
    doc({
      description: 'Bytes the site may keep; `null`: the relay’s `PARLEY_ATTACHMENT_SITE_QUOTA_BYTES`; 0: no quota.',
    }),
  ),
};

/**
 * `PUT /v1/admin/settings/attachments`: every field (`null` takes the relay's value). Unknown fields are refused,
 * though the published document never said so.
 */
export const AttachmentSettings = z
  .strictObject(settings)
  .check(doc({ omit: ['additionalProperties'], example: { types: ['pdf', 'png'], maxBytes: null, quotaBytes: null } }));

/** `GET /v1/admin/settings/attachments`: the settings, and the bytes the site keeps. */
export const AttachmentSettingsAnswer = z.object({
  ...settings,
  usedBytes: z.int().check(doc({ description: 'Bytes of attachments the site keeps now.' })),
});

export type AttachmentReference = z.output<typeof AttachmentReference>;
export type AttachmentSettings = z.input<typeof AttachmentSettings>;
export type AttachmentSettingsAnswer = z.output<typeof AttachmentSettingsAnswer>;

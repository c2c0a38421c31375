import { LIMITS } from '@parley/protocol';
import { AttachmentReference } from '@parley/protocol/admin';
import { type Json, answer, errorResponse, query } from '../http/openapi/openapi-parts.js';

/** The security scheme of attachments' routes: a visitor token or a staff token (never in the URL). */
export const visitorOrStaffScheme: Json = {
  type: 'http',
  scheme: 'bearer',
  description:
    'A visitor token (the `visitorToken` of the widget’s welcome) or an API token (uploads need its `write` scope, reads `read`). A visitor reaches their own conversation only; staff reach every conversation of their site. The inbox may send its session cookie instead (`sessionCookie`; an upload then needs `X-Parley-CSRF` and the inbox’s `Origin`).',
};

const attachmentId: Json = {
  name: 'id',
  in: 'path',
  required: true,
  description: 'The attachment id.',
  schema: { type: 'string', pattern: '^att_[A-Za-z0-9_-]{1,64}$' },
};

const download = (what: string, signable: string): Json => ({
  get: {
    summary: `Download ${what}`,
    description: [
      `With the conversation’s visitor’s token or a staff token of its site in \`Authorization\`, or ${signable} a signed \`?exp=&sig=\` from a reference (for \`<img>\`). Another conversation’s file answers 404, as if there were none.`,
      "Every download carries `X-Content-Type-Options: nosniff`, `Content-Security-Policy: sandbox; default-src 'none'` and the type read from the bytes (text as `charset=utf-8`); anything but an image is `Content-Disposition: attachment`. Nothing uploaded is ever served as HTML, SVG or script.",
    ].join('\n\n'),
    tags: ['attachments'],
    security: [{ visitorOrStaff: [] }, { sessionCookie: [] }, {}],
    parameters: [
      attachmentId,
      query('exp', 'Signed addresses: when it expires, seconds since the epoch.', {
        type: 'string',
        pattern: '^\\d{1,12}$',
      }),
      query('sig', 'Signed addresses: the HMAC-SHA256 signature, base64url.', { type: 'string' }),
    ],
    responses: {
      '200': { description: 'The bytes.', content: { '*/*': { schema: { type: 'string', format: 'binary' } } } },
      '401': errorResponse('`unauthorized`: neither a valid token nor a signed address.'),
      '403': errorResponse(
        '`url_invalid`: the signature is not genuine (altered, another file, or not an image). `origin_refused`: a page of an origin the caller’s site does not allow.',
      ),
      '404': errorResponse('`not_found`: no such attachment for this caller (or erased).'),
      '410': errorResponse('`url_expired`: the signed address was genuine and has expired; fetch a fresh reference.'),
    },
  },
});

/** Attachments (issue #18; `attachments-http.ts` serves them). */
export const attachmentPaths = (): Record<string, Json> => ({
  '/v1/attachments': {
    post: {
      summary: 'Upload an attachment',
      description: [
        'The file’s raw bytes are the body (not multipart), with `Content-Length`. Into the caller’s own conversation only: a visitor’s is the one their token names (`conversationId` may be left out); staff name one of their site’s.',
        'The type is read from the bytes and must be in the site’s allowlist (PNG, JPEG, GIF, WebP, PDF, DOCX, XLSX, PPTX, ODT, UTF-8 text and CSV by default); SVG, HTML and anything markup-like are always refused. Images are decoded within a pixel limit (their declared size checked first), turned upright, re-encoded without EXIF, GPS or any metadata, and given a thumbnail. Office documents’ zip directories are checked against zip bombs. With a scanner configured, the file is scanned before it is stored.',
        'Idempotent by `clientId` (the message’s client id) and `index` (the file’s place in the message, 0 by default): the same pair again in the same conversation answers the first upload (200) and stores nothing more. A message with several files uploads each under its own index.',
        'Limits: the per-file limit (a body announced over it is refused before it is read), the site’s storage quota, and uploads and bytes per client address per hour.',
        'A message (protocol 3) then attaches the uploads by their `id`s in a `send` with the same client id. An upload no message attaches within a day (`PARLEY_ATTACHMENT_ORPHAN_TTL_S`) is deleted.',
        'CORS: the widget calls these routes from the site’s pages. Preflights (`OPTIONS`) are answered for any origin and grant nothing; answers carry `Access-Control-Allow-Origin` for a page of an origin the caller’s site allows (staff: the inbox’s origins), and refusals made before the caller is known (a bad query, a body over the limit, no token, a rate limit) for any page, so it can say why. `Content-Disposition` and `Retry-After` are exposed.',
      ].join('\n\n'),
      tags: ['attachments'],
      security: [{ visitorOrStaff: [] }, { sessionCookie: [] }],
      parameters: [
        {
          ...(query('clientId', 'The client id of the message the file belongs to.', {
            type: 'string',
            pattern: '^[A-Za-z0-9_-]{1,64}$',
          }) as Record<string, Json>),
          required: true,
        },
        query('index', 'The file’s place among the message’s files: 0 (the default) for the first.', {
          type: 'integer',
          minimum: 0,
          maximum: LIMITS.maxAttachments - 1,
        }),
        {
          ...(query('name', 'The file’s name as the user chose it (cleaned before it is stored).', {
            type: 'string',
            minLength: 1,
            maxLength: 255,
          }) as Record<string, Json>),
          required: true,
        },
        query(
          'sha256',
          'Optional: the SHA-256 of the file as sent (hex). A body that does not match — cut or altered on the way — is refused with 400 `upload_incomplete`.',
          { type: 'string', pattern: '^[0-9a-f]{64}$' },
        ),
        query('conversationId', 'The conversation: required for staff; a visitor’s can only be their own.', {
          type: 'string',
        }),
      ],
      requestBody: {
        required: true,
        content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } },
      },
      responses: {
        '201': answer('Stored.', AttachmentReference),
        '200': answer(
          'This client id was uploaded into this conversation before: the first upload’s reference.',
          AttachmentReference,
        ),
        '400': errorResponse(
          '`bad_request`: a query parameter is missing or wrong, or no `Content-Length`. `upload_incomplete`: the body ended short, or its SHA-256 is not the announced one.',
        ),
        '401': errorResponse('`unauthorized`: no token, or not a valid visitor or staff token.'),
        '403': errorResponse(
          '`forbidden`: another visitor’s conversation. `origin_refused`: a page of an origin the site does not allow.',
        ),
        '404': errorResponse('`not_found`: staff named a conversation their site does not have.'),
        '413': errorResponse(
          '`attachment_too_large`: over the per-file limit, over the site’s quota, or an image over the pixel limit (declared or decoded).',
        ),
        '415': errorResponse(
          '`attachment_type_refused`: a type the site does not accept, or never accepted (SVG, HTML, XML, executables…).',
        ),
        '422': errorResponse(
          '`attachment_unreadable`: damaged, not what its first bytes say, or a zip bomb. `attachment_infected`: the scanner refused it (it is quarantined).',
        ),
        '429': errorResponse(
          '`rate_limited`: too many uploads or bytes from this address this hour; see `retry-after`.',
        ),
        '503': errorResponse('`scan_failed`: the scanner could not check it; nothing was stored, try again later.'),
      },
    },
  },
  '/v1/attachments/{id}': download('the file', 'for images,'),
  '/v1/attachments/{id}/thumbnail': download('an image’s thumbnail (WebP)', ''),
  '/v1/attachments/{id}/reference': {
    get: {
      summary: 'An attachment’s reference, with fresh signed addresses',
      description:
        'For showing an older message’s image after its addresses expired. With the conversation’s visitor’s token or a staff token of its site.',
      tags: ['attachments'],
      security: [{ visitorOrStaff: [] }, { sessionCookie: [] }],
      parameters: [attachmentId],
      responses: {
        '200': answer('The reference.', AttachmentReference),
        '401': errorResponse('`unauthorized`: no token, or not a valid one.'),
        '404': errorResponse('`not_found`: no such attachment for this caller.'),
      },
    },
  },
});

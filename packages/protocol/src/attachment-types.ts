// No zod here: the inbox imports the list itself (its settings page), the admin contract its enum.

/**
 * The kinds of file a site may accept, by the name its allowlist uses (`PARLEY_ATTACHMENT_TYPES`). The relay reads
 * each from a file's bytes; SVG, HTML and anything else a browser could run are not here.
 */
export const ATTACHMENT_TYPE_NAMES = [
  'png',
  'jpeg',
  'gif',
  'webp',
  'pdf',
  'docx',
  'xlsx',
  'pptx',
  'odt',
  'txt',
  'csv',
] as const;
export type AttachmentTypeName = (typeof ATTACHMENT_TYPE_NAMES)[number];

import type { AttachmentType } from '../../admin-types.js';

/** The strings of the inbox's Attachments page, kept out of the shell: the page's chunk brings the English ones. */
export interface AttachmentsStrings {
  title: string;
  intro: string;
  types: string;
  relayDefault: string;
  typeNames: Record<AttachmentType, string>;
  maxSize: string;
  maxSizeHelp: string;
  quota: string;
  quotaHelp: string;
  used: (used: string, quota: string | undefined) => string;
  save: string;
  saved: string;
}

/** English strings of the Attachments page. */
export const attachmentsEn: AttachmentsStrings = {
  title: 'Attachments',
  intro:
    'Which files visitors and staff may put in a conversation, how large one may be, and how much this site keeps. The relay reads each file’s type from its bytes and never accepts SVG, HTML or programs.',
  types: 'Allowed types',
  relayDefault: 'Use the relay’s default',
  typeNames: {
    png: 'PNG image',
    jpeg: 'JPEG image',
    gif: 'GIF image',
    webp: 'WebP image',
    pdf: 'PDF',
    docx: 'Word (.docx)',
    xlsx: 'Excel (.xlsx)',
    pptx: 'PowerPoint (.pptx)',
    odt: 'OpenDocument text (.odt)',
    txt: 'Text (.txt)',
    csv: 'CSV (.csv)',
  },
  maxSize: 'Largest file (MB)',
  maxSizeHelp: 'Empty: the relay’s limit, which a site may lower but not raise.',
  quota: 'What this site keeps in total (MB)',
  quotaHelp: 'Empty: the relay’s quota; 0: no quota.',
  used: (used, quota) => (quota ? `In use: ${used} of ${quota}.` : `In use: ${used}.`),
  save: 'Save',
  saved: 'Saved.',
};

// Its strings in the inbox's (a host's `strings`), added from here: admin-strings.ts imports no feature.
declare module '../../admin-strings.js' {
  interface AdminStrings {
    /** The Attachments page's own strings (the page's chunk brings the English ones when this is not set). */
    attachmentsPage?: AttachmentsStrings;
  }
}

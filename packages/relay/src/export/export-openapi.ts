import { ConversationExport, EXPORT_CSV_COLUMNS, EXPORT_FORMATS } from '@parley/protocol/admin';
import { type Json, answer, idParam, operation, query } from '../http/openapi/openapi-parts.js';

/** How the API document describes the export route (`export-routes.ts` serves it). */
export const exportPaths = (): Record<string, Json> => ({
  '/v1/admin/conversations/{id}/export': {
    get: operation(
      'Export a conversation',
      'Its header (contact as staff see them, with the email masked; channel, subject, status, assignee, team, labels, times), its timeline events and every message in order, as a download (`Content-Disposition: attachment`). Messages are as stored: replaced sensitive data stays replaced, messages the content filter hid are marked `hidden`, files are listed with their download paths. Private notes are in it only with `notes=include`. The body streams, a page of messages at a time, so a conversation of any length can be exported. Any staff member of the site; every export is in the audit log (`conversation.export`). See docs/export.md.',
      {
        tag: 'conversations',
        parameters: [
          idParam('conversation'),
          query('format', '`json` (default) or `csv`.', { type: 'string', enum: [...EXPORT_FORMATS], default: 'json' }),
          query('notes', 'Private staff notes: `include`, or `exclude` (default).', {
            type: 'string',
            enum: ['include', 'exclude'],
            default: 'exclude',
          }),
        ],
        notFound: true,
        responses: {
          '200': {
            ...(answer('The conversation.', ConversationExport) as object),
            content: {
              ...(answer('', ConversationExport) as { content: object }).content,
              'text/csv': {
                schema: {
                  type: 'string',
                  description: `With \`format=csv\`: UTF-8 with a byte order mark, RFC 4180, one row per message under a header row (${EXPORT_CSV_COLUMNS.join(', ')}); cells a spreadsheet would run as formulas are defused with a leading apostrophe.`,
                },
              },
            },
          },
        },
      },
    ),
  },
});

import * as z from 'zod/mini';
import { ConversationExport, EXPORT_CSV_COLUMNS, EXPORT_FORMATS } from '@parley/protocol/admin';
import {
  adminRoute,
  audit,
  conversationOr404,
  type AdminRoute,
  type Call,
} from '../features/admin-routes/admin-route.js';
import { text } from '../features/admin-routes/route-query.js';
import { answer } from '../http/openapi/openapi-parts.js';
import { conversationEvents } from '../admin/public.js';
import { exportCsv, exportFileName, exportHeader, exportJson, messagePages } from './conversation-export.js';

/**
 * The chunks of `source`, with a failure logged: once the status line is out, the client only sees its download cut
 * short (the connection is closed), so the operator learns why here.
 */
async function* logged(call: Call, source: AsyncIterable<string>): AsyncGenerator<string> {
  try {
    yield* source;
  } catch (error) {
    call.core.log.warn('conversation export failed while streaming', {
      error: String(error),
      conversationId: call.params.id,
    });
    throw error;
  }
}

/**
 * `GET /v1/admin/conversations/{id}/export` (docs/export.md): a conversation of the caller's site as JSON or CSV, any
 * staff member (agents see every conversation of their site), audited. The body streams: messages are read from the
 * store a page at a time while the socket takes them.
 */
export const exportRoutes: readonly AdminRoute[] = [
  adminRoute({
    method: 'GET',
    path: '/v1/admin/conversations/{id}/export',
    resource: 'conversation',
    query: {
      format: text(
        z.enum(EXPORT_FORMATS, { error: `one of ${EXPORT_FORMATS.join(', ')}` }),
        '`json` (default) or `csv`.',
        { type: 'string', enum: [...EXPORT_FORMATS], default: 'json' },
      ).or('json'),
      notes: text(
        z.enum(['include', 'exclude'], { error: 'include or exclude' }),
        'Private staff notes: `include`, or `exclude` (default).',
        { type: 'string', enum: ['include', 'exclude'], default: 'exclude' },
      ).or('exclude'),
    },
    doc: {
      summary: 'Export a conversation',
      description:
        'Its header (contact as staff see them, with the email masked; channel, subject, status, assignee, team, labels, times), its timeline events and every message in order, as a download (`Content-Disposition: attachment`). Messages are as stored: replaced sensitive data stays replaced, messages the content filter hid are marked `hidden`, files are listed with their download paths. Private notes are in it only with `notes=include`. The body streams, a page of messages at a time, so a conversation of any length can be exported. Any staff member of the site; every export is in the audit log (`conversation.export`). See docs/export.md.',
      tag: 'conversations',
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
    run: async (call) => {
      const { format } = call.query;
      // Notes are for the team: an export, often sent on, carries them only when asked.
      const includeNotes = call.query.notes === 'include';
      await call.admin.flushContacts();
      const conversation = await conversationOr404(call);
      const pages = messagePages(
        (after, limit) => call.core.store.messagesAfter(conversation.id, after, limit, { includeNotes }),
        conversation.lastSeq,
      );
      // Written before the first byte goes out: an export the client breaks off was still asked for.
      await audit(call, 'conversation.export', 'conversation', conversation.id, {
        format,
        notes: includeNotes ? 'include' : 'exclude',
        messages: conversation.lastSeq,
      });
      const headers = {
        'content-type': format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8',
        'content-disposition': `attachment; filename="${exportFileName(conversation.id, format)}"`,
      };
      if (format === 'csv') return { status: 200, headers, stream: logged(call, exportCsv(pages)) };
      const names = async (id: string | null, kind: 'staff' | 'team') => {
        if (id === null) return null;
        if (kind === 'team') {
          const team = (await call.admin.repos.routing.listTeams(call.site.id)).find((found) => found.id === id);
          return { id, name: team?.name ?? id };
        }
        return { id, name: (await call.admin.repos.desk.getStaff(call.site.id, id))?.name ?? id };
      };
      const summary = call.admin.summary(conversation);
      const header = exportHeader({
        at: call.now,
        by: call.staff,
        site: call.site,
        conversation: {
          id: conversation.id,
          status: conversation.status,
          priority: conversation.priority,
          channel: conversation.channel,
          ...(summary.provider && { provider: summary.provider }),
          subject: conversation.subject,
          contact: {
            id: conversation.visitor.id,
            name: conversation.visitor.name ?? null,
            emailMasked: summary.visitor.emailMasked ?? null,
            verified: conversation.visitor.verified,
          },
          assignee: await names(conversation.assigneeId, 'staff'),
          team: await names(conversation.teamId, 'team'),
          labels: [...conversation.labels],
          createdAt: conversation.createdAt,
          resolvedAt: conversation.resolvedAt,
          lastSeq: conversation.lastSeq,
        },
        includesNotes: includeNotes,
        events: await conversationEvents(call, conversation),
      });
      return { status: 200, headers, stream: logged(call, exportJson(header, pages)) };
    },
  }),
];

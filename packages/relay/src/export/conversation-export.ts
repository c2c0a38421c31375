import type { Message } from '@parley/protocol';
import {
  type ConversationExport,
  EXPORT_CSV_COLUMNS,
  EXPORT_SCHEMA_NAME,
  type ExportEvent,
  type ExportMessage,
} from '@parley/protocol/admin';
import { csvLines } from '../admin/public.js';
import { TimeSlice } from '../time-slice.js';

/**
 * Writing an export (docs/export.md): a conversation's header and events, then its messages read from the store a
 * page at a time and written out as they are read, so an export of 100,000 messages holds one page in memory and
 * never the event loop for long.
 */

/** Messages read from the store at once: about 50 kB of JSON, a millisecond or two of SQLite. */
export const EXPORT_PAGE = 200;

/** What an export is made of besides its messages: everything of {@link ConversationExport} but them. */
export type ExportHeader = Omit<ConversationExport, 'messages'>;

/** Reads the conversation's messages after `afterSeq`, oldest first, at most `limit` (the store's `messagesAfter`). */
export type ReadPage = (afterSeq: number, limit: number) => Promise<readonly Message[]>;

/** A stored message as an export lists it: text as stored, files with their download paths. */
export function exportMessage(message: Message): ExportMessage {
  const role = message.author.role;
  return {
    seq: message.seq,
    id: message.id,
    at: message.ts,
    author: { kind: role, id: message.author.id, name: message.author.name ?? null },
    kind: message.kind,
    text: message.text,
    files: (message.attachments ?? []).map((file) => ({
      id: file.id,
      name: file.name,
      type: file.type,
      size: file.size,
      path: `/v1/attachments/${encodeURIComponent(file.id)}`,
    })),
    ...(message.redacted ? { redacted: [...message.redacted.kinds] } : {}),
    ...(message.hidden ? { hidden: true } : {}),
    ...(message.deleted ? { deleted: true } : {}),
    ...(message.editedAt !== undefined ? { editedAt: message.editedAt } : {}),
    ...(message.via ? { via: message.via } : {}),
    ...(message.automation !== undefined ? { automation: message.automation } : {}),
    ...(message.rating ? { rating: message.rating.score } : {}),
    ...(message.origin ? { origin: { from: message.origin.from, seq: message.origin.seq } } : {}),
  };
}

/**
 * Every message up to `lastSeq` (the conversation's last when the export began: one arriving meanwhile is not in
 * it, and the export ends), a page at a time, oldest first.
 */
export async function* messagePages(read: ReadPage, lastSeq: number): AsyncGenerator<readonly Message[]> {
  // A store that answers from memory or a synchronous driver resolves at once: without a turn of the loop between
  // pages, the whole export would be written in one go, every other socket waiting.
  const slice = new TimeSlice();
  let after = 0;
  while (after < lastSeq) {
    await slice.pass();
    const page = await read(after, EXPORT_PAGE);
    const kept = page.filter((message) => message.seq <= lastSeq);
    if (kept.length > 0) yield kept;
    if (page.length < EXPORT_PAGE || kept.length < page.length) return;
    after = page[page.length - 1]!.seq;
  }
}

/**
 * The export as JSON ({@link ConversationExport}), in chunks: the header (its `messages` last), then a chunk per
 * page of messages. Joined, the chunks are one JSON document.
 */
export async function* exportJson(
  header: ExportHeader,
  pages: AsyncIterable<readonly Message[]>,
): AsyncGenerator<string> {
  const head = JSON.stringify(header);
  yield `${head.slice(0, -1)},"messages":[`;
  let first = true;
  for await (const page of pages) {
    const items = page.map((message) => JSON.stringify(exportMessage(message))).join(',');
    yield first ? items : `,${items}`;
    first = false;
  }
  yield ']}';
}

/** The CSV's time: ISO 8601 in UTC, which every spreadsheet reads as it is. */
const iso = (t: number): string => new Date(t).toISOString();

/** One message as a CSV row, in the order of {@link EXPORT_CSV_COLUMNS}. */
export function csvRow(message: ExportMessage): (string | number | null)[] {
  return [
    message.seq,
    iso(message.at),
    message.author.kind,
    message.author.name,
    message.kind,
    message.text,
    // Each file on a line of its own: name, type, size and where to download it.
    message.files.map((file) => `${file.name} (${file.type}, ${file.size} bytes) ${file.path}`).join('\n') || null,
    message.redacted?.join(' ') ?? null,
    message.hidden ? 'yes' : null,
    message.deleted ? 'yes' : null,
    message.editedAt !== undefined ? iso(message.editedAt) : null,
  ];
}

/**
 * The export as CSV: UTF-8 with a byte order mark (so that Excel reads it as UTF-8), a header row, then one row per
 * message (RFC 4180, `\r\n`; cells defused against formulas by {@link csvLines}). The conversation's header is in
 * the JSON export; the CSV is the messages, for a spreadsheet.
 */
export async function* exportCsv(pages: AsyncIterable<readonly Message[]>): AsyncGenerator<string> {
  yield `\uFEFF${csvLines([[...EXPORT_CSV_COLUMNS]])}\r\n`;
  for await (const page of pages) yield `${csvLines(page.map((message) => csvRow(exportMessage(message))))}\r\n`;
}

/** A header of an export: `ExportHeader` from its parts (the route reads them). */
export function exportHeader(parts: {
  readonly at: number;
  readonly by: { readonly id: string; readonly name: string };
  readonly site: { readonly id: string; readonly name: string };
  readonly conversation: ExportHeader['conversation'];
  readonly includesNotes: boolean;
  readonly events: readonly ExportEvent[];
}): ExportHeader {
  return {
    schema: EXPORT_SCHEMA_NAME,
    exportedAt: parts.at,
    exportedBy: { id: parts.by.id, name: parts.by.name },
    site: { id: parts.site.id, name: parts.site.name },
    conversation: parts.conversation,
    includesNotes: parts.includesNotes,
    events: [...parts.events],
  };
}

/** A file name for an export: the conversation's id, kept to safe characters, and the format's extension. */
export function exportFileName(conversationId: string, format: 'json' | 'csv'): string {
  return `conversation-${conversationId.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 100)}.${format}`;
}

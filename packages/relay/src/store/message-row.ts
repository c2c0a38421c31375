import type { AttachmentRef, Message } from '@parley/protocol';

/**
 * A `messages` row as every store reads it. PostgreSQL returns BIGINT columns (`id`, `ts`) as strings, SQLite as
 * numbers; {@link toMessage} reads either.
 */
export interface MessageRow {
  id: number | string;
  conversation_id: string;
  seq: number;
  client_id: string;
  author_role: Message['author']['role'];
  author_id: string;
  author_name: string | null;
  text: string;
  kind: Message['kind'];
  ts: number | string;
  /**
   * What protocols 2 and 3 add to a message (buttons, automation, rating, reply, attachments), as JSON; `null` on
   * most messages.
   */
  extra: string | null;
}

/** The columns of a {@link MessageRow}, for SELECT and RETURNING lists. */
export const MESSAGE_COLUMNS =
  'id, conversation_id, seq, client_id, author_role, author_id, author_name, text, kind, ts, extra';

/**
 * What a message may carry beyond its text (protocols 2 and 3), stored in the `extra` column. Its `attachments` are
 * stored without signed addresses (`url`, `thumbnail.url`, `urlsExpireAt`): those are minted when the message is
 * delivered or read (`attachments/message-files.ts`), so a stored `thumbnail` has its size only.
 */
export type MessageExtra = Pick<
  Message,
  'buttons' | 'automation' | 'rating' | 'reply' | 'attachments' | 'redacted' | 'hidden' | 'sources'
>;

/** The `extra` column of a message: `null` when it carries nothing beyond its text. */
export function extraColumn(extra: MessageExtra | undefined): string | null {
  if (!extra) return null;
  const { buttons, automation, rating, reply, attachments, redacted, hidden, sources } = extra;
  if (
    sources === undefined &&
    buttons === undefined &&
    automation === undefined &&
    rating === undefined &&
    reply === undefined &&
    attachments === undefined &&
    redacted === undefined &&
    hidden === undefined
  )
    return null;
  return JSON.stringify({ buttons, automation, rating, reply, attachments, redacted, hidden, sources });
}

/**
 * A message's text followed by one line per file, `📎 <name>` (just the lines when the text is empty): how a message
 * with files reads where only text can be shown (protocols 1 and 2, previews, emails).
 */
export function textWithFiles(text: string, attachments: readonly Pick<AttachmentRef, 'name'>[] | undefined): string {
  if (!attachments?.length) return text;
  const lines = attachments.map((file) => `📎 ${file.name}`).join('\n');
  return text === '' ? lines : `${text}\n${lines}`;
}

/** {@link textWithFiles} of a row's text and `extra` column (parsed only when it holds files). */
export function previewText(text: string, extra: string | null): string {
  if (extra === null || !extra.includes('"attachments":[')) return text;
  return textWithFiles(text, (JSON.parse(extra) as MessageExtra).attachments);
}

/**
 * The client-id prefix of visitor messages stored from a reply by email (`inbound-email/inbound-message.ts` makes them:
 * `em_` and a hash of the `Message-ID`). Clients may not use it for a visitor's message (`ws/send.ts` refuses it),
 * so a visitor message with such an id came by email: the stores say so with `via: 'email'`, with no column of
 * its own.
 */
export const EMAIL_REPLY_ID_PREFIX = 'em_';

/** `{ via: 'email' }` for a visitor's message stored from a reply by email; `{}` for any other. */
export function messageVia(clientId: string, role: Message['author']['role']): Pick<Message, 'via'> {
  return role === 'visitor' && clientId.startsWith(EMAIL_REPLY_ID_PREFIX) ? { via: 'email' } : {};
}

export function toMessage(row: MessageRow): Message {
  const message: Message = {
    id: String(row.id),
    clientId: row.client_id,
    conversationId: row.conversation_id,
    seq: row.seq,
    ts: Number(row.ts),
    author:
      row.author_name === null
        ? { role: row.author_role, id: row.author_id }
        : { role: row.author_role, id: row.author_id, name: row.author_name },
    text: row.text,
    kind: row.kind,
    ...messageVia(row.client_id, row.author_role),
  };
  if (row.extra !== null) Object.assign(message, JSON.parse(row.extra) as MessageExtra);
  return message;
}

import type { Message } from '@parley/protocol';
import type { Logger } from '../log.js';
import type { SqlDb } from '../store/sql/sql-db.js';
import type { OriginalText } from '../inbound-email/public.js';

/** An email's original as kept: see `email-original-text.ts`. */
export interface StoredOriginal extends OriginalText {
  readonly siteId: string;
  readonly conversationId: string;
  readonly seq: number;
  /** When the message was stored (its `ts`), in ms since the epoch. */
  readonly receivedAt: number;
}

interface Row {
  site_id: string;
  conversation_id: string;
  seq: number | string;
  source: string;
  headers: string;
  text: string;
  headers_truncated: number | string;
  text_truncated: number | string;
  received_at: number | string;
}

/**
 * The originals of messages that came in by email (table `email_originals`, one row per message, keyed by its
 * conversation and sequence): what the inbox's "Show original" shows (docs/email.md, "The original of a reply").
 * Rows go with their conversation (erasure and retention: the feature's `erasure`).
 */
export class EmailOriginals {
  readonly #db: SqlDb;
  readonly #log: Logger;

  constructor(options: { readonly db: SqlDb; readonly log: Logger }) {
    this.#db = options.db;
    this.#log = options.log;
  }

  /**
   * Keeps the original of `message`, stored from an email (`undefined`: the parser could not give it). Kept once: a
   * message already kept is left as it is. Never throws: a message stored without its original is still stored (a
   * log line says so, with ids only).
   */
  async record(siteId: string, message: Message, original: OriginalText | undefined): Promise<void> {
    const ids = { conversationId: message.conversationId, seq: message.seq };
    if (!original) {
      this.#log.warn('inbound email: original not kept', { ...ids, reason: 'unread' });
      return;
    }
    try {
      await this.put({
        ...original,
        siteId,
        conversationId: message.conversationId,
        seq: message.seq,
        receivedAt: message.ts,
      });
    } catch (error) {
      this.#log.warn('inbound email: original not kept', { ...ids, error: String(error) });
    }
  }

  /** Stores `original` unless that message's is kept already. */
  async put(original: StoredOriginal): Promise<void> {
    await this.#db.run(
      `INSERT INTO email_originals (conversation_id, seq, site_id, source, headers, text, headers_truncated,
         text_truncated, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (conversation_id, seq) DO NOTHING`,
      [
        original.conversationId,
        original.seq,
        original.siteId,
        original.source,
        original.headers,
        original.text,
        original.headersTruncated ? 1 : 0,
        original.textTruncated ? 1 : 0,
        original.receivedAt,
      ],
    );
  }

  /** The original of message `seq` of a conversation of `siteId`; `undefined` when none is kept (or another site's). */
  async get(siteId: string, conversationId: string, seq: number): Promise<StoredOriginal | undefined> {
    const [row] = await this.#db.all<Row>(
      'SELECT * FROM email_originals WHERE site_id = ? AND conversation_id = ? AND seq = ?',
      [siteId, conversationId, seq],
    );
    return (
      row && {
        siteId: row.site_id,
        conversationId: row.conversation_id,
        seq: Number(row.seq),
        source: row.source === 'fields' ? 'fields' : 'raw',
        headers: row.headers,
        text: row.text,
        headersTruncated: Number(row.headers_truncated) === 1,
        textTruncated: Number(row.text_truncated) === 1,
        receivedAt: Number(row.received_at),
      }
    );
  }
}

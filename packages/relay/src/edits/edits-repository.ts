import { MESSAGE_COLUMNS, toMessage, type MessageExtra, type MessageRow } from '../store/message-row.js';
import { enqueue } from '../store/sql/outbox-rows.js';
import type { SqlDb } from '../store/sql/sql-db.js';
import type { Message } from '@parley/protocol';
import type { OutboxInsert } from '../outbox/outbox.js';

/** What a change of a message does, once its checks passed on the row as it is. */
export interface MessageChange {
  readonly conversationId: string;
  readonly messageId: string;
  readonly staffId: string;
  /** The new text; `null` deletes the message. */
  readonly text: string | null;
  readonly at: number;
  /** What the screening replaced in the new text (docs/safety.md); the message's earlier mark goes with its text. */
  readonly redacted?: Message['redacted'];
}

/**
 * Why a change is refused, checked on the row inside the change's transaction: `not_found` (no such message in the
 * conversation), `forbidden` (not the staff member's own message), `conflict` (it carries files, or was deleted),
 * `edit_window_closed`.
 */
export type ChangeRefusal = 'not_found' | 'forbidden' | 'conflict' | 'edit_window_closed';

/**
 * What the check of a change says of the row as it is: a refusal, `unchanged` when the message already is what the
 * change asks (a delete or an edit sent again after a reconnect, its answer lost), or `undefined` to change it.
 */
export type ChangeCheck = ChangeRefusal | 'unchanged' | undefined;

/** The message as a change left it: `changed` is false when it already was what the change asked. */
export interface ChangeResult {
  readonly message: Message;
  readonly changed: boolean;
}

/** The message edits' queries over the desk's database (`edits.messages`, and the `messages` rows they change). */
export class EditsRepository {
  constructor(private readonly db: SqlDb) {}

  /** The client id of message `messageId` of `conversationId`, or `undefined` when there is none. */
  async clientId(conversationId: string, messageId: string): Promise<string | undefined> {
    if (!/^[1-9]\d{0,17}$/.test(messageId)) return undefined;
    const [row] = await this.db.all<{ client_id: string }>(
      'SELECT client_id FROM messages WHERE id = ? AND conversation_id = ?',
      [messageId, conversationId],
    );
    return row?.client_id;
  }

  /**
   * Changes a message in one transaction, if `refuse` (given the message as stored) finds nothing against it: its
   * text and `extra` (`editedAt`, `deleted`), the old text into `message_edits`, and the outbox rows `effects`
   * returns for the message as it now is. Resolves with the message as it now is, or the refusal; when `check`
   * says `unchanged`, nothing is written and the message is as stored.
   */
  change(
    change: MessageChange,
    check: (message: Message) => ChangeCheck,
    effects: (message: Message) => readonly OutboxInsert[] | undefined,
  ): Promise<ChangeResult | ChangeRefusal> {
    // Server ids are integers (SQLite's rowid, PostgreSQL's bigserial): anything else names no message.
    if (!/^[1-9]\d{0,17}$/.test(change.messageId)) return Promise.resolve('not_found');
    return this.db.transaction(async (db) => {
      const [row] = await db.all<MessageRow & { site_id: string }>(
        `SELECT ${MESSAGE_COLUMNS.split(', ')
          .map((column) => `m.${column}`)
          .join(', ')}, c.site_id FROM messages m JOIN conversations c ON c.id = m.conversation_id
         WHERE m.id = ? AND m.conversation_id = ?`,
        [change.messageId, change.conversationId],
      );
      if (row === undefined) return 'not_found';
      const before = toMessage(row);
      const checked = check(before);
      if (checked === 'unchanged') return { message: before, changed: false };
      if (checked !== undefined) return checked;
      const { redacted: _old, ...kept } = row.extra === null ? {} : (JSON.parse(row.extra) as MessageExtra);
      const extra: MessageExtra & Pick<Message, 'editedAt' | 'deleted'> = {
        ...kept,
        editedAt: change.at,
        ...(change.text === null ? { deleted: true } : {}),
        ...(change.redacted ? { redacted: change.redacted } : {}),
      };
      const text = change.text ?? '';
      await db.run('UPDATE messages SET text = ?, extra = ? WHERE id = ?', [
        text,
        JSON.stringify(extra),
        change.messageId,
      ]);
      await db.run(
        `INSERT INTO message_edits (message_id, conversation_id, site_id, staff_id, action, old_text, at)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
        [
          change.messageId,
          change.conversationId,
          row.site_id,
          change.staffId,
          change.text === null ? 'delete' : 'edit',
          before.text,
          change.at,
        ],
      );
      const after = toMessage({ ...row, text, extra: JSON.stringify(extra) });
      const rows = effects(after);
      if (rows?.length) await enqueue(db, rows, change.at);
      return { message: after, changed: true };
    });
  }

  /** The edits of a message, oldest first: what it said before each (the site's audit; tests). */
  history(
    conversationId: string,
    messageId: string,
  ): Promise<{ staffId: string; action: 'edit' | 'delete'; oldText: string; at: number }[]> {
    return this.db
      .all<{ staff_id: string; action: 'edit' | 'delete'; old_text: string; at: number | string }>(
        `SELECT staff_id, action, old_text, at FROM message_edits WHERE conversation_id = ? AND message_id = ?
         ORDER BY at`,
        [conversationId, messageId],
      )
      .then((rows) =>
        rows.map((row) => ({ staffId: row.staff_id, action: row.action, oldText: row.old_text, at: Number(row.at) })),
      );
  }
}

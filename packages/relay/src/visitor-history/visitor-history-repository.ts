import type { PastConversation } from '@parley/protocol';
import { previewText } from '../store/message-row.js';
import type { SqlDb } from '../store/sql/sql-db.js';

/** How many conversations a `conversations` page holds. */
export const PAST_PAGE = 20;

interface ConversationRow {
  id: string;
  status: PastConversation['status'];
  created_at: number | string;
  updated_at: number | string;
  last_seq: number;
}

interface LastRow {
  conversation_id: string;
  text: string;
  ts: number | string;
  author_role: string;
  author_name: string | null;
  extra: string | null;
}

/** A page of a visitor's conversations, and the cursor of the next (`<updatedAt>.<id>`) when there is more. */
export interface PastPage {
  readonly conversations: PastConversation[];
  readonly next?: string;
}

/**
 * The visitor's past conversations, read from the core's tables (`conversations`, `messages`): a visitor's own on
 * one site, the most recently active first. What erasure or retention deleted is gone from them, so it is gone
 * from here. Nothing of its own is stored: the feature has no table.
 */
export class VisitorHistoryRepository {
  constructor(private readonly db: SqlDb) {}

  /**
   * The page of `visitorId`'s conversations on `siteId` after `before` (a page's `next`), each with its newest
   * message the visitor sees (notes never): the page (by the `(site_id, visitor_id, …)` index), then the newest
   * visible message of each of its at most {@link PAST_PAGE} conversations.
   */
  async page(siteId: string, visitorId: string, before?: string): Promise<PastPage> {
    const params: (string | number)[] = [siteId, visitorId];
    let after = '';
    if (before !== undefined) {
      const dot = before.indexOf('.');
      const at = Number(before.slice(0, dot));
      after = ' AND (updated_at < ? OR (updated_at = ? AND id < ?))';
      params.push(at, at, before.slice(dot + 1));
    }
    params.push(PAST_PAGE + 1);
    const rows = await this.db.all<ConversationRow>(
      `SELECT id, status, created_at, updated_at, last_seq FROM conversations
       WHERE site_id = ? AND visitor_id = ?${after} ORDER BY updated_at DESC, id DESC LIMIT ?`,
      params,
    );
    const more = rows.length > PAST_PAGE;
    if (more) rows.pop();
    const last = await this.#last(rows.map((row) => row.id));
    const conversations = rows.map((row): PastConversation => {
      const message = last.get(row.id);
      return {
        id: row.id,
        status: row.status,
        createdAt: Number(row.created_at),
        updatedAt: Number(row.updated_at),
        lastSeq: row.last_seq,
        ...(message && {
          last: {
            text: previewText(message.text, message.extra),
            ts: Number(message.ts),
            mine: message.author_role === 'visitor',
            ...(message.author_role !== 'visitor' && message.author_name !== null && { name: message.author_name }),
          },
        }),
      };
    });
    const end = conversations.at(-1);
    return more && end ? { conversations, next: `${end.updatedAt}.${end.id}` } : { conversations };
  }

  /** Whether `conversationId` is `visitorId`'s on `siteId` (stored: never one erased). */
  async owns(siteId: string, visitorId: string, conversationId: string): Promise<boolean> {
    const rows = await this.db.all<{ id: string }>(
      'SELECT id FROM conversations WHERE id = ? AND site_id = ? AND visitor_id = ?',
      [conversationId, siteId, visitorId],
    );
    return rows.length === 1;
  }

  /**
   * The newest message other than a note of each conversation that has one: one read each, from its end by the
   * `(conversation_id, seq)` index, so a long conversation costs no more than a short one.
   */
  async #last(ids: readonly string[]): Promise<Map<string, LastRow>> {
    const rows = await Promise.all(
      ids.map(
        async (id) =>
          (
            await this.db.all<LastRow>(
              `SELECT conversation_id, text, ts, author_role, author_name, extra FROM messages
               WHERE conversation_id = ? AND kind <> 'note' ORDER BY seq DESC LIMIT 1`,
              [id],
            )
          )[0],
      ),
    );
    return new Map(rows.flatMap((row) => (row ? [[row.conversation_id, row] as const] : [])));
  }
}

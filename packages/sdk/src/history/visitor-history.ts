import {
  decodePastFrame,
  type ContinueGrantedFrame,
  type ConversationsPageFrame,
  type HistoryPageFrame,
  type PastConversation,
} from '@parley/protocol';
import type { VisitorClient } from '../visitor-client.js';
import { createId } from '../ids.js';
import type { LocalMessage } from '../types.js';

/**
 * What {@link VisitorHistory} asks of a client: its requests answered by `ref`, and a reader of frames run before its
 * own (a `VisitorClient`'s `reads`).
 */
export type HistoryClient = Pick<VisitorClient, 'request' | 'reads'>;

/** A page of the visitor's conversations: `next` asks the one after it (absent: none). */
export interface PastPage {
  readonly conversations: readonly PastConversation[];
  readonly next?: string;
}

/** A page of one past conversation's messages, oldest first; `hasMore` when older ones remain. */
export interface PastMessages {
  readonly messages: readonly LocalMessage[];
  readonly hasMore: boolean;
}

/** The answer to {@link VisitorHistory.continueIn}: the conversation, and the visitor token to say hello with. */
export interface Continuation {
  readonly conversationId: string;
  readonly visitorToken: string;
}

/**
 * A visitor's past conversations on this site (issue #86; docs/protocol.md, "Past conversations"), over a client's
 * open connection: the list, one read without making it theirs, and continuing one (or starting a new one). The
 * relay answers only with the visitor's own (an identified visitor's on any browser, an anonymous one's on this
 * one); anything else rejects with `not_found`. An entry of its own (`@parley/sdk/history`), so that a page that
 * never shows them does not download it; made, it reads its answers through the client's `reads`.
 *
 * Continuing is a new hello: the answer's `visitorToken` is the `visitorToken` option of the client to make next
 * (`<chat-widget>` does so, as for a link from an email); it names the conversation, and a resolved one reopens
 * when the visitor writes, as a customer's message always does.
 *
 * @example
 * const history = new VisitorHistory(client);
 * const { conversations } = await history.list();
 * const { messages } = await history.read(conversations[0].id);
 * const { visitorToken } = await history.continueIn(conversations[0].id);
 */
export class VisitorHistory {
  readonly #client: HistoryClient;

  constructor(client: HistoryClient) {
    this.#client = client;
    // The answers are read here: the client's own decoder (the widget's first load) does not carry their checks.
    client.reads = decodePastFrame;
  }

  /** The visitor's conversations, the most recently active first (20 a page); `before`: the previous page's `next`. */
  async list(before?: string, signal?: AbortSignal): Promise<PastPage> {
    const page = await this.#client.request<ConversationsPageFrame>(
      { type: 'conversations', ref: createId(), ...(before !== undefined && { before }) },
      signal,
    );
    const { conversations, next } = page;
    return next === undefined ? { conversations } : { conversations, next };
  }

  /**
   * A page of `conversationId`'s messages, the newest without `before` (a sequence: the oldest held), notes never.
   * It does not become the client's conversation: nothing is marked read or delivered.
   */
  async read(conversationId: string, before?: number, signal?: AbortSignal): Promise<PastMessages> {
    const page = await this.#client.request<HistoryPageFrame>(
      { type: 'past', ref: createId(), conversationId, ...(before !== undefined && { before }) },
      signal,
    );
    const messages = page.messages.map((message): LocalMessage => ({
      ...message,
      status: 'sent',
      mine: message.author.role === 'visitor',
    }));
    return { messages, hasMore: page.hasMore };
  }

  /** The token to continue `conversationId` with, or without one a new conversation (stored at its first message). */
  async continueIn(conversationId?: string, signal?: AbortSignal): Promise<Continuation> {
    const { conversationId: id, visitorToken } = await this.#client.request<ContinueGrantedFrame>(
      { type: 'continue', ref: createId(), ...(conversationId !== undefined && { conversationId }) },
      signal,
    );
    return { conversationId: id, visitorToken };
  }
}

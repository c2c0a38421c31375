import { EDIT_WINDOW_MS, type Message, type ServerFrame } from '@parley/protocol';
import type { ChatCore } from '../core/chat-core.js';
import type { Screened, ScreenRefusal } from '../core/screening.js';
import type { OutboxInsert } from '../outbox/outbox.js';
import type { ChangeRefusal, EditsRepository } from './edits-repository.js';

/** Who asks for a change: a staff member of a site. */
export interface Editor {
  readonly siteId: string;
  readonly staffId: string;
}

/** What {@link MessageEdits} is built from. */
export interface MessageEditsOptions {
  readonly core: Pick<ChatCore, 'toConversation' | 'toStaff' | 'screen'>;
  readonly repository: EditsRepository;
  /** The webhook deliveries of a changed message (`message.updated`), written in the change's transaction. */
  readonly effects?: ((message: Message, siteId: string) => readonly OutboxInsert[] | undefined) | undefined;
  readonly now?: (() => number) | undefined;
}

/** Why a change was refused, as the `error` frame says it. */
export interface EditRefused {
  readonly code: ChangeRefusal | ScreenRefusal['code'];
  readonly message: string;
}

const refusals: Readonly<Record<ChangeRefusal, string>> = {
  not_found: 'No such message in this conversation.',
  forbidden: 'Staff may edit or delete only their own messages.',
  conflict: 'This message can no longer be changed: it was deleted, or it carries files.',
  edit_window_closed: `A message can be edited or deleted only for ${EDIT_WINDOW_MS / 60_000} minutes after it was sent.`,
};

/**
 * Staff edit or delete their own messages for {@link EDIT_WINDOW_MS} after sending them (issue #36): messages and
 * notes they wrote, never a visitor's, a bot's or a colleague's, never one that carries files (the files are not
 * the text's to change). An edit keeps the old text in `message_edits` (erased with the conversation) and marks the
 * message `editedAt`; a delete empties the text and marks it `deleted`, the row keeping its place and sequence.
 * Whoever sees the message is told on every relay (the bus): the conversation's visitors (not for a note) and the
 * site's staff, with an `update` frame.
 */
export class MessageEdits {
  readonly #core: MessageEditsOptions['core'];
  readonly #repository: EditsRepository;
  readonly #effects: MessageEditsOptions['effects'];
  readonly #now: () => number;

  constructor(options: MessageEditsOptions) {
    this.#core = options.core;
    this.#repository = options.repository;
    this.#effects = options.effects;
    this.#now = options.now ?? Date.now;
  }

  /** The edits' repository (the audit of a message's old texts). */
  get repository(): EditsRepository {
    return this.#repository;
  }

  /**
   * Replaces the text of message `messageId` of `conversationId` (a conversation of the editor's site) with `text`,
   * or deletes it (`text: null`). Resolves with the message as it now is (already published to everyone else), or
   * why nothing changed.
   */
  async change(
    editor: Editor,
    conversationId: string,
    messageId: string,
    text: string | null,
  ): Promise<{ message: Message } | EditRefused> {
    const at = this.#now();
    const screened = text === null ? undefined : await this.#screen(editor, conversationId, messageId, text);
    if (screened && 'code' in screened) return screened;
    const result = await this.#repository.change(
      {
        conversationId,
        messageId,
        staffId: editor.staffId,
        text: screened?.text ?? text,
        at,
        ...(screened?.redacted ? { redacted: screened.redacted } : {}),
      },
      (message) =>
        message.author.role !== 'staff' || message.author.id !== editor.staffId
          ? 'forbidden'
          : // Asked again (the answer was lost with the connection, and the client resends what was not answered):
            // it is done already, so say so rather than refuse it.
            (message.deleted && text === null) || (!message.deleted && message.text === (screened?.text ?? text))
            ? 'unchanged'
            : message.deleted || message.attachments?.length
              ? 'conflict'
              : at - message.ts > EDIT_WINDOW_MS
                ? 'edit_window_closed'
                : undefined,
      (message) => this.#effects?.(message, editor.siteId),
    );
    if (typeof result === 'string') return { code: result, message: refusals[result] };
    const { message, changed } = result;
    // Unchanged: everyone was told when it changed; no second update, webhook or audit entry.
    if (!changed) return { message };
    screened?.stored?.(message);
    const frame = JSON.stringify({ type: 'update', message } satisfies ServerFrame);
    if (message.kind !== 'note') this.#core.toConversation(conversationId, frame);
    this.#core.toStaff(editor.siteId, frame);
    return { message };
  }

  /** The new text, screened as a new message would be (docs/safety.md): what to store, or the refusal. */
  async #screen(
    editor: Editor,
    conversationId: string,
    messageId: string,
    text: string,
  ): Promise<Screened | EditRefused | undefined> {
    const clientId = await this.#repository.clientId(conversationId, messageId);
    if (clientId === undefined) return { code: 'not_found', message: refusals.not_found };
    const screened = this.#core.screen({
      siteId: editor.siteId,
      conversationId,
      visitorId: '',
      clientId,
      role: 'staff',
      kind: 'text',
      text,
      via: 'ws',
    });
    if (screened?.refused) return { code: screened.refused.code, message: screened.refused.message };
    await screened?.before?.();
    return screened;
  }
}

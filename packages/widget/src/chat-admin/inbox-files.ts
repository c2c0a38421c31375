import { LIMITS } from '@parley/protocol';
import { Attachments, xhrUpload } from '@parley/sdk/attachments';
import type { LocalMessage } from '@parley/sdk';
import { formatBytes } from '../attachments/attachment-format.js';
import type { AdminClient } from './admin-client.js';
import { sessionCsrf } from './admin-api.js';
import { ChatAdminAttach, ChatAdminDrop } from './chat-admin-attach.component.js';
import { filesEn, type FilesStrings } from './files-strings.js';
import type { InboxFilesView, InboxSession } from './inbox-state.js';

/**
 * The inbox's files (protocol 3), fetched as a chunk of its own after a protocol-3 welcome: the SDK's `Attachments`
 * for the staff connection (uploads through the outbox with progress, cancel, retry; downloads and fresh references
 * with the staff token), and the files the composer will send (picked, pasted or dropped;
 * `InboxState.pendingFiles`), checked against the site's limit. It registers the composer's `<chat-admin-attach>` and
 * the conversation's `<chat-admin-drop>`, which come in the same chunk.
 */
export class InboxFiles implements InboxFilesView {
  /** The SDK's files of the staff connection this was made for. */
  readonly attachments: Attachments;
  readonly #inbox: InboxSession;

  constructor(inbox: InboxSession, client: AdminClient) {
    this.#inbox = inbox;
    // Signed in with an account, the upload carries the session cookie (same origin) and its CSRF token (the relay's,
    // asked first, for a session opened offline from the one kept on the device, which holds none).
    this.attachments = new Attachments(
      client,
      inbox.state.session
        ? {
            upload: async (request) =>
              xhrUpload({
                ...request,
                headers: { 'X-Parley-CSRF': inbox.state.session?.csrfToken || (await sessionCsrf()) },
              }),
          }
        : {},
    );
    this.attachments.on('progress', () => inbox.changed());
    if (!customElements.get('chat-admin-attach')) customElements.define('chat-admin-attach', ChatAdminAttach);
    if (!customElements.get('chat-admin-drop')) customElements.define('chat-admin-drop', ChatAdminDrop);
  }

  /** The strings of the files' UI (`AdminStrings.filesPart`, else English). */
  get strings(): FilesStrings {
    return this.#inbox.strings.filesPart ?? filesEn;
  }

  /**
   * Adds files to those the composer will send with the next reply or note. One over the site's size limit, or past
   * the protocol's 10 a message, is refused with a message; types are the relay's to check, from the bytes (a
   * refused type fails the message's upload).
   */
  attach(files: Iterable<File>): void {
    const { uploads, pendingFiles, current } = this.#inbox.state;
    if (!uploads || !current) return;
    const next = [...pendingFiles];
    for (const file of files) {
      if (next.length >= LIMITS.maxAttachments) {
        this.#inbox.set({ error: this.strings.tooManyFiles(LIMITS.maxAttachments) });
        break;
      }
      if (file.size > uploads.maxBytes)
        this.#inbox.set({ error: this.strings.fileTooLarge(file.name, formatBytes(uploads.maxBytes)) });
      else next.push(file);
    }
    this.#inbox.set({ pendingFiles: next });
  }

  /** Takes a file back out of those the composer will send. */
  detach(index: number): void {
    this.#inbox.set({ pendingFiles: this.#inbox.state.pendingFiles.filter((_, at) => at !== index) });
  }

  /**
   * Sends the composer's files to the open conversation in one message with `text` (which may be empty), a reply or
   * a note as `options` says. The files leave the composer at once; the message shows their upload.
   */
  send(text: string, options: { conversationId: string; note: boolean }): void {
    const files = this.#inbox.state.pendingFiles;
    this.#inbox.set({ pendingFiles: [] });
    this.attachments.send(files, text, options).catch((error: unknown) => this.#inbox.fail(error));
  }

  /** Cancels a message whose files are not sent yet. */
  cancel(message: LocalMessage): void {
    void this.attachments.cancel(message.clientId, message.conversationId);
  }

  /** Sends a failed message with files again. */
  retry(message: LocalMessage): void {
    this.attachments.retry(message.clientId, message.conversationId).catch((error: unknown) => this.#inbox.fail(error));
  }

  /** Stops uploads (they resume with the next connection's outbox) and releases previews. */
  close(): void {
    this.attachments.close();
  }
}

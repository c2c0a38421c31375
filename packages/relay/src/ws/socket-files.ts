import type { AttachmentId, AttachmentRef, ErrorCode, Message, WelcomeFrame } from '@parley/protocol';

/**
 * Files in messages, as the socket needs them (protocol 3): what a welcome offers, a `send`'s uploads claimed for the
 * message, and the signed addresses of stored messages' files. The attachments feature fills it (`MessageFiles`);
 * the socket kit declares it, so that it names no feature. Without it a `send` with files is refused and welcomes
 * offer none.
 */
export interface SocketFiles {
  /** What a v3 `welcome` says the site accepts; `undefined` when it accepts none. */
  accepted(siteId: string): Promise<NonNullable<WelcomeFrame['attachments']> | undefined>;
  /** Claims a message's uploads: the references to store with it, or why it is refused (nothing claimed). */
  claim(
    siteId: string,
    conversationId: string,
    clientId: string,
    files: readonly AttachmentId[],
  ): Promise<
    | { readonly ok: true; readonly refs: AttachmentRef[] }
    | { readonly ok: false; readonly code: ErrorCode; readonly message: string }
  >;
  /** The message with its files' addresses signed. */
  sign(message: Message, baseUrl: string): Message;
  signAll(messages: Message[], baseUrl: string): Message[];
}

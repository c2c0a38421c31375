import type { AttachmentRef, Message, SendFrame, ServerFrame } from '@parley/protocol';
import type { ConversationRef } from '../core/conversation-cache.js';
import { screenedInput, type Screened, type ScreenRefusal } from '../core/screening.js';
import { EMAIL_REPLY_ID_PREFIX } from '../store/message-row.js';
import type { Peer, Socket } from './connection.js';
import { conversationFor, ownConversation } from './conversation-access.js';
import { extrasAllowed } from './extras.js';
import { sendError, storeFailed } from './outbound.js';
import { olderProtocol } from './protocol-versions.js';
import type { WsContext } from './ws-context.js';

/**
 * A `send` frame: stores the message (the store batches appends into group commits), then acknowledges it and
 * fans it out through {@link WsContext.settled} once its commit is durable.
 */
export function send(ctx: WsContext, ws: Socket, peer: Peer, frame: SendFrame, receivedAt: number): void {
  sendChecked(ctx, ws, peer, frame, receivedAt, true);
}

/**
 * {@link send} once protocol 2's members are checked (`plain`: not yet): the quotas of a visitor's first message,
 * the conversation, then the append.
 */
function sendChecked(
  ctx: WsContext,
  ws: Socket,
  peer: Peer,
  frame: SendFrame,
  receivedAt: number,
  plain: boolean,
): void {
  if (frame.note && peer.role !== 'staff') {
    sendError(ctx, ws, 'forbidden', { message: 'Only staff may write private notes.', ref: frame.id });
    return;
  }
  if (peer.role === 'visitor' && frame.id.startsWith(EMAIL_REPLY_ID_PREFIX)) {
    // Those are the visitor's replies by email: a client's message must not pass for one (`via: 'email'`).
    sendError(ctx, ws, 'forbidden', {
      message: `Client ids starting with ${EMAIL_REPLY_ID_PREFIX} are reserved for replies by email.`,
      ref: frame.id,
    });
    return;
  }
  if (plain && frame.attachments !== undefined && olderProtocol(ws) !== undefined) {
    // An older client cannot show the message it would get back: files need a connection that speaks 3.
    sendError(ctx, ws, 'bad_frame', {
      message: 'attachments need protocol 3: connect with parley.v3.',
      ref: frame.id,
    });
    return;
  }
  if (plain && (frame.buttons !== undefined || frame.rating !== undefined || frame.reply !== undefined)) {
    // Protocol 2's rare members: checked off the common path (see extras.ts).
    extrasAllowed(ctx, ws, peer, frame)
      .then((allowed) => allowed && sendChecked(ctx, ws, peer, frame, receivedAt, false))
      .catch((error: unknown) => storeFailed(ctx, ws, error, frame.id));
    return;
  }
  // The hot path: no look-up for a visitor's own conversation.
  const own = ownConversation(peer, frame.conversationId);
  if (own) {
    if (peer.role === 'visitor' && !peer.started) {
      // This message would open a conversation: within the quotas, or refused with nothing stored.
      const refused = ctx.quotas.take(ws.getUserData().ip, peer.site.id, receivedAt);
      if (refused) {
        sendError(ctx, ws, 'rate_limited', {
          message: refused.message,
          ref: frame.id,
          retryAfterMs: refused.retryAfterMs,
        });
        return;
      }
      peer.started = true;
      append(ctx, ws, peer, frame, own, receivedAt, true);
      return;
    }
    append(ctx, ws, peer, frame, own, receivedAt, false);
    return;
  }
  conversationFor(ctx, ws, peer, frame.conversationId, frame.id)
    .then((conversation) => {
      if (conversation) append(ctx, ws, peer, frame, conversation, receivedAt, false);
    })
    .catch((error: unknown) => storeFailed(ctx, ws, error, frame.id));
}

function append(
  ctx: WsContext,
  ws: Socket,
  peer: Peer,
  frame: SendFrame,
  conversation: ConversationRef,
  receivedAt: number,
  opens: boolean,
): void {
  if (frame.attachments === undefined)
    return screened(ctx, ws, peer, frame, conversation, receivedAt, opens, undefined);
  // Off the hot path: only a message with files reads and claims its uploads.
  const files = ctx.files;
  if (!files) {
    sendError(ctx, ws, 'forbidden', { message: 'This relay accepts no files.', ref: frame.id });
    return;
  }
  files
    .claim(conversation.siteId, conversation.id, frame.id, frame.attachments)
    .then((claim) => {
      if (!claim.ok) return sendError(ctx, ws, claim.code, { message: claim.message, ref: frame.id });
      screened(ctx, ws, peer, frame, conversation, receivedAt, opens, claim.refs);
    })
    .catch((error: unknown) => storeFailed(ctx, ws, error, frame.id));
}

/**
 * Asks the features to screen the message before it is stored (message safety, `ChatCore.screen`): refused, it
 * answers the sender with the refusal and stores nothing; otherwise, once a check that reads (a messaging channel's
 * reply window) let it through and what it needs durable first is (a sealed original), it stores what the screening
 * left.
 */
function screened(
  ctx: WsContext,
  ws: Socket,
  peer: Peer,
  frame: SendFrame,
  conversation: ConversationRef,
  receivedAt: number,
  opens: boolean,
  attachments: AttachmentRef[] | undefined,
): void {
  const kind: Message['kind'] = frame.note ? 'note' : 'text';
  const verdict = ctx.core.screen({
    siteId: conversation.siteId,
    conversationId: conversation.id,
    visitorId: conversation.visitorId,
    clientId: frame.id,
    role: peer.author.role,
    kind,
    text: frame.text,
    via: 'ws',
    ip: ws.getUserData().ip,
    opens,
  });
  if (!verdict) return appendClaimed(ctx, ws, peer, frame, conversation, receivedAt, attachments, kind, undefined);
  const refuse = (refused: ScreenRefusal): void => {
    if (opens && peer.role === 'visitor') peer.started = false;
    sendError(ctx, ws, refused.code, {
      message: refused.message,
      ref: frame.id,
      ...(refused.retryAfterMs === undefined ? {} : { retryAfterMs: refused.retryAfterMs }),
    });
  };
  if (verdict.refused) return refuse(verdict.refused);
  if (!verdict.check && !verdict.before)
    return appendClaimed(ctx, ws, peer, frame, conversation, receivedAt, attachments, kind, verdict);
  const { check, before } = verdict;
  void (async () => {
    const refused = await check?.();
    if (refused) return refuse(refused);
    await before?.();
    appendClaimed(ctx, ws, peer, frame, conversation, receivedAt, attachments, kind, verdict);
  })().catch((error: unknown) => storeFailed(ctx, ws, error, frame.id));
}

function appendClaimed(
  ctx: WsContext,
  ws: Socket,
  peer: Peer,
  frame: SendFrame,
  conversation: ConversationRef,
  receivedAt: number,
  attachments: AttachmentRef[] | undefined,
  kind: Message['kind'],
  verdict: Screened | undefined,
): void {
  ctx.core.appending(conversation.id, frame.id);
  const pending = ctx.store.append(
    screenedInput(
      {
        siteId: conversation.siteId,
        conversationId: conversation.id,
        visitorId: conversation.visitorId,
        clientId: frame.id,
        author: peer.author,
        text: frame.text,
        kind,
        ...(peer.role === 'visitor' ? { profile: peer.profile } : {}),
        ...(frame.buttons || frame.rating || frame.reply || attachments
          ? { extra: { buttons: frame.buttons, rating: frame.rating, reply: frame.reply, attachments } }
          : {}),
      },
      verdict,
    ),
  );
  ctx.core.track(
    pending.then(
      ({ message: stored, duplicate }) => {
        // One set of signed addresses for everyone the message is published to.
        const message = stored.attachments && ctx.files ? ctx.files.sign(stored, ctx.publicOrigin.href) : stored;
        if (duplicate) ctx.metrics.duplicatesAcked += 1;
        else {
          ctx.metrics.messagesStored += 1;
          ctx.core.conversations.remember(conversation);
          verdict?.stored?.(stored);
        }
        const ack: Extract<ServerFrame, { type: 'ack' }> = {
          type: 'ack',
          id: frame.id,
          messageId: message.id,
          conversationId: message.conversationId,
          seq: message.seq,
          ts: message.ts,
          duplicate,
        };
        if (message.redacted) {
          // The text as stored, when the relay replaced sensitive data in it: the sender shows it instead of its own.
          ack.text = message.text;
          ack.redacted = message.redacted;
        }
        ctx.settled.add(ws, ack, receivedAt, message, conversation.siteId, duplicate);
      },
      (error: unknown) => {
        ctx.core.appendFailed(conversation.id, frame.id);
        storeFailed(ctx, ws, error, frame.id);
      },
    ),
  );
}

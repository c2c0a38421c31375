import { LIMITS, emailSigningText, type HelloFrame, type WelcomeFrame } from '@parley/protocol';
import { createHash } from 'node:crypto';
import { hashToken, randomId, verifyAttributesHash, verifyIdentity, type VisitorClaims } from '../auth/tokens.js';
import type { StaffSession } from '../core/hooks.js';
import { topics } from '../core/topics.js';
import { staffMay, wireRole, type Site, type Staff } from '../store/store.js';
import { StaffPeer, VisitorPeer, type Socket } from './connection.js';
import { closeSocket, isClosed, sendError, sendFrame, sendPage } from './outbound.js';
import { frameFor, olderProtocol, topicFor } from './protocol-versions.js';
import type { WsContext } from './ws-context.js';
import type { Accounts } from '../auth/accounts.js';

/**
 * Answers a hello: authenticates the visitor (site key, identity, visitor token) or the staff member (token),
 * welcomes them, replays what they missed and subscribes them to live traffic. Resolves with the frames the
 * client pipelined meanwhile, for the caller to handle now (none when the connection was refused or closed).
 */
export async function hello(ctx: WsContext, ws: Socket, frame: HelloFrame): Promise<readonly ArrayBuffer[]> {
  if (frame.staffToken !== undefined) await helloStaff(ctx, ws, frame, frame.staffToken);
  else if (frame.siteKey !== undefined) await helloVisitor(ctx, ws, frame, frame.siteKey);
  else if (ws.getUserData().browserSession !== undefined && ctx.accounts)
    await helloSession(ctx, ws, frame, ctx.accounts);
  else {
    sendError(ctx, ws, 'unauthorized', {
      message: 'hello needs a siteKey (visitors), a staffToken, or the inbox’s session cookie (staff).',
    });
    closeSocket(ctx, ws, 'unauthorized');
    return [];
  }
  const conn = ws.getUserData();
  if (conn.phase !== 'hello') return [];
  conn.phase = 'ready';
  const queued = conn.queued ?? [];
  conn.queued = undefined;
  return queued;
}

/**
 * What a v3 welcome says of the site's files (`{}` for older connections, which cannot send any, and when the site
 * accepts none). From the files feature's memory: no store read on most hellos.
 */
async function acceptedFiles(ctx: WsContext, ws: Socket, siteId: string): Promise<Pick<WelcomeFrame, 'attachments'>> {
  if (!ctx.files || olderProtocol(ws) !== undefined) return {};
  try {
    const attachments = await ctx.files.accepted(siteId);
    return attachments ? { attachments } : {};
  } catch (error) {
    // A welcome without files (the client offers none) rather than no welcome: the settings are read again soon.
    ctx.log.warn('attachments: could not read a site’s settings for a welcome', { siteId, error: String(error) });
    return {};
  }
}

function originAllowed(allowed: readonly string[], origin: string): boolean {
  // Non-browser clients send no Origin; origin checks protect browser pages from being used cross-site.
  if (origin === '') return true;
  return allowed.includes('*') || allowed.includes(origin);
}

async function helloVisitor(ctx: WsContext, ws: Socket, frame: HelloFrame, siteKey: string): Promise<void> {
  const conn = ws.getUserData();
  const site = await ctx.sitesByKey.get(siteKey);
  if (isClosed(ws)) return;
  if (!site) return void closeSocket(ctx, ws, 'unauthorized', 'unknown site key');
  if (!originAllowed(site.allowedOrigins, conn.origin)) return void closeSocket(ctx, ws, 'origin_refused');

  let visitorId: string | undefined;
  let newest: string | undefined;
  let verified = false;
  if (frame.user) {
    if (!verifyIdentity(site.identitySecret, frame.user.id, frame.user.hash))
      return void closeSocket(ctx, ws, 'identity_refused');
    verified = true;
    visitorId = `u_${createHash('sha256').update(`${site.id}\0${frame.user.id}`).digest('base64url').slice(0, 22)}`;
    newest = (await ctx.store.findConversationByVisitor(site.id, visitorId))?.id;
  } else if (site.requireIdentity) {
    return void closeSocket(ctx, ws, 'identity_refused', 'this site requires identified users');
  }
  let token: VisitorClaims | undefined;
  if (frame.visitorToken !== undefined) {
    const claims = ctx.visitorTokens.verify(frame.visitorToken);
    if (claims && claims.siteId === site.id && (visitorId === undefined || claims.visitorId === visitorId)) {
      visitorId = claims.visitorId;
      token = claims;
    } else if (!claims || claims.siteId !== site.id) {
      // A forged, expired or foreign token grants nothing: the connection continues as a new visitor.
      sendError(ctx, ws, 'unauthorized', {
        message: 'The visitor token is not valid here; continuing as a new visitor.',
        ref: 'hello',
      });
    }
  }
  visitorId ??= randomId('v');
  // An identified visitor resumes their newest conversation, an anonymous one their token's, unless a feature chooses
  // another of theirs (past conversations: one they chose on this browser), which the core checks.
  let conversationId = newest ?? token?.conversationId;
  const chosen = await ctx.core.resumeConversation({ site, visitorId, verified, newest, token, conversationId });
  if (isClosed(ws)) return;
  if (chosen) conversationId = chosen.conversationId;
  // A conversation merged into another is followed there (docs/merge.md): its resume cursor means nothing in the
  // resulting one, so that one is replayed from its start unless the client resumes it by name.
  const mergedInto = conversationId === undefined ? undefined : ctx.core.mergedInto(conversationId);
  if (mergedInto !== undefined) conversationId = mergedInto;
  // The conversation the token (or identity) names, if it is this visitor's; otherwise a new one, not stored yet. A
  // chosen one was read (and checked) already.
  let conversation =
    chosen && mergedInto === undefined
      ? chosen.conversation
      : conversationId === undefined
        ? undefined
        : await ctx.store.getConversation(conversationId);
  if (conversation && (conversation.siteId !== site.id || conversation.visitorId !== visitorId)) {
    conversation = undefined;
    conversationId = undefined;
  }
  conversationId ??= randomId('c');
  const files = await acceptedFiles(ctx, ws, site.id);
  if (isClosed(ws)) return;

  const name = frame.user?.name ?? frame.name;
  const email = frame.user?.email ?? frame.email;
  const peer = new VisitorPeer(
    site,
    visitorId,
    conversationId,
    // Only ciphertext reaches the store (AES-256-GCM under the data key, sealed by the admin feature).
    { name, email: ctx.core.sealEmail(email), verified },
    name === undefined ? { role: 'visitor', id: visitorId } : { role: 'visitor', id: visitorId, name },
    frame.context,
    conversation !== undefined,
  );
  conn.peer = peer;
  const seen = peer.seen(conn.userAgent, email, frame.consent, undefined, emailSigned(site, frame.user), frame.user);
  ctx.core.visitorSeen(seen);

  sendFrame(ctx, ws, {
    type: 'welcome',
    protocol: conn.protocol,
    sessionId: conn.id,
    role: 'visitor',
    site: { id: site.id, name: site.name },
    visitorToken: ctx.visitorTokens.sign({ siteId: site.id, visitorId, conversationId }),
    visitorId,
    conversationId,
    // Followed from a merged conversation without a cursor of the result: the replay below starts at 0, so the
    // welcome says 0 (a client takes `lastSeq` as its cursor when it has none) and the whole history arrives.
    lastSeq:
      mergedInto !== undefined && frame.resume?.[conversationId] === undefined ? 0 : (conversation?.lastSeq ?? 0),
    readSeq: conversation?.staffReadSeq ?? 0,
    staffOnline: ctx.core.presence.staffOnline(site.id),
    heartbeatMs: ctx.config.heartbeatMs,
    limits: { maxFrameBytes: ctx.config.maxFrameBytes, maxTextLength: LIMITS.maxTextLength },
    serverTime: Date.now(),
    ...ctx.core.visitorWelcome(site.id, frame.context?.locale, seen),
    email: ctx.email?.enabled ?? false,
    ...files,
  });
  ws.subscribe(topicFor(ws, topics.visitors(site.id)));
  // A cursor past the conversation's end (a restored database, a confused client) resumes from its end.
  const stored = conversation?.lastSeq ?? 0;
  const cursor = Math.min(frame.resume?.[conversationId] ?? (mergedInto !== undefined ? 0 : stored), stored);
  await replayThenSubscribe(ctx, ws, peer, cursor, stored);
  if (isClosed(ws)) return;
  ctx.core.presence.visitorJoined(site.id, conversationId);
}

/**
 * True when an identified visitor's `user.email` comes with the site's signature of it (`user.emailHash`): the address
 * is then the site's word, not the page's claim (the user's `hash` covers the id only).
 */
function emailSigned(site: Site, user: HelloFrame['user']): boolean {
  return (
    user?.email !== undefined &&
    user.emailHash !== undefined &&
    verifyAttributesHash(site.identitySecret, emailSigningText(user.id, user.email), user.emailHash)
  );
}

/**
 * Sends the visitor every stored message after `cursor`, then subscribes them to live traffic, with no gap and
 * no duplicate: the last step takes what this relay delivered meanwhile from the core's recent frames and
 * subscribes in the same synchronous turn. Between relays it waits, if it must, until this relay has delivered
 * as far as the store was read (see `ChatCore.handOff`), so that no frame older than the replay comes after it.
 *
 * `storedThrough`: the conversation's last seq in a store read made during this hello (0 when it has none). When
 * the cursor is there already, the store held nothing newer at that read, so the first read of messages is skipped:
 * the hand-off covers what came since, as it covers what comes after any read. A client that was in step when the
 * relay restarted (most of them) resumes without reading a page of nothing.
 */
async function replayThenSubscribe(
  ctx: WsContext,
  ws: Socket,
  peer: VisitorPeer,
  cursor: number,
  storedThrough: number,
): Promise<void> {
  const { conversationId } = peer;
  const topic = topics.conversation(conversationId);
  const page = LIMITS.maxHistoryPage;
  for (let read = cursor < storedThrough; ; read = true) {
    const messages = read ? await ctx.store.messagesAfter(conversationId, cursor, page) : [];
    if (isClosed(ws)) return;
    const last = messages.at(-1);
    if (last) {
      await sendPage(ctx, ws, messages);
      if (isClosed(ws)) return;
      cursor = last.seq;
    }
    if (messages.length === page) continue;
    const tail = ctx.core.handOff(conversationId, peer.site.id, cursor);
    if (tail === undefined) continue;
    if (!Array.isArray(tail)) {
      await tail;
      if (isClosed(ws)) return;
      continue;
    }
    ws.cork(() => {
      for (const frame of tail) ws.send(frameFor(ws, frame), false, false);
    });
    ws.subscribe(topicFor(ws, topic));
    peer.following = true;
    ws.getUserData().replaying = false;
    return;
  }
}

/** A welcomed staff connection as the core's features see it (see {@link StaffSession}). */
class SocketStaffSession implements StaffSession {
  constructor(
    private readonly ctx: WsContext,
    private readonly ws: Socket,
    readonly staff: Staff,
    readonly site: Site,
    readonly authSessionId?: string,
  ) {}

  isOpen(): boolean {
    return !isClosed(this.ws);
  }

  revoke(): void {
    closeSocket(this.ctx, this.ws, 'revoked');
  }
}

async function helloStaff(ctx: WsContext, ws: Socket, frame: HelloFrame, token: string): Promise<void> {
  const staff = await ctx.store.findStaffByTokenHash(hashToken(token));
  if (isClosed(ws)) return;
  if (!staff || staff.accountId != null) return void closeSocket(ctx, ws, 'unauthorized', 'unknown staff token');
  if (staff.revokedAt !== null) return void closeSocket(ctx, ws, 'revoked');
  if (staff.expiresAt != null && staff.expiresAt <= Date.now()) return void closeSocket(ctx, ws, 'token_expired');
  // A token with neither scope has no use for the socket; otherwise its scopes limit it frame by frame (the peer's
  // `reads` and `writes`), as they limit the HTTP API method by method.
  if (!staffMay(staff, 'read') && !staffMay(staff, 'write'))
    return void closeSocket(ctx, ws, 'unauthorized', 'this token lacks the read and write scopes');
  const site = await ctx.store.getSite(staff.siteId);
  if (isClosed(ws)) return;
  if (!site) return void closeSocket(ctx, ws, 'unauthorized', 'unknown staff token');
  await welcomeStaff(ctx, ws, frame, staff, site, undefined);
}

/**
 * A staff hello with neither site key nor token: the inbox, signed in, authenticated by the session cookie its
 * upgrade carried. The upgrade's `Origin` must be the relay's own or an admin origin (a page elsewhere never gets
 * to use the cookie), the session live, the member active and, where the site requires it, using two-factor.
 */
async function helloSession(ctx: WsContext, ws: Socket, frame: HelloFrame, accounts: Accounts): Promise<void> {
  const browser = ws.getUserData().browserSession;
  if (!browser?.originOk) return void closeSocket(ctx, ws, 'unauthorized', 'session cookies only from the inbox');
  const signedIn = await accounts.resolve(browser.secret, Date.now());
  if (isClosed(ws)) return;
  if (!signedIn) return void closeSocket(ctx, ws, 'unauthorized', 'sign in again');
  if (signedIn.require2faSetup) return void closeSocket(ctx, ws, 'unauthorized', 'set up two-factor first');
  if (signedIn.require2faCode) return void closeSocket(ctx, ws, 'unauthorized', 'sign in again with your code');
  // Where the relay's own inbox is, as the operator's browser says (see `PublicOrigin`): files point there.
  ctx.publicOrigin.learnFromInbox(ws.getUserData().origin, browser.host, signedIn.staff);
  await welcomeStaff(ctx, ws, frame, signedIn.staff, signedIn.site, signedIn.session.id);
}

async function welcomeStaff(
  ctx: WsContext,
  ws: Socket,
  frame: HelloFrame,
  staff: Staff,
  site: Site,
  authSessionId: string | undefined,
): Promise<void> {
  const conn = ws.getUserData();
  const files = await acceptedFiles(ctx, ws, site.id);
  if (isClosed(ws)) return;
  // Someone set to Offline is connected but does not count as online for visitors (issue #36).
  const available = await ctx.core.staffAvailable(site.id, staff.id);
  if (isClosed(ws)) return;
  // Which conversations it may see (issue #41): fixed for the connection's life; a change closes it to reconnect.
  const scope = await ctx.core.staffScope(site, staff);
  if (isClosed(ws)) return;
  const session = new SocketStaffSession(ctx, ws, staff, site, authSessionId);
  const peer = new StaffPeer(site, staff, { role: 'staff', id: staff.id, name: staff.name }, session, scope);
  conn.peer = peer;
  ctx.core.staffReady(session);
  ctx.core.presence.staffJoined(site.id, staff.id, available);
  sendFrame(ctx, ws, {
    type: 'welcome',
    protocol: conn.protocol,
    sessionId: conn.id,
    role: 'staff',
    site: { id: site.id, name: site.name },
    staff: { id: staff.id, name: staff.name, role: wireRole(staff) },
    staffOnline: ctx.core.presence.staffOnline(site.id),
    heartbeatMs: ctx.config.heartbeatMs,
    limits: { maxFrameBytes: ctx.config.maxFrameBytes, maxTextLength: LIMITS.maxTextLength },
    serverTime: Date.now(),
    ...files,
  });
  // A token without the read scope (a bot that only writes) reads nothing here either: no replay, no live traffic.
  // It gets the acks and errors of its own frames, through its connection's own topic (see `ChatSocketEndpoint`).
  if (!peer.reads) {
    conn.replaying = false;
    return;
  }
  // Staff follow every conversation of the site through one topic; a member who sees only some, through a topic of
  // their own that is handed just those (`StaffScopes`). They subscribe first and replay after, so nothing is missed;
  // a message may then arrive twice or early, which clients order and dedupe by sequence.
  if (!scope.all) conn.scopedTopic = ctx.scopes.join(site.id, staff.id, scope);
  ws.subscribe(topicFor(ws, conn.scopedTopic ?? topics.staff(site.id)));
  for (const [conversationId, after] of Object.entries(frame.resume ?? {}).slice(0, LIMITS.maxResumeCursors)) {
    const conversation = await ctx.store.getConversation(conversationId);
    if (!conversation || conversation.siteId !== site.id) continue;
    if (!scope.all && !(await ctx.scopes.visible(site.id, scope, conversationId))) continue;
    let cursor = after;
    for (;;) {
      const messages = await ctx.store.messagesAfter(conversationId, cursor, LIMITS.maxHistoryPage, {
        includeNotes: true,
      });
      if (isClosed(ws)) return;
      await sendPage(ctx, ws, messages);
      if (isClosed(ws)) return;
      const last = messages.at(-1);
      if (!last || messages.length < LIMITS.maxHistoryPage) break;
      cursor = last.seq;
    }
  }
  conn.replaying = false;
}

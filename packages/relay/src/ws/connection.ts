import type { Author, VisitorContext } from '@parley/protocol';
import type { WebSocket } from 'uWebSockets.js';
import type { ConversationRef } from '../core/conversation-cache.js';
import type { IdentifiedUser, StaffSession, VisitorAttributes, VisitorSeen } from '../core/hooks.js';
import { SEES_ALL, type StaffScope } from '../core/staff-scope.js';
import type { TokenBucket } from '../limits/token-bucket.js';
import { staffMay, type Site, type Staff, type VisitorProfile } from '../store/store.js';

/**
 * Where a connection is: `new` until it says hello, `hello` while the hello is answered (frames that arrive
 * meanwhile wait in `queued`), `ready` once welcomed (its {@link Connection.peer} is set), `closed` for good.
 */
export type Phase = 'new' | 'hello' | 'ready' | 'closed';

/** A visitor, welcomed: one site, one conversation. */
export class VisitorPeer {
  readonly role = 'visitor';
  /** The visitor's own conversation, as sends to it are stored (made once: the hot path allocates nothing). */
  readonly conversation: ConversationRef;
  /**
   * True once the conversation exists in the store, or this connection's first message was let through the
   * new-conversation quotas: until then, a `send` is checked against them ({@link ConversationQuotas}).
   */
  started: boolean;
  /** True once the connection's resume handed it to live traffic (`ChatCore.handOff`); until it closes. */
  following = false;

  constructor(
    readonly site: Site,
    readonly visitorId: string,
    readonly conversationId: string,
    /** What the visitor's messages store with them (the email sealed); an `email` frame replaces it. */
    public profile: VisitorProfile,
    readonly author: Author,
    /** The page the visitor is on, as the last hello or `context` frame said. */
    public context: VisitorContext | undefined,
    started: boolean,
  ) {
    this.conversation = { id: conversationId, siteId: site.id, visitorId };
    this.started = started;
  }

  /** The visitor as the core's features see them on hello (with the email given then) or on a page change. */
  seen(
    userAgent: string,
    email?: string,
    consent?: { readonly version: string },
    attributes?: VisitorAttributes,
    emailSigned = false,
    user?: IdentifiedUser,
  ): VisitorSeen {
    const { site, visitorId, conversationId, profile, context, started } = this;
    return {
      site,
      visitorId,
      conversationId,
      profile,
      context,
      userAgent,
      email,
      consent,
      started,
      attributes,
      emailSigned,
      user,
    };
  }
}

/** A staff member, welcomed: every conversation of one site. */
export class StaffPeer {
  readonly role = 'staff';
  /** May read: the replay, `history`, live traffic and `delivered` (an API token with the `read` scope, or a member). */
  readonly reads: boolean;
  /** May change things: `send`, `typing` and `read` (an API token with the `write` scope, or a member). */
  readonly writes: boolean;

  constructor(
    readonly site: Site,
    readonly staff: Staff,
    readonly author: Author,
    /** The connection as the core's features see it (revocation closes it). */
    readonly session: StaffSession,
    /** Which of the site's conversations it may see (its member's, when it said hello). */
    readonly scope: StaffScope = SEES_ALL,
  ) {
    this.reads = staffMay(staff, 'read');
    this.writes = staffMay(staff, 'write');
  }
}

/** Who is at the other end of a welcomed connection; `role` tells which. */
export type Peer = VisitorPeer | StaffPeer;

/**
 * Per-connection state, kept as uWS user data: what was copied from the upgrade request, where the connection is
 * in its life ({@link Phase}), its rate limit and replay state, and, once welcomed, its {@link Peer}.
 */
export class Connection {
  phase: Phase = 'new';
  /** Frames pipelined behind the hello, while it is answered. */
  queued: ArrayBuffer[] | undefined = undefined;
  /** Consecutive rate-limit refusals; too many closes the connection. */
  strikes = 0;
  /** The topic of a staff member who sees only some conversations, once joined (see `StaffScopes`). */
  scopedTopic: string | undefined = undefined;
  /** True while stored messages are replayed: the replay paces itself on drain, so it is not a slow consumer. */
  replaying = false;
  /** Resolves the replay's wait for the socket to drain. */
  drained: (() => void) | undefined = undefined;
  /** Set by the hello that welcomes the connection. */
  peer: Peer | undefined = undefined;
  /** The connection's own topic, once its first ack made the socket subscribe to it (most visitors never write). */
  replyTopic: string | undefined = undefined;
  /**
   * The inbox's session cookie sent with the upgrade (its secret), whether the upgrade's `Origin` may use it (the
   * relay's own, or an admin origin), and the upgrade's `Host` (an admin's inbox teaches the relay its public
   * origin, see `PublicOrigin`); only set when the cookie came.
   */
  browserSession: { readonly secret: string; readonly originOk: boolean; readonly host: string } | undefined =
    undefined;

  constructor(
    readonly id: string,
    /** The subprotocol negotiated at upgrade (`parley.v3`, or `parley.v2`/`parley.v1` for older clients). */
    readonly protocol: string,
    readonly ip: string,
    /** The `Origin` header at upgrade ('' for non-browser clients). */
    readonly origin: string,
    readonly userAgent: string,
    readonly openedAt: number,
    readonly bucket: TokenBucket,
  ) {}
}

/** A client's WebSocket, with its {@link Connection} as uWS user data. */
export type Socket = WebSocket<Connection>;

import { InvalidFrame, decodeFrame, type DecodeResult } from './codec.js';
import type { ServerFrame } from './frames.js';
import { MAX_ID_LENGTH } from './limits.js';

/*
 * A compact validating decoder for server frames, for clients: it mirrors the zod schemas of frames.ts (the
 * source of truth) in a few hundred bytes instead of zod's several kilobytes. test/decode-server.test.ts keeps
 * the two in lock-step: the same output for valid frames (unknown keys dropped) and the same verdict for a
 * generated corpus of invalid ones. A frame added to frames.ts must be added here too (to `visitorFrames`, or
 * to `serverFrames` when only staff receive it); the type of `serverFrames` and that test both say so.
 */

/**
 * Returns the value it accepts (objects and arrays as fresh copies without unknown keys), or throws
 * `InvalidFrame`. A check of a whole frame is the frame's parser.
 */
type Check = (value: unknown) => unknown;

function invalid(expected: string): never {
  throw new InvalidFrame(`expected ${expected}`);
}

/** Runs `check` on a member, adding its key to the path of a failure. */
function at(key: PropertyKey, check: Check, value: unknown): unknown {
  try {
    return check(value);
  } catch (error) {
    // Checks throw only InvalidFrame, which has a path.
    (error as InvalidFrame).path.unshift(key);
    throw error;
  }
}

/** `z.string()`, and with `pattern` its checks as one regular expression (length bounds included). */
const string =
  (pattern?: RegExp): Check =>
  (value) =>
    typeof value === 'string' && (!pattern || pattern.test(value)) ? value : invalid('string');

/** `z.number()`: finite. */
const number: Check = (value) => (Number.isFinite(value) ? value : invalid('number'));

/** `z.int()`: a safe integer, here with an optional floor (`x < undefined` is false: no floor). */
const int =
  (min?: number): Check =>
  (value) =>
    Number.isSafeInteger(value) && !((value as number) < min!) ? value : invalid('integer');

const boolean: Check = (value) => (typeof value === 'boolean' ? value : invalid('boolean'));

const oneOf =
  (values: readonly string[]): Check =>
  (value) =>
    values.includes(value as string) ? value : invalid('one of the known values');

const nullable =
  (check: Check): Check =>
  (value) =>
    value === null ? value : check(value);

const array =
  (check: Check): Check =>
  (value) =>
    Array.isArray(value) ? value.map((item, index) => at(index, check, item)) : invalid('array');

/** `z.object()`, unknown keys dropped; a key ending in `?` is optional. */
function object(shape: Record<string, Check>): Check {
  // `'name?'.split('?')` is `['name', '']`: a second part marks an optional member.
  const members = Object.entries(shape).map(([key, check]) => [check, ...key.split('?')] as [Check, string, string?]);
  return (value) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) invalid('object');
    const input = value as Record<string, unknown>;
    const output: Record<string, unknown> = {};
    for (const [check, key, optional] of members) {
      if (!(optional !== undefined && input[key] === undefined)) output[key] = at(key, check, input[key]);
    }
    return output;
  };
}

const text = string();
const id = string(new RegExp(`^[\\w-]{1,${MAX_ID_LENGTH}}$`));
const count = int(0);
const side = oneOf(['visitor', 'staff']);
const author = object({ role: oneOf(['visitor', 'staff', 'system']), id: text, 'name?': text });
/** A message's members in protocol 1; protocol 2 replaces `author` (the `bot` role) and adds members. */
const messageMembers = {
  id: text,
  clientId: id,
  conversationId: id,
  seq: count,
  ts: number,
  author,
  text,
  kind: oneOf(['text', 'note', 'broadcast']),
};
const message = object(messageMembers);
const receipt = object({ conversationId: id, seq: count, by: side });

/** The server frames a visitor's connection receives, without their `type`. */
const visitorFrames = {
  welcome: object({
    protocol: text,
    sessionId: text,
    role: side,
    site: object({ id: text, name: text }),
    'visitorToken?': text,
    'visitorId?': text,
    'conversationId?': id,
    'lastSeq?': count,
    'readSeq?': count,
    'staff?': object({ id: text, name: text, role: oneOf(['admin', 'agent']) }),
    staffOnline: count,
    heartbeatMs: int(1000),
    limits: object({ maxFrameBytes: int(), maxTextLength: int() }),
    serverTime: number,
    'email?': boolean,
  }),
  // `text`: the text as stored, when the relay replaced sensitive data (added later, in every protocol; what was
  // replaced, `redacted`, is read by protocol 2's decoders only).
  ack: object({ id, messageId: text, conversationId: id, seq: count, ts: number, duplicate: boolean, 'text?': text }),
  message: object({ message }),
  history: object({ ref: id, conversationId: id, messages: array(message), hasMore: boolean }),
  typing: object({ conversationId: id, author, active: boolean }),
  read: receipt,
  delivered: receipt,
  presence: object({ 'staffOnline?': count, 'conversationId?': id, 'visitorOnline?': boolean }),
  error: object({ code: text, message: text, 'ref?': text, 'retryAfterMs?': count }),
  pong: object({ 'ts?': number, serverTime: number }),
};

/**
 * The answer to a visitor's transcript request, and to their `email` frame (the same members): not in the visitor's
 * decoder (the SDK core sends neither).
 */
const transcript = (): Check => object({ ref: id, emailMasked: text });

/**
 * `check`, then the optional members of `extra`, each checked when given: a wider check that leaves the bundle of
 * the narrower one (which does not know these members, and drops them like any unknown field) as it was.
 */
function extended(check: Check, extra: Record<string, Check>): Check {
  return (value) => {
    const output = check(value) as Record<string, unknown>;
    const given = value as Record<string, unknown>;
    for (const [key, member] of Object.entries(extra))
      if (given[key] !== undefined) output[key] = at(key, member, given[key]);
    return output;
  };
}

/**
 * What protocols 2 and 3 change in a visitor's frames (docs/protocol.md, "Versions"): a message's author may be the
 * site's `bot`, and a message may carry quick-reply `buttons`, the `automation` that wrote it, a visitor's `rating`
 * or `reply`, (3) the files it `attachments` and the help-center articles a bot's answer drew on, `sources`; the welcome says the site's `hours`, its `greeting` and (3) the
 * `attachments` it accepts, and a `presence` frame may say new `hours`. Built by the decoders of the clients that
 * offer protocol 2 (the widget's and staff's), once each as they are first used; the SDK core speaks protocol 1 and
 * leaves them out.
 */
function protocol2(): { message: Check; welcome: Check; typing: Check; presence: Check; ack: Check } {
  // What the relay replaced in a message's text (message safety): its kinds, and whether staff may reveal them.
  const redacted = object({ kinds: array(text), 'sealed?': boolean });
  const hours = object({ open: boolean, 'until?': number });
  const author2 = object({ role: oneOf(['visitor', 'staff', 'system', 'bot']), id: text, 'name?': text });
  // At most 5 (frames.ts's MAX_MESSAGE_SOURCES, not imported: that would bring zod into the widget), counted before
  // the items as zod does; a value without a length is no array either way.
  const sources = array(object({ title: text, url: text }));
  const message2 = object({
    ...messageMembers,
    author: author2,
    'buttons?': array(object({ label: text, 'id?': text })),
    'automation?': text,
    'rating?': object({ seq: count, score: int() }),
    'reply?': object({ seq: count, id: text }),
    'attachments?': array(
      object({
        id: text,
        name: text,
        type: text,
        size: count,
        sha256: text,
        'width?': int(1),
        'height?': int(1),
        'url?': text,
        'thumbnail?': object({ url: text, width: int(), height: int() }),
        'urlsExpireAt?': number,
      }),
    ),
    'editedAt?': number,
    'deleted?': boolean,
    'redacted?': redacted,
    'hidden?': boolean,
    'origin?': object({ from: id, seq: count }),
    'sources?': (value) => (((value as unknown[] | null)?.length ?? 0) > 5 ? invalid('array') : sources(value)),
  });
  return {
    message: message2,
    welcome: extended(visitorFrames.welcome, {
      hours,
      greeting: object({ text, name: text }),
      attachments: object({ maxBytes: int(1), types: array(text) }),
      emailAskMs: int(0),
      safety: object({ hides: array(text) }),
    }),
    typing: object({ conversationId: id, author: author2, active: boolean }),
    // The site's hours changed while connected (`null`: none any more): added later, without a version change.
    presence: extended(visitorFrames.presence, { hours: nullable(hours) }),
    ack: extended(visitorFrames.ack, { redacted }),
  };
}

/**
 * A visitor's frames in protocol 2: `message`, `history`, `typing` and `welcome` as {@link protocol2} has them, and
 * (protocol 3) a message's `update`, whose `ref` (the answer to a staff member's edit) the visitor's decoder drops.
 */
function visitorFrames2(): typeof visitorFrames & { update: Check } {
  const { message: message2, welcome, typing, presence, ack } = protocol2();
  // A visitor's `update` is a message's new state: the same check as `message` (its `ref` answers staff only).
  const message = object({ message: message2 });
  return {
    ...visitorFrames,
    welcome,
    typing,
    presence,
    ack,
    message,
    update: message,
    history: object({ ref: id, conversationId: id, messages: array(message2), hasMore: boolean }),
  };
}

/**
 * Every server frame, without its `type`: the visitor's and the staff-only ones, which are built on first use so
 * that a visitor's bundle leaves them out. Typed so that a frame missing here fails the typecheck.
 */
const serverFrames = (): Record<ServerFrame['type'], Check> => ({
  ...visitorFrames2(),
  transcript: transcript(),
  email: transcript(),
  prechat: object({ ref: id }),
  ...staffMessages(),
  canned: object({
    'response?': object({ id: text, shortcut: text, text, createdAt: number, updatedAt: number }),
    'deleted?': text,
  }),
  contact: object({ contactId: id }),
  ...pastFrames(),
  conversation: object({
    conversation: object({
      id,
      status: oneOf(['open', 'pending', 'snoozed', 'resolved']),
      priority: oneOf(['none', 'low', 'medium', 'high', 'urgent']),
      assigneeId: nullable(text),
      labels: array(text),
      lastSeq: count,
      staffReadSeq: count,
      visitorReadSeq: count,
      unread: count,
      'lastMessage?': object({
        seq: count,
        text,
        ts: number,
        authorRole: oneOf(['visitor', 'staff', 'system', 'bot']),
        'authorId?': text,
        'authorName?': text,
      }),
      visitor: object({
        id: text,
        'name?': text,
        'emailMasked?': text,
        verified: boolean,
        online: boolean,
        'context?': object({
          'url?': text,
          'title?': text,
          'referrer?': text,
          'locale?': text,
          'timezone?': text,
          'userAgent?': text,
        }),
        'emailBouncingAt?': number,
      }),
      createdAt: number,
      updatedAt: number,
      'teamId?': text,
      'firstResponseAt?': number,
      'dueAt?': number,
      'overdue?': boolean,
      'resolvedAt?': number,
      'channel?': oneOf(['email', 'api']),
      'provider?': object({ id: text, label: text }),
      'subject?': text,
    }),
  }),
});

/**
 * `message`, `history` and `update` as staff decode them: with a message's `via` (a reply by email), which tells staff how a
 * visitor wrote and a visitor nothing they do not know; the visitor's decoder drops it like any unknown field.
 */
function staffMessages(): Pick<Record<ServerFrame['type'], Check>, 'message' | 'history' | 'update'> {
  // The visitor's check, then `via`.
  const staffMessage = extended(protocol2().message, { via: oneOf(['email']) });
  return {
    message: object({ message: staffMessage }),
    update: object({ 'ref?': id, message: staffMessage }),
    history: object({ ref: id, conversationId: id, messages: array(staffMessage), hasMore: boolean }),
  };
}

/**
 * The answers to a visitor's requests of their past conversations (issue #86): a `conversations` page and a
 * `continue`'s token. Neither the SDK core nor the widget's first load reads them: the widget's part of past
 * conversations reads them itself ({@link decodePastFrame}), through the client's `reads`.
 */
export function pastFrames(): Pick<Record<ServerFrame['type'], Check>, 'conversations' | 'continue'> {
  return {
    conversations: object({
      ref: id,
      conversations: array(
        object({
          id,
          status: oneOf(['open', 'pending', 'snoozed', 'resolved']),
          createdAt: number,
          updatedAt: number,
          lastSeq: count,
          'last?': object({ text, ts: number, mine: boolean, 'name?': text }),
        }),
      ),
      'next?': text,
    }),
    continue: object({ ref: id, conversationId: id, visitorToken: text }),
  };
}

let pastParsers: Record<string, Check> | undefined;

/**
 * Decodes an answer of past conversations ({@link pastFrames}) as {@link decodeServerFrame} would; `undefined` for a
 * frame of any other type, left to the client's own decoder.
 */
export function decodePastFrame(
  data: string | ArrayBuffer | Uint8Array,
): DecodeResult<Extract<ServerFrame, { type: 'conversations' | 'continue' }>> | undefined {
  const result = decodeFrame<Extract<ServerFrame, { type: 'conversations' | 'continue' }>>(
    data,
    (pastParsers ??= pastFrames()),
  );
  return result.ok || result.error.code !== 'unknown_frame' ? result : undefined;
}

let serverParsers: Record<string, Check> | undefined;

/**
 * Decodes a frame sent by a server (used by clients). Validates it as strictly as the zod schemas of frames.ts
 * and drops unknown fields, without bundling zod; a visitor's welcome's `replySeconds`, which staff never get, is
 * dropped too ({@link decodeServerFrameForWidget} reads it).
 */
export function decodeServerFrame(data: string | ArrayBuffer | Uint8Array): DecodeResult<ServerFrame> {
  return decodeFrame<ServerFrame>(data, (serverParsers ??= serverFrames()));
}

/** A server frame that a visitor's connection may receive. */
export type VisitorServerFrame = Exclude<
  ServerFrame,
  { type: 'conversation' | 'canned' | 'contact' | 'transcript' | 'email' | 'prechat' | 'conversations' | 'continue' }
>;

/**
 * A visitor's connection in protocol 1 (the SDK core's): {@link decodeServerFrameForWidget}'s verdict on every frame
 * that holds nothing of protocol 2, `unknown_frame` for the staff-only ones (`conversation`) and the transcript
 * answer, whose checks it does not carry. A message's `via` (for staff) and protocol 2's members (`buttons`,
 * `automation`, `rating`, a welcome's `hours` and `greeting`) are dropped like unknown fields; the `bot` role, which
 * a relay never sends on protocol 1, is refused.
 */
export function decodeServerFrameForVisitor(data: string | ArrayBuffer | Uint8Array): DecodeResult<VisitorServerFrame> {
  return decodeFrame<VisitorServerFrame>(data, visitorFrames);
}

/** A frame `<chat-widget>`'s connection may receive: a visitor's, and the answers to its transcript and email requests. */
export type WidgetServerFrame = VisitorServerFrame | Extract<ServerFrame, { type: 'transcript' | 'email' | 'prechat' }>;

let widgetParsers: Record<WidgetServerFrame['type'], Check> | undefined;

/**
 * A visitor's connection in protocol 2, and the `transcript` answer: what the widget's client decodes. The same
 * verdict as {@link decodeServerFrame} on every frame a visitor receives, and `unknown_frame` for the staff-only
 * ones (`conversation`); a message's `via` is dropped like an unknown field. A visitor's welcome's `replySeconds`
 * is read here alone ({@link decodeServerFrame} drops it like an unknown field: staff are never sent it, and the
 * inbox's first load does not carry its check). The SDK core reads protocol 1 only
 * ({@link decodeServerFrameForVisitor}) and leaves these parsers out of a visitor's bundle.
 */
export function decodeServerFrameForWidget(data: string | ArrayBuffer | Uint8Array): DecodeResult<WidgetServerFrame> {
  return decodeFrame<WidgetServerFrame>(data, (widgetParsers ??= widgetFrames()));
}

/**
 * The widget's checks: a visitor's in protocol 2, with the welcome's `replySeconds` (how fast the site typically
 * replies) and `strings` (the site's own words), a visitor's alone: the staff decoder leaves them out; and the
 * answers to transcript and email requests.
 */
function widgetFrames(): Record<WidgetServerFrame['type'], Check> {
  const answer = transcript();
  const frames = visitorFrames2();
  return {
    ...frames,
    welcome: extended(frames.welcome, {
      replySeconds: int(1),
      // `z.record(z.string(), z.string())`: an object whose every member is a string, its keys kept.
      strings: object({
        locale: text,
        texts: (value) => {
          // JSON.parse's own object, each member checked where it is (no copy: it has no other members to drop).
          for (const key of Object.keys((object({})(value) && value) as object))
            at(key, text, (value as Record<string, unknown>)[key]);
          return value;
        },
      }),
      // The site's pre-chat form (issue #86), as JSON text: the form part reads it (`readPrechatForm`).
      prechat: text,
    }),
    transcript: answer,
    email: answer,
    prechat: object({ ref: id }),
  };
}

import { SUBPROTOCOL_V1, SUBPROTOCOL_V2, type AttachmentRef, type MessageSource } from '@parley/protocol';
import { textWithFiles } from '../store/message-row.js';
import type { Socket } from './connection.js';

/*
 * Older protocols on a relay that speaks 3 (docs/protocol.md, "Versions"). Protocol 3 lets a message carry files,
 * and its text may then be empty: a v1 or v2 client would show an empty bubble, so it gets the files as lines of
 * the text (`📎 <name>`) and no `attachments` member; likewise a bot's answer's `sources` (the articles it drew on)
 * become lines of its text (`🔗 <title>: <url>`), so an older widget still shows the links. A v1 client's decoder also refuses an author role it does not
 * know, so a bot's message reaches it as the same author with the role `staff`. Fan-out stays one serialised
 * frame per topic: older connections subscribe to topics of their own (the same names behind `1` or `2`), and the
 * relay publishes to them only while this relay has such a connection, with the frame rewritten only when it
 * holds something that version cannot show. A frame that needs nothing rewritten is the same string.
 */

/** A protocol older than this relay's: what {@link downgrade} rewrites for. */
export type OlderProtocol = 1 | 2;

/** The older protocols, for publishing to each's twin topics. */
export const OLDER_PROTOCOLS: readonly OlderProtocol[] = [1, 2];

/** The older protocol the connection negotiated, or `undefined` for the current one. */
export function olderProtocol(ws: Socket): OlderProtocol | undefined {
  const { protocol } = ws.getUserData();
  return protocol === SUBPROTOCOL_V2 ? 2 : protocol === SUBPROTOCOL_V1 ? 1 : undefined;
}

/** The topic a connection subscribes to for `topic`: its version's twin for an older connection. */
export function topicFor(ws: Socket, topic: string): string {
  const older = olderProtocol(ws);
  return older === undefined ? topic : twinTopic(older, topic);
}

/** The twin of a shared topic that connections of an older protocol subscribe to. */
export function twinTopic(version: OlderProtocol, topic: string): string {
  return `${version}${topic}`;
}

// JSON.stringify escapes every quote inside a string, so these can only be the members themselves.
const botRole = '"role":"bot"';
const botLastMessage = '"authorRole":"bot"';
const files = '"attachments":[';
const deleted = '"deleted":true';
const sources = '"sources":[';

/**
 * How a deleted message reads on a connection of an older protocol, which knows no `deleted` (its text is empty: an
 * empty bubble otherwise). English, like the relay's other fallbacks; current clients say it in the visitor's language.
 */
export const DELETED_TEXT = 'Message deleted';

/**
 * A serialised server frame as a connection of an older protocol may receive it: the same string unless it holds
 * a message with files, sources or a deleted one (and, for protocol 1, a bot). Only frames with those are parsed.
 */
export function downgrade(frame: string, version: OlderProtocol): string {
  let out =
    frame.includes(files) || frame.includes(deleted) || frame.includes(sources) ? rewriteMessages(frame) : frame;
  if (version === 1 && (out.includes(botRole) || out.includes(botLastMessage)))
    out = out.replaceAll(botRole, '"role":"staff"').replaceAll(botLastMessage, '"authorRole":"staff"');
  return out;
}

/**
 * Frames of the current protocol that an older one's decoder does not know: its connections are not sent them (a
 * saved reply's or a contact's change, a message's edit or deletion: an older client sees the latter in its next
 * history page).
 */
const currentOnly = ['{"type":"canned"', '{"type":"contact"', '{"type":"update"'];

/** Whether connections of an older protocol are sent `frame` at all. */
export function reachesOlder(frame: string): boolean {
  return !currentOnly.some((start) => frame.startsWith(start));
}

/** The frame to send `ws` (the current protocol's unchanged). */
export function frameFor(ws: Socket, frame: string): string {
  const older = olderProtocol(ws);
  return older === undefined ? frame : downgrade(frame, older);
}

interface WithFiles {
  text?: unknown;
  attachments?: AttachmentRef[];
  sources?: MessageSource[];
  deleted?: boolean;
}

/** Rewrites every message of a frame (`message`, `history`'s `messages`) that carries files or sources or was deleted. */
function rewriteMessages(frame: string): string {
  const parsed = JSON.parse(frame) as { message?: WithFiles; messages?: WithFiles[] };
  const rewrite = (message: WithFiles | undefined): void => {
    if (message?.deleted === true) message.text = DELETED_TEXT;
    if (message?.sources && typeof message.text === 'string') {
      const links = message.sources.map((source) => `🔗 ${source.title}: ${source.url}`).join('\n');
      message.text = message.text === '' ? links : `${message.text}\n${links}`;
      delete message.sources;
    }
    if (!message?.attachments || typeof message.text !== 'string') return;
    message.text = textWithFiles(message.text, message.attachments);
    delete message.attachments;
  };
  rewrite(parsed.message);
  if (Array.isArray(parsed.messages)) for (const message of parsed.messages) rewrite(message);
  return JSON.stringify(parsed);
}

import { SUBPROTOCOL_V1 } from '@parley/protocol';
import type { Socket } from './connection.js';

/*
 * Protocol 1 on a relay that speaks 2 (docs/protocol.md, "Versions"). A v1 client's decoder refuses an author role
 * it does not know, so a bot's message reaches it as the same author with the role `staff`; what else protocol 2
 * adds is optional members, which a v1 decoder drops. Fan-out stays one serialised frame per topic: v1
 * connections subscribe to topics of their own (the same names behind `1`), and the relay publishes to them only
 * while this relay has such a connection, with the frame rewritten only when it holds a bot.
 */

/** Whether the connection negotiated protocol 1. */
export function speaksV1(ws: Socket): boolean {
  return ws.getUserData().protocol === SUBPROTOCOL_V1;
}

/** The topic a connection subscribes to for `topic`: its v1 twin for a v1 connection. */
export function topicFor(ws: Socket, topic: string): string {
  return speaksV1(ws) ? v1Topic(topic) : topic;
}

/** The twin of a shared topic that v1 connections subscribe to. */
export function v1Topic(topic: string): string {
  return `1${topic}`;
}

// JSON.stringify escapes every quote inside a string, so these can only be the members themselves.
const botRole = '"role":"bot"';
const botLastMessage = '"authorRole":"bot"';

/** A serialised server frame as a v1 connection may receive it: the same string unless a bot is in it. */
export function toV1Frame(frame: string): string {
  if (!frame.includes(botRole) && !frame.includes(botLastMessage)) return frame;
  return frame.replaceAll(botRole, '"role":"staff"').replaceAll(botLastMessage, '"authorRole":"staff"');
}

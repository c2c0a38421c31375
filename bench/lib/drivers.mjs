// Client side of each server's protocol, on the same `ws` client for every server, so that the load generator
// costs the same whichever server it drives. A Client joins one room (a Parley conversation), sends text
// payloads into it, and hands received payloads to `onPayload`.
import { createHmac } from 'node:crypto';
import WebSocket from 'ws';
import { CREDENTIALS } from './servers.mjs';

/**
 * @typedef {object} ClientOptions
 * @property {string} peer          uws | socketio | socketio-pg | soketi | parley
 * @property {number} port
 * @property {string} room          room (or, for Parley, a local name for the conversation)
 * @property {string} [localAddress] source address (127.0.0.x)
 * @property {string} [visitorToken] Parley: join this visitor's conversation
 * @property {string} [staffToken]  Parley: connect as staff (every conversation of the site)
 * @property {Record<string, number>} [resume] Parley: conversationId → last seq seen
 */

export class Client {
  /** @param {ClientOptions} options */
  constructor(options) {
    this.options = options;
    this.peer = options.peer;
    this.ready = false;
    this.closed = false;
    this.onPayload = () => {};
    /** Parley and socketio-pg: ({ id }) once the server has stored the message `id`. */
    this.onAck = () => {};
    /** socketio-pg: Socket.IO ack id → the message's id. */
    this.acks = new Map();
    this.nextAck = 0;
    /** Parley only: (messageFrame.message) — the full message, for seq checks. */
    this.onMessage = null;
    this.onClose = () => {};
    this.errors = 0;
    this.lastError = '';
  }

  /** Opens the socket and resolves once the server has admitted it to its room. */
  connect(timeoutMs = 15_000) {
    const { peer, port, room, localAddress } = this.options;
    let url;
    let protocols;
    if (peer === 'uws') url = `ws://127.0.0.1:${port}/?room=${encodeURIComponent(room)}`;
    else if (peer === 'socketio' || peer === 'socketio-pg')
      url = `ws://127.0.0.1:${port}/socket.io/?EIO=4&transport=websocket&room=${encodeURIComponent(room)}`;
    else if (peer === 'soketi')
      url = `ws://127.0.0.1:${port}/app/${CREDENTIALS.soketi.key}?protocol=7&client=js&version=8.4.0&flash=false`;
    else if (peer === 'parley') {
      url = `ws://127.0.0.1:${port}/v1/ws`;
      // What the widget and the inbox offer (v3 first: the path without the older protocols' twin topics; an older
      // relay picks what it speaks), or, with `--protocol v1` / `v2`, what an older client offers (the SDK core: v1).
      const offer = { v1: ['parley.v1'], v2: ['parley.v2', 'parley.v1'] }[process.env.PARLEY_BENCH_PROTOCOL ?? ''];
      protocols = offer ?? ['parley.v3', 'parley.v2', 'parley.v1'];
    } else throw new Error(`unknown peer ${peer}`);

    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        fail(new Error(`${peer}: not admitted within ${timeoutMs} ms`));
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        this.ready = true;
        resolve(this);
      };
      const fail = (error) => {
        clearTimeout(timer);
        if (!this.ready) {
          try {
            this.ws.terminate();
          } catch {
            // Already gone.
          }
          reject(error);
        }
      };
      const ws = new WebSocket(url, protocols, { localAddress, perMessageDeflate: false, handshakeTimeout: timeoutMs });
      this.ws = ws;
      ws.on('error', (error) => {
        this.errors++;
        this.lastError = error.message;
        fail(error);
      });
      ws.on('close', (code, reason) => {
        this.closed = true;
        if (!this.ready) fail(new Error(`${peer}: closed ${code} ${reason} before admitted`));
        else this.onClose(code, String(reason));
      });
      ws.on('open', () => {
        if (peer === 'uws') done();
        else if (peer === 'parley') {
          // Staff name their token instead of the site key; a visitor joins its conversation by token.
          const hello = this.options.staffToken
            ? { type: 'hello', staffToken: this.options.staffToken }
            : { type: 'hello', siteKey: CREDENTIALS.parley.siteKey };
          if (this.options.visitorToken) hello.visitorToken = this.options.visitorToken;
          if (this.options.resume) hello.resume = this.options.resume;
          ws.send(JSON.stringify(hello));
        }
      });
      ws.on('message', (data) => this.#receive(String(data), done, fail));
    });
  }

  #receive(text, done, fail) {
    switch (this.peer) {
      case 'uws':
        this.onPayload(text);
        return;
      case 'socketio':
      case 'socketio-pg': {
        const type = text.charCodeAt(0);
        if (text.startsWith('42')) {
          this.onPayload(JSON.parse(text.slice(2))[1]);
        } else if (text.startsWith('43')) {
          // An ack: `43<ack id>[{"id":…}]`, answered by the server's ack callback once the row is stored.
          const open = text.indexOf('[');
          const ackId = Number(text.slice(2, open));
          const id = this.acks.get(ackId);
          this.acks.delete(ackId);
          const [answer] = JSON.parse(text.slice(open));
          if (answer?.error) {
            this.errors++;
            this.lastError = answer.error;
          } else if (id !== undefined) this.onAck({ id, stored: answer.id });
        } else if (type === 0x32 /* '2' ping */) {
          this.ws.send('3');
        } else if (text.startsWith('40')) {
          done();
        } else if (type === 0x30 /* '0' open */) {
          this.ws.send('40');
        } else if (text.startsWith('44')) {
          fail(new Error(`socket.io connect_error ${text}`));
        }
        return;
      }
      case 'soketi': {
        const frame = JSON.parse(text);
        if (frame.event === 'client-m') {
          this.onPayload(frame.data);
        } else if (frame.event === 'pusher:connection_established') {
          const socketId = JSON.parse(frame.data).socket_id;
          const channel = `private-${this.options.room}`;
          const { key, secret } = CREDENTIALS.soketi;
          const auth = `${key}:${createHmac('sha256', secret).update(`${socketId}:${channel}`).digest('hex')}`;
          this.ws.send(JSON.stringify({ event: 'pusher:subscribe', data: { auth, channel } }));
        } else if (frame.event === 'pusher_internal:subscription_succeeded') {
          done();
        } else if (frame.event === 'pusher:ping') {
          this.ws.send('{"event":"pusher:pong","data":{}}');
        } else if (frame.event === 'pusher:error') {
          this.errors++;
          this.lastError = JSON.stringify(frame.data);
          fail(new Error(`soketi error ${this.lastError}`));
        }
        return;
      }
      case 'parley': {
        const frame = JSON.parse(text);
        if (frame.type === 'message') {
          if (this.onMessage) this.onMessage(frame.message);
          this.onPayload(frame.message.text);
        } else if (frame.type === 'ack') {
          this.onAck(frame);
        } else if (frame.type === 'welcome') {
          this.welcome = frame;
          this.visitorToken = frame.visitorToken;
          this.conversationId = frame.conversationId;
          done();
        } else if (frame.type === 'error') {
          this.errors++;
          this.lastError = `${frame.code}: ${frame.message}`;
          if (!this.ready) fail(new Error(`parley error ${this.lastError}`));
        }
        return;
      }
    }
  }

  /** Sends one payload into the room. `id` is the Parley client message id (idempotency key). */
  send(payload, id) {
    switch (this.peer) {
      case 'uws':
        this.ws.send(payload);
        return;
      case 'socketio':
        this.ws.send(`42${JSON.stringify(['m', payload])}`);
        return;
      case 'socketio-pg': {
        // With an ack id, as `socket.emit('m', payload, callback)` sends it.
        const ackId = this.nextAck++;
        this.acks.set(ackId, id);
        this.ws.send(`42${ackId}${JSON.stringify(['m', payload])}`);
        return;
      }
      case 'soketi':
        this.ws.send(JSON.stringify({ event: 'client-m', channel: `private-${this.options.room}`, data: payload }));
        return;
      case 'parley':
        this.ws.send(JSON.stringify({ type: 'send', id, text: payload }));
        return;
    }
  }

  /** Parley: sends any frame (typing, read, a staff send naming its conversation). */
  frame(frame) {
    this.ws.send(JSON.stringify(frame));
  }

  close() {
    try {
      this.ws?.terminate();
    } catch {
      // Already gone.
    }
  }
}

/** Whether a server stores each message and acknowledges it to its sender (a message is then done when acked). */
export const storesAndAcks = (protocol) => protocol === 'parley' || protocol === 'socketio-pg';

/** The shared wall clock, with sub-millisecond precision, comparable across the load processes. */
export function now() {
  return performance.timeOrigin + performance.now();
}

const FILLER = 'the quick brown fox jumps over the lazy dog 0123456789';

/** A chat-sized payload (~80 bytes) that carries its send time and index. */
export function makePayload(index, sentAt) {
  return `${sentAt.toFixed(3)} ${index} ${FILLER}`;
}

/** Reads back [sentAt, index] from a payload. */
export function readPayload(text) {
  const a = text.indexOf(' ');
  const b = text.indexOf(' ', a + 1);
  return [Number(text.slice(0, a)), Number(text.slice(a + 1, b))];
}

import {
  SUBPROTOCOL_V1,
  closeInfo,
  encodeFrame,
  type ClientFrame,
  type DecodeResult,
  type HelloFrame,
  type ServerFrame,
  type WelcomeFrame,
} from '@parley/protocol';
import type { BackoffOptions, ConnectionState, Environment, SocketLike, WebSocketConstructor } from '../types.js';
import { Backoff } from './backoff.js';
import type { Clock } from './clock.js';
import { Heartbeat } from './heartbeat.js';
import { Timers } from './timers.js';

export type { Environment };

/** The browser's `online`/`offline`/`visibilitychange` events, or nothing where there is no window. */
export const browserEnvironment: Environment = {
  subscribe(handlers) {
    const doc = (globalThis as { document?: Document }).document;
    const target = typeof addEventListener === 'function' ? globalThis : undefined;
    const listeners: Array<[EventTarget | undefined, string, () => void]> = [
      [target, 'online', () => handlers.online()],
      [target, 'offline', () => handlers.offline()],
      [doc, 'visibilitychange', () => doc?.visibilityState === 'visible' && handlers.visible()],
    ];
    for (const [on, type, listener] of listeners) on?.addEventListener(type, listener);
    return () => {
      for (const [on, type, listener] of listeners) on?.removeEventListener(type, listener);
    };
  },
};

/** The events a {@link Connection} reports, each to its handler in `ConnectionOptions.on`. */
export interface ConnectionEvents {
  stateChange: { previous: ConnectionState; current: ConnectionState; reason: string };
  welcome: WelcomeFrame;
  /** Every decoded server frame other than `welcome` and `pong`. */
  frame: ServerFrame;
  error: { code: string; message: string; fatal: boolean };
}

/** Options of a {@link Connection}. */
export interface ConnectionOptions {
  url: string;
  WebSocket: WebSocketConstructor;
  clock: Clock;
  /** Reconnect backoff (see {@link Backoff}); `random` is its jitter source. */
  backoff?: BackoffOptions;
  random?: () => number;
  /**
   * Decodes a frame from the relay: the protocol's `decodeServerFrame`, or `decodeServerFrameForVisitor` where
   * only a visitor's frames can arrive (a smaller bundle).
   */
  decode: (data: string | ArrayBuffer | Uint8Array) => DecodeResult<ServerFrame>;
  /** What to offer in `Sec-WebSocket-Protocol`, most preferred first: what `decode` reads (default protocol 1). */
  subprotocols?: string[];
  /** Builds the hello frame for each attempt (it carries the latest token and resume cursors). */
  hello: () => HelloFrame | Promise<HelloFrame>;
  /** Ping interval; default the server's `welcome.heartbeatMs`. */
  heartbeatMs?: number;
  /** How long past a ping a silent connection is declared dead. Default 10000. */
  heartbeatGraceMs?: number;
  /** Give up an attempt that has not been welcomed after this long. Default 15000. */
  connectTimeoutMs?: number;
  /** Reset the backoff after being open this long. Default 5000. */
  stableMs?: number;
  /**
   * Called after a `refresh` close (token expired); reconnects once it resolves, stops if it rejects or returns
   * `undefined` (nothing to refresh).
   */
  refreshToken?: () => Promise<void> | undefined;
  environment?: Environment;
  /** Hears the connection's events, one handler each (the client forwards some to its own listeners). */
  on: { [K in keyof ConnectionEvents]: (payload: ConnectionEvents[K]) => void };
}

/**
 * One logical connection to the relay over successive WebSockets: the state machine, reconnects with backoff,
 * the heartbeat and the hello/welcome handshake. It knows frames, not messages; the client builds on it.
 *
 * States: `idle → connecting → open → reconnecting → open … → closed`. `closed` is reached by `close()` or a
 * terminal close code (`unauthorized`, `identity_refused`, `origin_refused`, `revoked`, a failed token refresh).
 */
export class Connection {
  #state: ConnectionState = 'idle';
  #socket: SocketLike | undefined;
  #heartbeat: Heartbeat | undefined;
  /** `retry` (the pending reconnect), `connect` (an attempt's deadline), `stable` (the backoff reset). */
  readonly #timers: Timers;
  readonly #backoff: Backoff;
  #unsubscribeEnvironment: (() => void) | undefined;
  #refreshedWithoutWelcome = false;
  readonly #options: ConnectionOptions;

  constructor(options: ConnectionOptions) {
    this.#options = options;
    this.#timers = new Timers(options.clock);
    this.#backoff = new Backoff(options.backoff, options.random);
  }

  /** The current state. */
  get state(): ConnectionState {
    return this.#state;
  }

  /** Opens the connection; does nothing unless `idle` or `closed`. */
  connect(): void {
    if (this.#state !== 'idle' && this.#state !== 'closed') return;
    this.#unsubscribeEnvironment ??= (this.#options.environment ?? browserEnvironment).subscribe({
      online: () => this.#retryNow(),
      offline: () => this.#heartbeat?.check(),
      // Open: a heartbeat exists, and a retry is not pending; reconnecting: the reverse. Each call sees to its own.
      visible: () => {
        this.#heartbeat?.check();
        this.#retryNow();
      },
    });
    this.#setState('connecting', 'connect()');
    this.#open();
  }

  /** Sends a frame if the connection is open (welcomed); returns whether it was written. */
  send(frame: ClientFrame): boolean {
    // Open means welcomed on the current socket, which may be closing all the same.
    if (this.#state !== 'open' || this.#socket?.readyState !== 1) return false;
    this.#socket.send(encodeFrame(frame));
    return true;
  }

  /** Closes for good: releases the socket, every timer and every page listener. */
  close(reason = 'close()'): void {
    if (this.#state === 'closed') return;
    this.#teardown(1000, 'client closed');
    this.#stop(reason);
  }

  /** Drops the current socket and reconnects (the heartbeat says it is dead, or an attempt timed out). */
  #reconnect(reason: string): void {
    if (this.#state === 'closed' || this.#state === 'idle') return;
    this.#teardown(4000, reason);
    this.#scheduleRetry(reason);
  }

  #setState(next: ConnectionState, reason: string): void {
    const previous = this.#state;
    if (previous === next) return;
    this.#state = next;
    this.#options.on.stateChange({ previous, current: next, reason });
  }

  #open(): void {
    let socket: SocketLike;
    try {
      socket = new this.#options.WebSocket(this.#options.url, this.#options.subprotocols ?? SUBPROTOCOL_V1);
    } catch (error) {
      this.#options.on.error({ code: 'connect_failed', message: String(error), fatal: false });
      this.#scheduleRetry('connect failed');
      return;
    }
    this.#socket = socket;
    this.#timers.set('connect', this.#options.connectTimeoutMs ?? 15_000, () => this.#reconnect('connect timeout'));
    socket.onopen = () => {
      // A hello that cannot be made (storage failed) is reported; the connect timeout then retries.
      Promise.resolve()
        .then(() => this.#options.hello())
        .then(
          (hello) => {
            if (this.#socket === socket && socket.readyState === 1) socket.send(encodeFrame(hello));
          },
          (error: unknown) => this.#options.on.error({ code: 'storage', message: String(error), fatal: false }),
        );
    };
    socket.onmessage = (event) => {
      if (this.#socket === socket) this.#receive(event.data);
    };
    socket.onerror = () => {};
    socket.onclose = (event) => {
      if (this.#socket === socket) this.#closed(event.code, event.reason);
    };
  }

  #receive(data: unknown): void {
    this.#heartbeat?.touch();
    // Anything but text or bytes (a Blob, say) fails the decoder's UTF-8 step: a bad frame like any other.
    const decoded = this.#options.decode(data as string);
    if (!decoded.ok) {
      this.#options.on.error({ code: 'bad_frame', message: decoded.error.message, fatal: false });
      return;
    }
    const frame = decoded.frame;
    if (frame.type === 'welcome') return this.#welcomed(frame);
    if (frame.type === 'pong') return;
    this.#options.on.frame(frame);
  }

  #welcomed(welcome: WelcomeFrame): void {
    const { clock } = this.#options;
    this.#refreshedWithoutWelcome = false;
    this.#timers.clear('connect');
    this.#heartbeat?.stop();
    this.#heartbeat = new Heartbeat(
      clock,
      this.#options.heartbeatMs ?? welcome.heartbeatMs,
      this.#options.heartbeatGraceMs ?? 10_000,
      () => this.send({ type: 'ping', ts: clock.now() }),
      () => this.#reconnect('heartbeat timeout'),
    );
    this.#heartbeat.start();
    this.#timers.set('stable', this.#options.stableMs ?? 5000, () => this.#backoff.reset());
    this.#setState('open', 'welcome');
    this.#options.on.welcome(welcome);
  }

  #closed(code: number, reason: string): void {
    this.#teardown();
    const [name, retry] = closeInfo(code);
    const why = `${name ?? 'close'} ${code}${reason ? `: ${reason}` : ''}`;
    if (retry === 'retry') return this.#scheduleRetry(why);
    const refreshing =
      retry === 'refresh' && !this.#refreshedWithoutWelcome ? this.#options.refreshToken?.() : undefined;
    if (refreshing) {
      this.#refreshedWithoutWelcome = true;
      this.#setState('reconnecting', why);
      refreshing.then(
        () => {
          if (this.#state === 'reconnecting' && !this.#socket && !this.#timers.has('retry')) this.#open();
        },
        (error: unknown) => this.#fail(name!, `Token refresh failed: ${String(error)}`, why), // 4004 has a name
      );
      return;
    }
    this.#fail(name ?? `close_${code}`, reason || why, why);
  }

  #fail(code: string, message: string, why: string): void {
    this.#stop(why);
    this.#options.on.error({ code, message, fatal: true });
  }

  /** Leaves the page's signals and settles in `closed`. */
  #stop(reason: string): void {
    this.#unsubscribeEnvironment?.();
    this.#unsubscribeEnvironment = undefined;
    this.#setState('closed', reason);
  }

  #scheduleRetry(reason: string): void {
    if (this.#state === 'closed') return;
    this.#setState('reconnecting', reason);
    this.#timers.set('retry', this.#backoff.next(), () => this.#open());
  }

  /**
   * Skips the backoff wait (the network came back, the tab became visible); the state stays `reconnecting`. With an
   * attempt in flight there is no wait to skip, but that attempt may have started before the network came back:
   * the waits start again from the shortest, so its failure is retried in about a second, not after the grown wait.
   */
  #retryNow(): void {
    if (this.#state !== 'reconnecting') return;
    this.#backoff.reset();
    if (this.#timers.clear('retry')) this.#open();
  }

  /** Forgets the current socket (its late events are ignored) and stops every per-socket timer. */
  #teardown(code?: number, reason?: string): void {
    this.#heartbeat?.stop();
    this.#heartbeat = undefined;
    this.#timers.clear();
    // Its handlers stay: each ignores a socket that is no longer the current one, and the no-op onerror must,
    // because `ws` emits an 'error' when a socket still connecting is closed (older versions at once, from
    // close() itself), and in Node an 'error' nobody listens to is thrown. With a listener, close() throws in no
    // implementation for these codes and short reasons, in any state, and does nothing to a socket closing or
    // closed already (after a close event).
    this.#socket?.close(code, reason);
    this.#socket = undefined;
  }
}

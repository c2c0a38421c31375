import type { ClientFrame, Message, ServerFrame, WelcomeFrame } from '@parley/protocol';
import type { Clock } from '../src/connection/clock.js';
import type { Environment } from '../src/connection/connection.js';
import type { SocketLike } from '../src/types.js';

/** A clock whose time moves only when the test says so. */
export class FakeClock implements Clock {
  time = 1_700_000_000_000;
  #next = 1;
  readonly #timers = new Map<number, { at: number; fn: () => void }>();

  now = (): number => this.time;

  setTimeout = (fn: () => void, ms: number): number => {
    const id = this.#next++;
    this.#timers.set(id, { at: this.time + Math.max(0, ms), fn });
    return id;
  };

  clearTimeout = (handle: unknown): void => {
    this.#timers.delete(handle as number);
  };

  /** Timers not yet fired. */
  get pending(): number {
    return this.#timers.size;
  }

  /** Delays of pending timers from now. */
  delays(): number[] {
    return [...this.#timers.values()].map((timer) => timer.at - this.time).sort((a, b) => a - b);
  }

  /** Moves time forward, firing due timers in order (timers they create fire too if due). */
  advance(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      let due: [number, { at: number; fn: () => void }] | undefined;
      for (const entry of this.#timers) if (entry[1].at <= end && (!due || entry[1].at < due[1].at)) due = entry;
      if (!due) break;
      this.#timers.delete(due[0]);
      this.time = Math.max(this.time, due[1].at);
      due[1].fn();
    }
    this.time = end;
  }

  /** Jumps time without firing anything (a throttled background tab). */
  jump(ms: number): void {
    this.time += ms;
  }
}

/** Lets pending promise callbacks run. */
export function tick(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Runs `tick()` a few times, for chains of awaits. */
export async function settle(rounds = 5): Promise<void> {
  for (let i = 0; i < rounds; i++) await tick();
}

/** A scripted WebSocket: the test plays the server. */
export class FakeSocket implements SocketLike {
  readyState = 0;
  binaryType = 'blob';
  onopen: ((event: unknown) => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onclose: ((event: { code: number; reason: string }) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;
  readonly sent: ClientFrame[] = [];
  closedWith: { code?: number; reason?: string } | undefined;

  constructor(
    readonly url: string,
    readonly protocols?: string | string[],
  ) {}

  send(data: string): void {
    if (this.readyState !== 1) throw new Error('not open');
    this.sent.push(JSON.parse(data) as ClientFrame);
  }

  close(code?: number, reason?: string): void {
    this.closedWith = { code, reason };
    this.readyState = 3;
  }

  /** Server side: accept the connection. */
  accept(): void {
    this.readyState = 1;
    this.onopen?.({});
  }

  /** Server side: send a frame. */
  receive(frame: ServerFrame | Record<string, unknown>): void {
    this.onmessage?.({ data: JSON.stringify(frame) });
  }

  /** Server side (or network): close. */
  drop(code = 1006, reason = ''): void {
    this.readyState = 3;
    this.onclose?.({ code, reason });
  }

  framesOf<T extends ClientFrame['type']>(type: T): Extract<ClientFrame, { type: T }>[] {
    return this.sent.filter((frame): frame is Extract<ClientFrame, { type: T }> => frame.type === type);
  }
}

/** A WebSocket class whose instances are recorded, so the test can reach the latest one. */
export function fakeWebSocket(): { WebSocket: typeof FakeSocket; sockets: FakeSocket[]; last(): FakeSocket } {
  const sockets: FakeSocket[] = [];
  class RecordedSocket extends FakeSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols);
      sockets.push(this);
    }
  }
  return {
    WebSocket: RecordedSocket,
    sockets,
    last() {
      const socket = sockets.at(-1);
      if (!socket) throw new Error('no socket yet');
      return socket;
    },
  };
}

/** A page whose `online` and visibility the test controls. */
export class FakeEnvironment implements Environment {
  subscriptions = 0;
  handlers: { online(): void; offline(): void; visible(): void } | undefined;

  subscribe(handlers: { online(): void; offline(): void; visible(): void }): () => void {
    this.subscriptions++;
    this.handlers = handlers;
    return () => {
      this.subscriptions--;
      this.handlers = undefined;
    };
  }
}

/** A welcome frame with sensible defaults. */
export function welcome(overrides: Partial<WelcomeFrame> = {}): WelcomeFrame {
  return {
    type: 'welcome',
    protocol: 'parley.v1',
    sessionId: 'sess_1',
    role: 'visitor',
    site: { id: 'site_1', name: 'Test' },
    visitorToken: 'vt_1',
    visitorId: 'v_1',
    conversationId: 'c_1',
    lastSeq: 0,
    readSeq: 0,
    staffOnline: 1,
    heartbeatMs: 25_000,
    limits: { maxFrameBytes: 16384, maxTextLength: 4000 },
    serverTime: 1_700_000_000_000,
    ...overrides,
  };
}

/** A stored message written by staff member `st_1` (Ann), with sequence `seq`. */
export function staffMessage(seq: number, conversationId = 'c_1'): Message {
  return {
    id: `m_${seq}`,
    clientId: `staff${seq}`,
    conversationId,
    seq,
    ts: 1000 + seq,
    author: { role: 'staff', id: 'st_1', name: 'Ann' },
    text: `reply ${seq}`,
    kind: 'text',
  };
}

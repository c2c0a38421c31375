import type { ClientFrame, ServerFrame } from '@parley/protocol';
import WebSocket from 'ws';

type FrameOf<T extends ServerFrame['type']> = Extract<ServerFrame, { type: T }>;

/** A bare protocol client for tests: records every frame, and waits for frames or the close. */
export class TestClient {
  readonly frames: ServerFrame[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  readonly ws: WebSocket;
  private waiters: Array<() => void> = [];
  private pings = 0;

  constructor(
    url: string,
    options: {
      protocol?: string | string[];
      origin?: string;
      localAddress?: string;
      headers?: Record<string, string>;
    } = {},
  ) {
    this.ws = new WebSocket(url, options.protocol ?? 'parley.v1', {
      ...(options.origin ? { origin: options.origin } : {}),
      ...(options.localAddress ? { localAddress: options.localAddress } : {}),
      ...(options.headers ? { headers: options.headers } : {}),
    });
    this.ws.on('message', (data) => {
      this.frames.push(JSON.parse(data.toString()) as ServerFrame);
      this.notify();
    });
    this.ws.on('error', () => undefined);
    this.closed = new Promise((resolve) => {
      this.ws.on('close', (code, reason) => {
        resolve({ code, reason: reason.toString() });
        this.notify();
      });
    });
  }

  static async open(url: string, options?: ConstructorParameters<typeof TestClient>[1]): Promise<TestClient> {
    const client = new TestClient(url, options);
    await new Promise<void>((resolve, reject) => {
      client.ws.once('open', () => resolve());
      client.ws.once('unexpected-response', (_req, res) => reject(new Error(`upgrade refused: ${res.statusCode}`)));
      client.ws.once('error', reject);
    });
    return client;
  }

  /** Opens a connection and says hello; resolves with the welcome. */
  static async hello(
    url: string,
    hello: Omit<Extract<ClientFrame, { type: 'hello' }>, 'type'>,
    options?: ConstructorParameters<typeof TestClient>[1],
  ): Promise<{ client: TestClient; welcome: FrameOf<'welcome'> }> {
    const client = await TestClient.open(url, options);
    client.send({ type: 'hello', ...hello });
    const welcome = await client.next('welcome');
    return { client, welcome };
  }

  send(frame: ClientFrame | Record<string, unknown>): void {
    this.ws.send(JSON.stringify(frame));
  }

  sendRaw(data: string | Buffer): void {
    this.ws.send(data);
  }

  /** Waits for the first recorded frame (from `from` on) matching `type` and `match`. */
  async next<T extends ServerFrame['type']>(
    type: T,
    match: (frame: FrameOf<T>) => boolean = () => true,
    timeoutMs = 5000,
  ): Promise<FrameOf<T>> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.frames.find((frame): frame is FrameOf<T> => frame.type === type && match(frame as FrameOf<T>));
      if (found) return found;
      if (this.ws.readyState === WebSocket.CLOSED)
        throw new Error(`closed while waiting for ${type}; got ${JSON.stringify(this.frames.slice(-3))}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${type}; got ${JSON.stringify(this.frames.slice(-3))}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Waits until `count` frames of `type` have arrived; returns them. */
  async collect<T extends ServerFrame['type']>(type: T, count: number, timeoutMs = 5000): Promise<Array<FrameOf<T>>> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.frames.filter((frame): frame is FrameOf<T> => frame.type === type);
      if (found.length >= count) return found;
      const left = deadline - Date.now();
      if (left <= 0 || this.ws.readyState === WebSocket.CLOSED)
        throw new Error(`got ${found.length}/${count} ${type} frames`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, 50));
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Sends a message and waits for its ack. */
  async say(id: string, text: string, extra: Record<string, unknown> = {}): Promise<FrameOf<'ack'>> {
    this.send({ type: 'send', id, text, ...extra });
    return this.next('ack', (ack) => ack.id === id);
  }

  /**
   * Sends a ping and waits for its pong. The relay answers a ping at once, in order with what it sends this
   * socket, so every frame it had sent before has arrived by then: a test that checks that something did NOT
   * arrive awaits this first.
   */
  async roundTrip(timeoutMs = 5000): Promise<void> {
    const ts = ++this.pings;
    this.send({ type: 'ping', ts });
    await this.next('pong', (pong) => pong.ts === ts, timeoutMs);
  }

  close(): void {
    this.ws.close();
  }

  private notify(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }
}

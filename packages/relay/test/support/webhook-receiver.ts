import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request a {@link WebhookReceiver} got. */
export interface ReceivedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  /** The raw body, exactly as received (what a signature is checked against). */
  readonly body: string;
}

/** Answers a request; the default answers 204. */
export type Answer = (request: ReceivedRequest, response: ServerResponse) => void;

/**
 * A real HTTP receiver on 127.0.0.1, port 0, that records every request and answers as the test says
 * ({@link answer}). {@link next} waits for the next request not taken yet.
 */
export class WebhookReceiver {
  readonly requests: ReceivedRequest[] = [];
  answer: Answer = (_request, response) => response.writeHead(204).end();
  readonly #server: Server;
  #taken = 0;
  #waiters: Array<() => void> = [];

  private constructor(server: Server) {
    this.#server = server;
  }

  static async start(): Promise<WebhookReceiver> {
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const request: ReceivedRequest = {
          method: req.method ?? '',
          path: req.url ?? '',
          headers: req.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        };
        receiver.requests.push(request);
        receiver.answer(request, res);
        for (const wake of receiver.#waiters.splice(0)) wake();
      });
    });
    const receiver = new WebhookReceiver(server);
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    return receiver;
  }

  get port(): number {
    return (this.#server.address() as AddressInfo).port;
  }

  /** `http://127.0.0.1:<port><path>` */
  url(path = '/hook'): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  /** The next request not yet taken by `next`, waiting for it if need be. */
  async next(timeoutMs = 5000): Promise<ReceivedRequest> {
    const deadline = Date.now() + timeoutMs;
    while (this.requests.length <= this.#taken) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no webhook request within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.#waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return this.requests[this.#taken++]!;
  }

  /** Forgets what was received (and taken). */
  reset(): void {
    this.requests.length = 0;
    this.#taken = 0;
  }

  async close(): Promise<void> {
    this.#server.closeAllConnections();
    this.#server.close();
    await once(this.#server, 'close');
  }
}

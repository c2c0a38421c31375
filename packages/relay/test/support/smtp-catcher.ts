import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** A caught email, parsed, with its envelope recipients. */
export interface CaughtEmail {
  readonly mail: ParsedMail;
  readonly to: readonly string[];
  readonly raw: string;
}

/**
 * A real SMTP server on 127.0.0.1, port 0 (the `smtp-server` package), that keeps every email it is sent, parsed
 * with `mailparser`. `refuse` makes it answer 451 (temporarily) to every message, as a server that is down for
 * mail would; `stop()` closes it outright.
 */
export class SmtpCatcher {
  readonly emails: CaughtEmail[] = [];
  refuse = false;
  #server: SMTPServer;
  #waiters: Array<() => void> = [];
  #port = 0;

  private constructor() {
    this.#server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          if (this.refuse) {
            callback(Object.assign(new Error('try again later'), { responseCode: 451 }));
            return;
          }
          const raw = Buffer.concat(chunks).toString('utf8');
          simpleParser(raw).then(
            (mail) => {
              this.emails.push({ mail, to: session.envelope.rcptTo.map((r) => r.address), raw });
              callback();
              for (const wake of this.#waiters.splice(0)) wake();
            },
            (error: Error) => callback(error),
          );
        });
      },
    });
  }

  /** Starts a catcher; `port` 0 picks a free one. */
  static async start(port = 0): Promise<SmtpCatcher> {
    const catcher = new SmtpCatcher();
    await catcher.#listen(port);
    return catcher;
  }

  async #listen(port: number): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.#server.once('error', reject);
      this.#server.listen(port, '127.0.0.1', () => resolve());
    });
    this.#port = (this.#server.server.address() as AddressInfo).port;
  }

  get port(): number {
    return this.#port;
  }

  /** `smtp://127.0.0.1:<port>`, for `PARLEY_SMTP_URL`. */
  get url(): string {
    return `smtp://127.0.0.1:${this.#port}`;
  }

  /** Resolves once `count` emails in all have arrived; rejects after `timeoutMs`. */
  async waitFor(count: number, timeoutMs = 10_000): Promise<CaughtEmail[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.emails.length < count) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${count} emails (got ${this.emails.length})`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.#waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return this.emails.slice(0, count);
  }

  /** Stops listening (connections in progress end). */
  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}

import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerAddress, type SMTPServerDataStream } from 'smtp-server';
import type { Logger } from '../log.js';
import type { InboundResult } from './inbound-result.js';

/** What {@link InboundSmtpListener} is built from. */
export interface InboundSmtpOptions {
  readonly host: string;
  /** 0 picks a free port (tests). */
  readonly port: number;
  /** Largest message taken, in bytes (advertised with `SIZE`; a larger one is answered 552 and dropped). */
  readonly maxBytes: number;
  readonly log: Logger;
  /** Whether mail to `address` is taken at all: asked at `RCPT TO`, before any message is sent. */
  acceptsRecipient(address: string): Promise<boolean>;
  /** Hands over a message whose recipients were all accepted. */
  deliver(raw: Buffer, recipients: readonly string[]): Promise<InboundResult>;
}

/** An SMTP reply: its code becomes the response line's (`smtp-server` reads `responseCode`). */
function smtpError(code: number, text: string): Error {
  return Object.assign(new Error(text), { responseCode: code });
}

/**
 * The relay's SMTP listener for replies by email (`PARLEY_INBOUND_SMTP_PORT`), over the `smtp-server` package.
 *
 * It is the last hop of the operator's mail, not an MX facing the internet: no AUTH (the operator's MX or relay
 * forwards to it, or a firewall keeps others out), and no STARTTLS (`smtp-server` could only offer its built-in
 * certificate, whose key is public: that would be TLS in name only; the hop to it is meant to be a private one).
 * Recipients are checked at `RCPT TO`: only the relay's own signed reply addresses and its sites' support addresses
 * are taken, anything else is 550 at once, before the message is sent. A message is taken up to `maxBytes`; the answer after `DATA` says
 * whether it was stored (250), refused for good (550 5.7.1: wrong sender, empty; 550 5.6.0: malformed, two
 * `From`s, HTML nested too deep; 552: too large) or should be
 * tried again later (451: the store was unavailable; 451 4.7.1: a quota of new conversations is spent). An auto-reply,
 * a bounce or the relay's own mail is answered 250 and not stored: refusing it would only make another bounce.
 */
export class InboundSmtpListener {
  readonly #server: SMTPServer;
  readonly #options: InboundSmtpOptions;
  #port = 0;

  constructor(options: InboundSmtpOptions) {
    this.#options = options;
    this.#server = new SMTPServer({
      banner: 'Parley relay: support mail and replies by email',
      disabledCommands: ['AUTH', 'STARTTLS'],
      authOptional: true,
      size: options.maxBytes,
      disableReverseLookup: true,
      logger: false,
      maxClients: 100,
      // Shutdown waits this long for sessions in progress before it cuts them.
      closeTimeout: 2000,
      onRcptTo: (address, _session, callback) => this.#recipient(address, callback),
      onData: (stream, session, callback) =>
        this.#data(
          stream,
          session.envelope.rcptTo.map((rcpt) => rcpt.address),
          callback,
        ),
    });
    this.#server.on('error', (error) => options.log.warn('inbound email: SMTP error', { error: error.message }));
  }

  /** The port it listens on, once {@link listen} has resolved. */
  get port(): number {
    return this.#port;
  }

  /** Listens; rejects when the port cannot be bound. */
  listen(): Promise<void> {
    const { host, port } = this.#options;
    return new Promise((resolve, reject) => {
      const failed = (error: Error): void =>
        reject(new Error(`Cannot listen for inbound email on ${host}:${port}: ${error.message}`));
      this.#server.server.once('error', failed);
      this.#server.listen(port, host, () => {
        this.#server.server.off('error', failed);
        this.#port = (this.#server.server.address() as AddressInfo).port;
        resolve();
      });
    });
  }

  /** Stops listening, and closes the sessions still open after a short grace period. */
  close(): Promise<void> {
    return new Promise((resolve) => this.#server.close(() => resolve()));
  }

  #recipient(address: SMTPServerAddress, callback: (error?: Error | null) => void): void {
    this.#options.acceptsRecipient(address.address).then(
      (accepted) => {
        if (accepted) return callback();
        this.#options.log.info('inbound email refused', { via: 'smtp', reason: 'unknown_recipient' });
        callback(smtpError(550, '5.1.1 No such address here'));
      },
      (error: unknown) => {
        this.#options.log.warn('inbound email: recipient check failed', { via: 'smtp', error: String(error) });
        callback(smtpError(451, '4.3.0 Try again later'));
      },
    );
  }

  #data(
    stream: SMTPServerDataStream,
    recipients: readonly string[],
    callback: (error?: Error | null, message?: string) => void,
  ): void {
    const chunks: Buffer[] = [];
    let size = 0;
    stream.on('data', (chunk: Buffer) => {
      size += chunk.length;
      // Past the limit the rest is read and dropped: the session must reach the end of DATA to answer it.
      if (size <= this.#options.maxBytes) chunks.push(chunk);
    });
    stream.once('end', () => {
      if (stream.sizeExceeded || size > this.#options.maxBytes) {
        this.#options.log.info('inbound email refused', { via: 'smtp', reason: 'too_large', bytes: size });
        callback(smtpError(552, `5.3.4 Messages are limited to ${this.#options.maxBytes} bytes`));
        return;
      }
      this.#options.deliver(Buffer.concat(chunks), recipients).then(
        (result) => {
          if (result.status === 'stored') callback(null, `2.0.0 Stored as message ${result.message.seq}`);
          else if (result.status === 'unavailable') callback(smtpError(451, '4.3.0 Try again later'));
          else if (result.status === 'ignored') callback(null, `2.0.0 Accepted, not stored: ${result.detail}`);
          else if (result.status === 'limited') callback(smtpError(451, `4.7.1 ${result.detail}`));
          else if (result.reason === 'too_complex' || result.reason === 'malformed')
            callback(smtpError(550, `5.6.0 ${result.detail}`));
          else callback(smtpError(550, `5.7.1 ${result.detail}`));
        },
        (error: unknown) => {
          this.#options.log.error('inbound email: delivery failed', { via: 'smtp', error: String(error) });
          callback(smtpError(451, '4.3.0 Try again later'));
        },
      );
    });
  }
}

import type { Transporter } from 'nodemailer';

/** One email to send. */
export interface OutgoingEmail {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  /** Where replies go (a per-conversation address with inbound mail, see `reply-address.ts`). */
  readonly replyTo?: string | undefined;
  /**
   * The `Message-ID`, stable across attempts of one outbox job (`<ob_…@parley>`), so a receiver that got an email
   * twice (a relay killed after the SMTP server accepted it) can tell it is one.
   */
  readonly messageId: string;
  /** `Content-Language`, and the HTML's `lang`. */
  readonly language: string;
  /** Extra headers (`Auto-Submitted`, `List-Id`…). */
  readonly headers?: Readonly<Record<string, string>>;
}

/** What {@link Mailer} is built from. */
export interface MailerOptions {
  /** `smtp://user:pass@host:587` or `smtps://…` (nodemailer's URL form). Never logged. */
  readonly smtpUrl: string;
  /** The `From` of every email. */
  readonly from: string;
  /** Connections kept open to the SMTP server. Default 2. */
  readonly maxConnections?: number;
}

/**
 * Sends email over one pooled nodemailer SMTP transport (a few connections kept open and reused). The SMTP URL
 * and its credentials never reach a log line or an error message: errors are redacted before they leave here.
 *
 * @example
 * const mailer = new Mailer({ smtpUrl: config.smtpUrl, from: config.emailFrom });
 * await mailer.send({ to, subject, text, html, messageId: '<ob_1@parley>', language: 'en' }, signal);
 */
export class Mailer {
  /** Made on the first send: nodemailer is loaded then, not when the relay starts. */
  #transport: Promise<Transporter> | undefined;
  readonly #smtpUrl: string;
  readonly #maxConnections: number;
  readonly #from: string;
  readonly #secrets: string[];

  constructor(options: MailerOptions) {
    const url = new URL(options.smtpUrl);
    this.#secrets = [options.smtpUrl, url.password, decodeURIComponent(url.password), url.username]
      .filter((secret) => secret.length >= 3)
      .sort((a, b) => b.length - a.length);
    this.#smtpUrl = options.smtpUrl;
    this.#maxConnections = options.maxConnections ?? 2;
    this.#from = options.from;
  }

  #transporter(): Promise<Transporter> {
    this.#transport ??= import('nodemailer').then(({ default: nodemailer }) =>
      nodemailer.createTransport({
        url: this.#smtpUrl,
        pool: true,
        maxConnections: this.#maxConnections,
        // Seconds matter here: a dead server fails the attempt (the outbox retries it) instead of holding it.
        connectionTimeout: 10_000,
        greetingTimeout: 10_000,
        socketTimeout: 30_000,
      }),
    );
    return this.#transport;
  }

  /** The `From` address. */
  get from(): string {
    return this.#from;
  }

  /**
   * Sends one email; resolves once the SMTP server accepted it. Rejects with a redacted error when the server
   * refuses it or cannot be reached, or when `signal` aborts first (the send may still complete: the message id
   * lets receivers drop a duplicate). `permanent` on the error: a 5xx answer, retrying will not help.
   */
  async send(email: OutgoingEmail, signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    try {
      const transport = await this.#transporter();
      const sending = transport.sendMail({
        from: this.#from,
        to: email.to,
        subject: email.subject,
        text: email.text,
        html: email.html,
        messageId: email.messageId,
        ...(email.replyTo ? { replyTo: email.replyTo } : {}),
        headers: { 'Content-Language': email.language, ...email.headers },
      });
      await (signal ? raceAbort(sending, signal) : sending);
    } catch (error) {
      throw this.#redact(error);
    }
  }

  /** Closes the pooled connections. */
  close(): void {
    void this.#transport?.then((transport) => transport.close());
  }

  #redact(error: unknown): MailerError {
    let message = error instanceof Error ? error.message : String(error);
    for (const secret of this.#secrets) message = message.split(secret).join('***');
    const code = (error as { responseCode?: unknown }).responseCode;
    return new MailerError(message, typeof code === 'number' && code >= 500 && code < 600);
  }
}

/** Why a send failed, without credentials. `permanent`: the server refused it for good (5xx). */
export class MailerError extends Error {
  override name = 'MailerError';

  constructor(
    message: string,
    readonly permanent: boolean,
  ) {
    super(message);
  }
}

function raceAbort<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(new Error('the attempt timed out or the relay is stopping'));
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

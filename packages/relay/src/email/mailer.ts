import type { Transporter } from 'nodemailer';
import { RELAY_MARK_HEADER } from './automated-mail.js';
import type { DkimSigning } from './dkim.js';

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
  /**
   * The display name of the `From` (the site's name on emails about a conversation), in front of the configured
   * address; without it, the configured `From` as it is. Control characters are removed and it is cut to 100
   * characters; nodemailer quotes it, or encodes it (RFC 2047) when it is not ASCII, so no name can add a header.
   */
  readonly fromName?: string | undefined;
  /**
   * The `From`'s address when it is not the configured one: the support address a conversation by email came to,
   * which its replies come from (and its bounces go back to). Checked as one plain address by the caller.
   */
  readonly fromAddress?: string | undefined;
}

/** What {@link Mailer} is built from. */
export interface MailerOptions {
  /** `smtp://user:pass@host:587` or `smtps://…` (nodemailer's URL form). Never logged. */
  readonly smtpUrl: string;
  /** The `From` of every email. */
  readonly from: string;
  /** Connections kept open to the SMTP server. Default 2. */
  readonly maxConnections?: number;
  /** Signs every email with DKIM (`PARLEY_DKIM_*`, read by `loadDkim`); unsigned without it. */
  readonly dkim?: DkimSigning | undefined;
  /**
   * The value of the `X-Parley-Relay` header every email carries (`relayMark` of `automated-mail.ts`), by which a
   * Parley relay knows mail from one as a machine's; none without it.
   */
  readonly relayMark?: string | undefined;
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
  /** Made by {@link Mailer.load} or the first send: nodemailer is loaded then, not when the module is imported. */
  #transport: Promise<Transporter> | undefined;
  readonly #smtpUrl: string;
  readonly #maxConnections: number;
  readonly #from: string;
  /** The address of the configured `From`, for a `From` with another display name. */
  readonly #fromAddress: string;
  readonly #dkim: DkimSigning | undefined;
  readonly #relayMark: string | undefined;
  readonly #secrets: string[];

  constructor(options: MailerOptions) {
    const url = new URL(options.smtpUrl);
    this.#secrets = [options.smtpUrl, url.password, decodeURIComponent(url.password), url.username]
      .filter((secret) => secret.length >= 3)
      .sort((a, b) => b.length - a.length);
    this.#smtpUrl = options.smtpUrl;
    this.#maxConnections = options.maxConnections ?? 2;
    this.#from = options.from;
    this.#fromAddress = addressOf(options.from);
    this.#dkim = options.dkim;
    this.#relayMark = options.relayMark;
    if (options.dkim) this.#secrets.push(options.dkim.privateKey);
  }

  /**
   * Loads nodemailer and makes the transport (no connection yet): the email feature's `preload`, since importing
   * nodemailer holds the event loop 40–100 ms, which the first email would otherwise pay with every socket
   * standing still.
   */
  async load(): Promise<void> {
    await this.#transporter();
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
        ...(this.#dkim
          ? {
              dkim: {
                ...this.#dkim,
                // nodemailer's list (RFC 6376 §5.4.1), and the headers that say what kind of email this is.
                headerFieldNames: `${dkimFieldNames}:Auto-Submitted:${RELAY_MARK_HEADER}:Content-Language`,
              },
            }
          : {}),
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
      const name = email.fromName === undefined ? undefined : displayName(email.fromName);
      const sending = transport.sendMail({
        from: email.fromAddress
          ? { name: name ?? '', address: email.fromAddress }
          : name
            ? { name, address: this.#fromAddress }
            : this.#from,
        to: email.to,
        subject: email.subject,
        text: email.text,
        html: email.html,
        messageId: email.messageId,
        ...(email.replyTo ? { replyTo: email.replyTo } : {}),
        headers: {
          'Content-Language': email.language,
          ...(this.#relayMark ? { [RELAY_MARK_HEADER]: this.#relayMark } : {}),
          ...email.headers,
        },
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

/** The headers nodemailer signs by default (its `sign.js`), which `headerFieldNames` replaces. */
const dkimFieldNames =
  'From:Sender:Reply-To:Subject:Date:Message-ID:To:Cc:MIME-Version:Content-Type:Content-Transfer-Encoding:' +
  'Content-ID:Content-Description:Resent-Date:Resent-From:Resent-Sender:Resent-To:Resent-Cc:Resent-Message-ID:' +
  'In-Reply-To:References:List-Id:List-Help:List-Unsubscribe:List-Subscribe:List-Post:List-Owner:List-Archive';

/** The address of a `From` written `"Name" <a@b>` or `a@b`. */
function addressOf(from: string): string {
  return (/<([^<>\s]+@[^<>\s]+)>\s*$/.exec(from)?.[1] ?? from).trim();
}

/** A display name made safe: one line, no control characters, at most 100 characters; `undefined` when empty. */
export function displayName(name: string): string | undefined {
  const line = name
    .replace(/[\p{Cc}\u2028\u2029]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const cut = [...line].slice(0, 100).join('');
  return cut === '' ? undefined : cut;
}

function raceAbort<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(new Error('the attempt timed out or the relay is stopping'));
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

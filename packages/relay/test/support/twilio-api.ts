import { createHmac } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Twilio's signature of a form-encoded webhook request (twilio.com/docs/usage/webhooks/webhooks-security), written
 * here from the documentation apart from the relay's own: the full URL, then each POST parameter's name and value
 * sorted by name; HMAC-SHA1 with the Auth Token; base64.
 */
export function signAsTwilio(authToken: string, url: string, form: Readonly<Record<string, string>>): string {
  const data = Object.keys(form)
    .sort()
    .reduce((text, name) => text + name + form[name], url);
  return createHmac('sha1', authToken).update(data).digest('base64');
}

/** Posts a form to a webhook address as Twilio does: signed with `authToken`, or with the signature given (`null`: none). */
export async function postAsTwilio(
  url: string,
  form: Readonly<Record<string, string>>,
  authToken: string,
  signature?: string | null,
): Promise<Response> {
  const chosen = signature === undefined ? signAsTwilio(authToken, url, form) : signature;
  return fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'user-agent': 'TwilioProxy/1.1',
      ...(chosen === null ? {} : { 'x-twilio-signature': chosen }),
    },
    body: new URLSearchParams(form as Record<string, string>).toString(),
  });
}

/** A message an account sent through the loopback API. */
export interface SentTwilioMessage {
  readonly sid: string;
  readonly accountSid: string;
  /** Every form field, by name (`To`, `From`, `Body`, `MediaUrl`, `StatusCallback`…). */
  readonly form: Readonly<Record<string, string>>;
  readonly mediaUrls: readonly string[];
}

/**
 * A loopback Twilio REST API for tests (twilio.com/docs/messaging/api/message-resource,
 * twilio.com/docs/phone-numbers/api/incomingphonenumber-resource), with Basic auth (Account SID, Auth Token):
 * `GET …/IncomingPhoneNumbers.json?PhoneNumber=`, `POST …/Messages.json` (form-encoded; 201 with a message
 * resource), and an MMS's media (`…/Messages/{sid}/Media/{sid}`); errors in Twilio's shape
 * `{ code, message, more_info, status }` (401/20003 for wrong keys, 21211, 21610, 429/20429 with `Retry-After` as
 * the test asks with {@link failNext}).
 */
export class LoopbackTwilio {
  readonly #server: Server;
  readonly #accounts = new Map<string, { token: string; numbers: Map<string, string> }>();
  readonly #media = new Map<string, { type: string; bytes: Buffer }>();
  readonly #failures: Array<{ status: number; code: number; message: string; retryAfter?: number }> = [];
  readonly sent: SentTwilioMessage[] = [];
  /** Each `Messages.json` call and when it came (a retry's wait is measured on it). */
  readonly attempts: number[] = [];
  /** Each media download, with whether it carried the account's keys. */
  readonly downloads: Array<{ path: string; authorized: boolean }> = [];
  #waiters: Array<() => void> = [];
  #counter = 0;

  private constructor(server: Server) {
    this.#server = server;
  }

  static async start(): Promise<LoopbackTwilio> {
    const holder: { api?: LoopbackTwilio } = {};
    const server = createServer((req, res) => void holder.api!.#handle(req, res));
    const api = (holder.api = new LoopbackTwilio(server));
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    return api;
  }

  /** The origin, for `PARLEY_TWILIO_API_URL`. */
  get url(): string {
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
  }

  /** An account Twilio knows, with its numbers (E.164 → friendly name). */
  addAccount(sid: string, token: string, numbers: Readonly<Record<string, string>>): void {
    this.#accounts.set(sid, { token, numbers: new Map(Object.entries(numbers)) });
  }

  /** An MMS's media Twilio holds: its address, as `MediaUrl{N}` gives it. */
  addMedia(accountSid: string, bytes: Buffer, type: string): string {
    const path = `/2010-04-01/Accounts/${accountSid}/Messages/MM${hex(++this.#counter)}/Media/ME${hex(this.#counter)}`;
    this.#media.set(path, { type, bytes });
    return `${this.url}${path}`;
  }

  /** The next `Messages.json` call fails with Twilio's error (its HTTP status, code, message, `Retry-After`). */
  failNext(status: number, code: number, message: string, retryAfter?: number): void {
    this.#failures.push({ status, code, message, ...(retryAfter !== undefined ? { retryAfter } : {}) });
  }

  /** Waits until `count` messages were sent. */
  async sentCount(count: number): Promise<void> {
    while (this.sent.length < count) await new Promise<void>((resolve) => this.#waiters.push(resolve));
  }

  /** Posts a status callback for a sent message to its `StatusCallback`, signed as Twilio does. */
  async report(message: SentTwilioMessage, status: string, errorCode?: string): Promise<Response> {
    const account = this.#accounts.get(message.accountSid)!;
    const form: Record<string, string> = {
      SmsSid: message.sid,
      SmsStatus: status,
      MessageStatus: status,
      To: message.form.To ?? '',
      MessageSid: message.sid,
      AccountSid: message.accountSid,
      From: message.form.From ?? '',
      ApiVersion: '2010-04-01',
      ...(errorCode !== undefined ? { ErrorCode: errorCode } : {}),
    };
    return postAsTwilio(message.form.StatusCallback!, form, account.token);
  }

  async close(): Promise<void> {
    this.#server.closeAllConnections();
    this.#server.close();
    await once(this.#server, 'close');
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? '/', this.url);
    const json = (status: number, value: unknown, headers: Record<string, string> = {}): void =>
      void res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(value));
    const error = (status: number, code: number, message: string, headers: Record<string, string> = {}): void =>
      json(status, { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status }, headers);
    const match = /^\/2010-04-01\/Accounts\/([^/]+)(\/.*)$/.exec(url.pathname);
    if (!match) return error(404, 20404, 'The requested resource was not found');
    const sid = decodeURIComponent(match[1]!);
    const rest = match[2]!;
    const account = this.#accounts.get(sid);
    const authorization = req.headers.authorization ?? '';
    const authorized =
      account !== undefined && authorization === `Basic ${Buffer.from(`${sid}:${account.token}`).toString('base64')}`;
    const media = this.#media.get(url.pathname);
    if (media && req.method === 'GET') {
      this.downloads.push({ path: url.pathname, authorized });
      if (!authorized) return error(401, 20003, 'Authenticate');
      return void res
        .writeHead(200, { 'content-type': media.type, 'content-length': String(media.bytes.length) })
        .end(media.bytes);
    }
    if (!authorized) return error(401, 20003, 'Authenticate');
    if (req.method === 'GET' && rest === '/IncomingPhoneNumbers.json') {
      const wanted = url.searchParams.get('PhoneNumber');
      const numbers = [...account.numbers].filter(([number]) => wanted === null || number === wanted);
      return json(200, {
        incoming_phone_numbers: numbers.map(([number, name], i) => ({
          sid: `PN${hex(i + 1)}`,
          account_sid: sid,
          friendly_name: name,
          phone_number: number,
          capabilities: { sms: true, mms: true, voice: true, fax: false },
          sms_method: 'POST',
          sms_url: '',
          status: 'in-use',
        })),
        page: 0,
        page_size: 50,
        first_page_uri: `/2010-04-01/Accounts/${sid}/IncomingPhoneNumbers.json?PageSize=50&Page=0`,
        next_page_uri: null,
        previous_page_uri: null,
        uri: `/2010-04-01/Accounts/${sid}/IncomingPhoneNumbers.json?PageSize=50&Page=0`,
      });
    }
    if (req.method === 'POST' && rest === '/Messages.json') {
      this.attempts.push(Date.now());
      if (!(req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded'))
        return error(400, 20001, 'Unsupported content type');
      const params = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
      const failure = this.#failures.shift();
      if (failure)
        return error(
          failure.status,
          failure.code,
          failure.message,
          failure.retryAfter !== undefined ? { 'retry-after': String(failure.retryAfter) } : {},
        );
      const to = params.get('To');
      if (!to) return error(400, 21604, "A 'To' phone number is required.");
      if (!/^\+[1-9]\d{6,14}$/.test(to)) return error(400, 21211, `The 'To' number ${to} is not a valid phone number.`);
      const from = params.get('From');
      if (!from && !params.get('MessagingServiceSid')) return error(400, 21603, "A 'From' phone number is required.");
      if (from && !account.numbers.has(from))
        return error(
          400,
          21606,
          `The From phone number ${from} is not a valid, SMS-capable inbound phone number or short code for your account.`,
        );
      const body = params.get('Body') ?? '';
      const mediaUrls = params.getAll('MediaUrl');
      if (body === '' && mediaUrls.length === 0) return error(400, 21602, 'Message body is required.');
      if (body.length > 1600)
        return error(400, 21617, 'The concatenated message body exceeds the 1600 character limit.');
      const message: SentTwilioMessage = {
        sid: `${mediaUrls.length > 0 ? 'MM' : 'SM'}${hex(++this.#counter)}`,
        accountSid: sid,
        form: Object.fromEntries(params),
        mediaUrls,
      };
      this.sent.push(message);
      for (const wake of this.#waiters.splice(0)) wake();
      return json(201, {
        account_sid: sid,
        api_version: '2010-04-01',
        body,
        date_created: new Date().toUTCString(),
        direction: 'outbound-api',
        error_code: null,
        error_message: null,
        from: from ?? null,
        messaging_service_sid: params.get('MessagingServiceSid'),
        num_media: String(mediaUrls.length),
        num_segments: String(Math.max(1, Math.ceil(body.length / 153))),
        sid: message.sid,
        status: 'queued',
        to,
        uri: `/2010-04-01/Accounts/${sid}/Messages/${message.sid}.json`,
      });
    }
    return error(404, 20404, 'The requested resource was not found');
  }
}

function hex(n: number): string {
  return n.toString(16).padStart(32, '0');
}

/**
 * An incoming message's webhook form, as Twilio's documentation shows one (twilio.com/docs/messaging/guides/
 * webhook-request): an SMS, or an MMS with its media's addresses and types.
 */
export function incomingMessage(options: {
  readonly sid: string;
  readonly accountSid: string;
  readonly from: string;
  readonly to: string;
  readonly body: string;
  readonly media?: ReadonlyArray<{ readonly url: string; readonly type: string }>;
}): Record<string, string> {
  const media = options.media ?? [];
  const form: Record<string, string> = {
    ToCountry: 'US',
    ToState: 'CA',
    SmsMessageSid: options.sid,
    NumMedia: String(media.length),
    ToCity: 'SAN FRANCISCO',
    FromZip: '94105',
    SmsSid: options.sid,
    FromState: 'CA',
    SmsStatus: 'received',
    FromCity: 'SAN FRANCISCO',
    Body: options.body,
    FromCountry: 'US',
    To: options.to,
    ToZip: '94105',
    NumSegments: '1',
    MessageSid: options.sid,
    AccountSid: options.accountSid,
    From: options.from,
    ApiVersion: '2010-04-01',
  };
  for (const [i, item] of media.entries()) {
    form[`MediaUrl${i}`] = item.url;
    form[`MediaContentType${i}`] = item.type;
  }
  return form;
}

/** A message sid as Twilio makes them (`SM` and 32 hex digits). */
export function messageSid(n: number, prefix = 'SM'): string {
  return `${prefix}${hex(n)}`;
}

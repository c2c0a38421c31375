import { createHmac, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The Graph API version the loopback answers under (as `PARLEY_WHATSAPP_API_URL` names it). */
export const GRAPH_VERSION = 'v21.0';

/** A WhatsApp number the loopback knows, with its business account and the token that reaches it. */
export interface GraphNumber {
  readonly phoneNumberId: string;
  readonly businessAccountId: string;
  readonly accessToken: string;
  readonly appSecret: string;
  readonly displayPhoneNumber: string;
  readonly verifiedName: string;
}

/** What a number sent (`POST /<phone number id>/messages`), as the test reads it. */
export interface GraphSent {
  readonly phoneNumberId: string;
  readonly to: string;
  readonly type: string;
  readonly body: Record<string, unknown>;
  /** The wamid answered. */
  readonly id: string;
}

/**
 * A loopback Graph API for WhatsApp's Cloud API (developers.facebook.com/docs/whatsapp/cloud-api), under
 * `/<version>/`: a phone number's node (`GET /<phone number id>`), `POST /<waba id>/subscribed_apps`,
 * `GET /<waba id>/message_templates`, `POST /<phone number id>/messages` (answered with a wamid),
 * `POST /<phone number id>/media` (multipart), `GET /<media id>` (its url) and the media's bytes at that url, each
 * with `Authorization: Bearer <token>`. Errors are Meta's object `{ error: { message, type, code, error_subcode,
 * fbtrace_id } }`: 401 with code 190 for a token it does not know, 400 with code 100 for an id it does not know, and
 * whatever {@link failNext} says. {@link deliver} posts a webhook to a channel's address signed with the app secret
 * (`X-Hub-Signature-256`), as Meta does; {@link handshake} asks the address's subscription check.
 */
export class WhatsAppGraphApi {
  readonly #server: Server;
  readonly #numbers = new Map<string, GraphNumber>();
  readonly #media = new Map<string, { bytes: Buffer; type: string }>();
  readonly #templates = new Map<string, unknown[]>();
  readonly #failures: Array<{ what: string; status: number; code: number; message: string }> = [];
  /** What numbers sent, in order. */
  readonly sent: GraphSent[] = [];
  /** Files uploaded (`POST /<number>/media`): name, type and bytes. */
  readonly uploaded: Array<{ name: string; type: string; bytes: Buffer }> = [];
  /** The business accounts an app subscribed to. */
  readonly subscribed: string[] = [];
  /** Every call: its method and path without the query, and when it came (a retry's wait is measured on it). */
  readonly calls: Array<{ what: string; at: number }> = [];
  /** The request urls seen (a test checks no token is in one). */
  readonly urls: string[] = [];
  #waiters: Array<() => void> = [];
  #next = 0;

  private constructor(server: Server) {
    this.#server = server;
  }

  static async start(): Promise<WhatsAppGraphApi> {
    const server = createServer((req, res) => void api.#handle(req, res));
    const api = new WhatsAppGraphApi(server);
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    return api;
  }

  /** The base address, with the version, for `PARLEY_WHATSAPP_API_URL`. */
  get url(): string {
    return `${this.origin}/${GRAPH_VERSION}`;
  }

  get origin(): string {
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
  }

  /** A number Meta knows: its token reaches it and its business account. */
  addNumber(number: GraphNumber): void {
    this.#numbers.set(number.phoneNumberId, number);
  }

  /** A media file a customer sent (its id, as a webhook names it). */
  addMedia(id: string, bytes: Buffer, type: string): void {
    this.#media.set(id, { bytes, type });
  }

  /** A business account's templates, as `message_templates` lists them. */
  setTemplates(businessAccountId: string, templates: unknown[]): void {
    this.#templates.set(businessAccountId, templates);
  }

  /** The next call to `what` (`messages`, `media`, `node`, `message_templates`) fails with Meta's error. */
  failNext(what: string, status: number, code: number, message: string): void {
    this.#failures.push({ what, status, code, message });
  }

  /** Waits until numbers have sent `count` messages. */
  async sentCount(count: number): Promise<void> {
    while (this.sent.length < count) await new Promise<void>((resolve) => this.#waiters.push(resolve));
  }

  /**
   * Posts a webhook body to a channel's address, signed with the app secret; `signature` replaces the header
   * (`null`: none).
   */
  deliver(url: string, appSecret: string, body: unknown, signature?: string | null): Promise<Response> {
    return deliverSigned(url, appSecret, body, signature);
  }

  /** Meta's subscription check of a webhook address: `GET` with `hub.mode`, `hub.verify_token`, `hub.challenge`. */
  handshake(url: string, verifyToken: string, challenge: string, mode = 'subscribe'): Promise<Response> {
    return hubHandshake(url, verifyToken, challenge, mode);
  }

  async close(): Promise<void> {
    this.#server.closeAllConnections();
    this.#server.close();
    await once(this.#server, 'close');
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const url = new URL(req.url ?? '/', this.origin);
    this.urls.push(req.url ?? '/');
    const answer = (status: number, value: unknown): void => {
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));
    };
    const refuse = (status: number, code: number, message: string, type = 'OAuthException'): void =>
      answer(status, {
        error: { message, type, code, ...(code === 190 ? { error_subcode: 463 } : {}), fbtrace_id: 'AbCdEfGhIjK' },
      });
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const known = [...this.#numbers.values()].filter((n) => n.accessToken === token);

    const media = /^\/media\/([^/]+)$/.exec(url.pathname);
    if (media) {
      const held = this.#media.get(decodeURIComponent(media[1]!));
      if (known.length === 0) return void res.writeHead(401).end();
      if (!held) return void res.writeHead(404).end();
      return void res
        .writeHead(200, { 'content-type': held.type, 'content-length': String(held.bytes.length) })
        .end(held.bytes);
    }
    const path = url.pathname.startsWith(`/${GRAPH_VERSION}/`) ? url.pathname.slice(GRAPH_VERSION.length + 2) : '';
    const [id = '', edge] = path.split('/');
    const what = edge ?? 'node';
    this.calls.push({ what, at: Date.now() });
    if (known.length === 0) return refuse(401, 190, 'Invalid OAuth access token - Cannot parse access token');
    const failure = this.#failures.findIndex((f) => f.what === what);
    if (failure >= 0) {
      const [f] = this.#failures.splice(failure, 1);
      return refuse(f!.status, f!.code, f!.message);
    }
    const number = known.find((n) => n.phoneNumberId === id);
    const account = known.find((n) => n.businessAccountId === id);
    const unknown = () =>
      refuse(
        400,
        100,
        `Unsupported ${req.method === 'GET' ? 'get' : 'post'} request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`,
        'GraphMethodException',
      );
    if (req.method === 'GET' && edge === undefined && number)
      return answer(200, {
        verified_name: number.verifiedName,
        code_verification_status: 'VERIFIED',
        display_phone_number: number.displayPhoneNumber,
        quality_rating: 'GREEN',
        platform_type: 'CLOUD_API',
        throughput: { level: 'STANDARD' },
        id: number.phoneNumberId,
      });
    if (req.method === 'GET' && edge === undefined && this.#media.has(id)) {
      const held = this.#media.get(id)!;
      return answer(200, {
        messaging_product: 'whatsapp',
        url: `${this.origin}/media/${encodeURIComponent(id)}`,
        mime_type: held.type,
        sha256: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
        file_size: held.bytes.length,
        id,
      });
    }
    if (req.method === 'POST' && edge === 'subscribed_apps' && account) {
      this.subscribed.push(id);
      return answer(200, { success: true });
    }
    if (req.method === 'GET' && edge === 'message_templates' && account)
      return answer(200, {
        data: this.#templates.get(id) ?? [],
        paging: { cursors: { before: 'MAZDZD', after: 'MjQZD' } },
      });
    if (req.method === 'POST' && edge === 'media' && number) {
      const form = await new Response(body, {
        headers: { 'content-type': req.headers['content-type'] ?? '' },
      }).formData();
      const file = form.get('file');
      if (form.get('messaging_product') !== 'whatsapp' || !(file instanceof File))
        return refuse(400, 100, '(#100) The parameter messaging_product is required.');
      this.uploaded.push({ name: file.name, type: file.type, bytes: Buffer.from(await file.arrayBuffer()) });
      const mediaId = String(1_000_000 + this.uploaded.length);
      return answer(200, { id: mediaId });
    }
    if (req.method === 'POST' && edge === 'messages' && number) {
      const sent = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
      if (sent.messaging_product !== 'whatsapp')
        return refuse(400, 100, '(#100) The parameter messaging_product is required.');
      const to = String(sent.to);
      const wamid = `wamid.HBgL${to}${(this.#next++).toString().padStart(4, '0')}${randomBytes(6).toString('hex').toUpperCase()}`;
      this.sent.push({ phoneNumberId: id, to, type: String(sent.type), body: sent, id: wamid });
      for (const wake of this.#waiters.splice(0)) wake();
      return answer(200, {
        messaging_product: 'whatsapp',
        contacts: [{ input: to, wa_id: to }],
        messages: [{ id: wamid }],
      });
    }
    return unknown();
  }
}

/**
 * Posts a webhook body to a channel's address as Meta does, signed with the app secret; `signature` replaces the
 * header (`null`: none).
 */
export function deliverSigned(
  url: string,
  appSecret: string,
  body: unknown,
  signature?: string | null,
): Promise<Response> {
  const raw = typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body);
  const signed = signature === undefined ? sign(appSecret, raw) : signature;
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(signed === null ? {} : { 'x-hub-signature-256': signed }) },
    // A copy of the bytes: the DOM's `BodyInit` (the end-to-end tests' types) takes no Buffer.
    body: typeof raw === 'string' ? raw : Uint8Array.from(raw),
  });
}

/** Meta's subscription check of a webhook address: `GET` with `hub.mode`, `hub.verify_token`, `hub.challenge`. */
export function hubHandshake(
  url: string,
  verifyToken: string,
  challenge: string,
  mode = 'subscribe',
): Promise<Response> {
  const query = new URLSearchParams({ 'hub.mode': mode, 'hub.verify_token': verifyToken, 'hub.challenge': challenge });
  return fetch(`${url}?${query}`);
}

/** Meta's signature of a webhook body: `sha256=` and the hex HMAC-SHA256 of the raw body with the app secret. */
export function sign(appSecret: string, body: string | Buffer): string {
  return `sha256=${createHmac('sha256', appSecret).update(body).digest('hex')}`;
}

// Example webhooks in the shape of Meta's documentation (WhatsApp Cloud API, "messages webhook reference",
// "Status messages webhook reference").

/** The customer of the examples. */
export const customer = { waId: '16505551234', name: 'Sheena Nelson' };

/** A `messages` webhook of the number, carrying `value`'s fields (messages, statuses). */
export function webhook(
  number: Pick<GraphNumber, 'phoneNumberId' | 'businessAccountId' | 'displayPhoneNumber'>,
  value: Record<string, unknown>,
): Record<string, unknown> {
  return {
    object: 'whatsapp_business_account',
    entry: [
      {
        id: number.businessAccountId,
        changes: [
          {
            value: {
              messaging_product: 'whatsapp',
              metadata: {
                display_phone_number: number.displayPhoneNumber.replace(/\D/g, ''),
                phone_number_id: number.phoneNumberId,
              },
              ...value,
            },
            field: 'messages',
          },
        ],
      },
    ],
  };
}

/** A customer's message of the given type and content (`{ text: { body } }`, `{ image: { … } }`…). */
export function inbound(
  id: string,
  type: string,
  content: Record<string, unknown>,
  from = customer,
): Record<string, unknown> {
  return {
    contacts: [{ profile: { name: from.name }, wa_id: from.waId }],
    messages: [{ from: from.waId, id, timestamp: '1749416383', type, ...content }],
  };
}

/** A status of a message the business sent; `failed` with WhatsApp's error. */
export function status(
  id: string,
  state: 'sent' | 'delivered' | 'read' | 'failed',
  error?: { code: number; title: string; details: string },
): Record<string, unknown> {
  return {
    statuses: [
      {
        id,
        status: state,
        timestamp: '1750263773',
        recipient_id: customer.waId,
        ...(state !== 'read' && state !== 'failed'
          ? {
              pricing: { billable: true, pricing_model: 'PMP', category: 'utility', type: 'regular' },
            }
          : {}),
        ...(error
          ? {
              errors: [
                {
                  code: error.code,
                  title: error.title,
                  message: error.title,
                  error_data: { details: error.details },
                  href: 'https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/',
                },
              ],
            }
          : {}),
      },
    ],
  };
}

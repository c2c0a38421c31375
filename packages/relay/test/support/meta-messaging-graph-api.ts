import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GRAPH_VERSION } from './whatsapp-graph-api.js';

export { deliverSigned, hubHandshake, sign } from './whatsapp-graph-api.js';

/** A Facebook Page the loopback knows, with the token that reaches it and its linked Instagram account, if any. */
export interface GraphPage {
  readonly pageId: string;
  readonly name: string;
  readonly username: string;
  readonly accessToken: string;
  readonly appSecret: string;
  readonly instagram?: { readonly id: string; readonly username: string; readonly name: string };
}

/** What a Page sent (`POST /<page id>/messages`), as the test reads it. */
export interface PageSent {
  readonly pageId: string;
  readonly recipient: string;
  readonly messagingType: string;
  readonly tag: string | undefined;
  /** The message's `text`, or its attachment's type. */
  readonly text?: string;
  readonly attachment?: {
    readonly type: string;
    readonly url?: string;
    readonly bytes: Buffer;
    readonly name?: string;
  };
  /** The `message_id` answered. */
  readonly mid: string;
}

/**
 * A loopback Graph API for the Messenger Platform and the Messenger API for Instagram
 * (developers.facebook.com/docs/messenger-platform, /docs/instagram-platform), under `/<version>/`: a Page's node
 * (`GET /<page id>?fields=…`, with its linked `instagram_business_account`), `POST` and `DELETE
 * /<page id>/subscribed_apps`, and the Send API `POST /<page id>/messages` (JSON, or multipart with `filedata`),
 * which checks `recipient`, `messaging_type` (`RESPONSE`, `UPDATE`, `MESSAGE_TAG` with a `tag`) and `message`, fetches
 * an attachment's `payload.url` (loopback addresses only) and answers `{ recipient_id, message_id }`; each call with
 * `Authorization: Bearer <token>`. Errors are Meta's object `{ error: { message, type, code, error_subcode,
 * fbtrace_id } }`: 401/190 for a token it does not know, 400/100 for an id it does not know, and whatever
 * {@link failNext} says. It serves customers' attachments at `/cdn/<name>` as Meta's CDN does, without a token.
 *
 * The User Profile API (Messenger Platform, "User Profile API"; Instagram Messaging, "User Profile API"):
 * `GET /<PSID or IGSID>?fields=…` with a Page's token answers the fields asked for that {@link addProfile} gave (the
 * documented `first_name`, `last_name`, `profile_pic` of a PSID; `name`, `username`, `profile_pic` of an IGSID),
 * with `id`; a person {@link refuseProfile} names is refused as Meta documents it (2018218 "No profile available for
 * this user." for a Messenger account made with a phone number; 230 "User consent is required to access user
 * profile" on Instagram).
 */
export class MetaMessagingGraphApi {
  readonly #server: Server;
  readonly #pages = new Map<string, GraphPage>();
  readonly #files = new Map<string, { bytes: Buffer; type: string; hold?: () => void; undeclared?: boolean }>();
  readonly #failures: Array<{ what: string; status: number; code: number; subcode?: number; message: string }> = [];
  readonly #profiles = new Map<
    string,
    | { readonly fields: Readonly<Record<string, string>> }
    | { readonly refusal: { status: number; code: number; subcode?: number; message: string } }
  >();
  /** What Pages sent, in order. */
  readonly sent: PageSent[] = [];
  /** The Pages an app subscribed to, with the fields; `-<page id>` for an unsubscription. */
  readonly subscribed: string[] = [];
  /** Every call to the API: its method and edge (`messages`, `node`…), and when it came. */
  readonly calls: Array<{ what: string; at: number }> = [];
  /** Every request's url and whether it carried an `Authorization` header (a CDN download must not). */
  readonly requests: Array<{ url: string; authorized: boolean }> = [];
  #waiters: Array<() => void> = [];
  #next = 0;

  private constructor(server: Server) {
    this.#server = server;
  }

  static async start(): Promise<MetaMessagingGraphApi> {
    const server = createServer((req, res) => void api.#handle(req, res));
    const api = new MetaMessagingGraphApi(server);
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    return api;
  }

  /** The base address, with the version, for `PARLEY_MESSENGER_API_URL` and `PARLEY_INSTAGRAM_API_URL`. */
  get url(): string {
    return `${this.origin}/${GRAPH_VERSION}`;
  }

  get origin(): string {
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
  }

  addPage(page: GraphPage): void {
    this.#pages.set(page.pageId, page);
  }

  /**
   * A file a customer sent, served on the CDN: its address, as a webhook's attachment names it. With `held`, the
   * first download of it is never answered, and `held` is called when it comes (a relay caught mid-request). With
   * `undeclared`, it is sent in chunks without a `content-length`, so only its bytes as they come tell its size.
   */
  addFile(
    name: string,
    bytes: Buffer,
    type: string,
    held?: () => void,
    options: { undeclared?: boolean } = {},
  ): string {
    this.#files.set(name, {
      bytes,
      type,
      ...(held ? { hold: held } : {}),
      ...(options.undeclared ? { undeclared: true } : {}),
    });
    return `${this.origin}/cdn/${encodeURIComponent(name)}?_nc_cat=1&oh=00_AfB`;
  }

  /** A customer's profile (`first_name`, `last_name`, `profile_pic`; `name`, `username`), by their PSID or IGSID. */
  addProfile(id: string, fields: Readonly<Record<string, string>>): void {
    this.#profiles.set(id, { fields });
  }

  /** A customer whose profile Meta refuses, with its error (see the class). */
  refuseProfile(id: string, status: number, code: number, message: string, subcode?: number): void {
    this.#profiles.set(id, { refusal: { status, code, message, ...(subcode !== undefined ? { subcode } : {}) } });
  }

  /** The next call to `what` (`messages`, `node`, `subscribed_apps`, `profile`) fails with Meta's error. */
  failNext(what: string, status: number, code: number, message: string, subcode?: number): void {
    this.#failures.push({ what, status, code, message, ...(subcode !== undefined ? { subcode } : {}) });
  }

  /** Waits until Pages have sent `count` messages. */
  async sentCount(count: number): Promise<void> {
    while (this.sent.length < count) await new Promise<void>((resolve) => this.#waiters.push(resolve));
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
    this.requests.push({ url: req.url ?? '/', authorized: req.headers.authorization !== undefined });
    const answer = (status: number, value: unknown): void => {
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));
    };
    const refuse = (status: number, code: number, message: string, subcode?: number, type = 'OAuthException'): void =>
      answer(status, {
        error: {
          message,
          type,
          code,
          ...(subcode !== undefined ? { error_subcode: subcode } : {}),
          fbtrace_id: 'AbCdEfGhIjK',
        },
      });

    const cdn = /^\/cdn\/([^/]+)$/.exec(url.pathname);
    if (cdn) {
      const held = this.#files.get(decodeURIComponent(cdn[1]!));
      if (!held) return void res.writeHead(404).end();
      if (held.hold) {
        const told = held.hold;
        delete held.hold;
        return told();
      }
      if (held.undeclared) {
        res.writeHead(200, { 'content-type': held.type });
        // The relay may close the connection midway (it cuts a file off): the wait for `drain` ends with it.
        const gone = new AbortController();
        res.once('close', () => gone.abort());
        for (let at = 0; at < held.bytes.length && !res.destroyed; at += 64 * 1024)
          if (!res.write(held.bytes.subarray(at, at + 64 * 1024)))
            await once(res, 'drain', { signal: gone.signal }).catch(() => undefined);
        return void res.end();
      }
      return void res
        .writeHead(200, { 'content-type': held.type, 'content-length': String(held.bytes.length) })
        .end(held.bytes);
    }
    const path = url.pathname.startsWith(`/${GRAPH_VERSION}/`) ? url.pathname.slice(GRAPH_VERSION.length + 2) : '';
    const [id = '', edge] = path.split('/');
    const profile = edge === undefined ? this.#profiles.get(id) : undefined;
    const what = edge ?? (profile ? 'profile' : 'node');
    this.calls.push({ what, at: Date.now() });
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const page = [...this.#pages.values()].find((p) => p.accessToken === token);
    if (!page) return refuse(401, 190, 'Invalid OAuth access token - Cannot parse access token', 463);
    const failure = this.#failures.findIndex((f) => f.what === what);
    if (failure >= 0) {
      const [f] = this.#failures.splice(failure, 1);
      return refuse(f!.status, f!.code, f!.message, f!.subcode);
    }
    if (profile && req.method === 'GET') {
      if ('refusal' in profile) {
        const { status, code, message, subcode } = profile.refusal;
        return refuse(status, code, message, subcode);
      }
      const fields = (url.searchParams.get('fields') ?? '').split(',');
      return answer(200, {
        ...Object.fromEntries(Object.entries(profile.fields).filter(([field]) => fields.includes(field))),
        id,
      });
    }
    if (id !== page.pageId)
      return refuse(
        400,
        100,
        `Unsupported ${req.method?.toLowerCase()} request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`,
        33,
        'GraphMethodException',
      );
    if (req.method === 'GET' && edge === undefined) {
      const fields = url.searchParams.get('fields') ?? '';
      return answer(200, {
        id: page.pageId,
        name: page.name,
        ...(fields.includes('username') && !fields.includes('instagram') ? { username: page.username } : {}),
        ...(fields.includes('instagram_business_account') && page.instagram
          ? { instagram_business_account: page.instagram }
          : {}),
      });
    }
    if (edge === 'subscribed_apps' && req.method === 'POST') {
      const fields = (JSON.parse(body.toString('utf8') || '{}') as { subscribed_fields?: string }).subscribed_fields;
      if (!fields) return refuse(400, 100, '(#100) The parameter subscribed_fields is required.');
      this.subscribed.push(`${id}:${fields}`);
      return answer(200, { success: true });
    }
    if (edge === 'subscribed_apps' && req.method === 'DELETE') {
      this.subscribed.push(`-${id}`);
      return answer(200, { success: true });
    }
    if (edge === 'messages' && req.method === 'POST') return this.#send(page, req, body, refuse, answer);
    return refuse(400, 100, `Unknown path components: /${edge ?? ''}`);
  }

  async #send(
    page: GraphPage,
    req: IncomingMessage,
    body: Buffer,
    refuse: (status: number, code: number, message: string, subcode?: number) => void,
    answer: (status: number, value: unknown) => void,
  ): Promise<void> {
    let fields: Record<string, unknown>;
    let filedata: File | undefined;
    if ((req.headers['content-type'] ?? '').startsWith('multipart/form-data')) {
      const form = await new Response(body, { headers: { 'content-type': req.headers['content-type']! } }).formData();
      const parse = (name: string): unknown => {
        const value = form.get(name);
        return typeof value === 'string' && value.startsWith('{') ? JSON.parse(value) : (value ?? undefined);
      };
      fields = {
        recipient: parse('recipient'),
        messaging_type: parse('messaging_type'),
        tag: parse('tag'),
        message: parse('message'),
      };
      const file = form.get('filedata');
      filedata = file instanceof File ? file : undefined;
    } else fields = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
    const recipient = (fields.recipient as { id?: unknown } | undefined)?.id;
    const type = fields.messaging_type;
    const tag = fields.tag;
    const message = fields.message as { text?: unknown; attachment?: { type?: string; payload?: { url?: string } } };
    if (typeof recipient !== 'string' || recipient === '')
      return refuse(400, 100, '(#100) param recipient must be non-empty.', 2018001);
    if (type !== 'RESPONSE' && type !== 'UPDATE' && type !== 'MESSAGE_TAG')
      return refuse(400, 100, '(#100) The parameter messaging_type is required');
    if (type === 'MESSAGE_TAG' && tag !== 'HUMAN_AGENT') return refuse(400, 100, '(#100) Invalid tag');
    if (typeof message !== 'object' || message === null)
      return refuse(400, 100, '(#100) The parameter message is required');
    let attachment: PageSent['attachment'];
    if (message.attachment) {
      const source = message.attachment.payload?.url;
      if (source !== undefined) {
        // Meta fetches a file by its address; the loopback only from a loopback address.
        const at = new URL(source);
        if (at.hostname !== '127.0.0.1') return refuse(400, 100, '(#100) Failed to fetch the file from the url');
        const fetched = await fetch(at);
        if (!fetched.ok) return refuse(400, 100, '(#100) Failed to fetch the file from the url', 2018008);
        attachment = {
          type: String(message.attachment.type),
          url: source,
          bytes: Buffer.from(await fetched.arrayBuffer()),
        };
      } else if (filedata)
        attachment = {
          type: String(message.attachment.type),
          bytes: Buffer.from(await filedata.arrayBuffer()),
          name: filedata.name,
        };
      else return refuse(400, 100, '(#100) Upload attachment failure.', 2018047);
    } else if (typeof message.text !== 'string' || message.text === '')
      return refuse(400, 100, '(#100) Param message[text] must be a non-empty UTF-8 encoded string');
    const mid = `m_${page.pageId.slice(-4)}${(this.#next++).toString().padStart(4, '0')}AG5Hz2Uq7tuwNEhXfYYKj8mJEM`;
    this.sent.push({
      pageId: page.pageId,
      recipient,
      messagingType: type,
      tag: typeof tag === 'string' ? tag : undefined,
      ...(typeof message.text === 'string' ? { text: message.text } : {}),
      ...(attachment ? { attachment } : {}),
      mid,
    });
    for (const wake of this.#waiters.splice(0)) wake();
    answer(200, { recipient_id: recipient, message_id: mid });
  }
}

// Example webhooks in the shape of Meta's documentation (Messenger Platform, "Webhook Events Reference": messages,
// messaging_postbacks, message_deliveries, message_reads; Instagram Platform, "Webhook notification examples").

/** The Page of the examples, with its linked Instagram professional account. */
export const examplePage: GraphPage & { readonly instagram: NonNullable<GraphPage['instagram']> } = {
  pageId: '104567890123456',
  name: 'Parley Help',
  username: 'parleyhelp',
  accessToken: 'EAAGm0PX4ZCpsBAPageTOKENforTHEloopbackONLY0123456789',
  appSecret: '0123456789abcdef0123456789abcdef',
  instagram: { id: '17841405822304914', username: 'parley.shop', name: 'Parley Shop' },
};

/** The customers of the examples: a Messenger PSID and an Instagram IGSID. */
export const psid = '6543210987654321';
export const igsid = '17841400000099999';

/** A webhook of the Page (`object: page`) or the Instagram account (`object: instagram`) carrying `events`. */
export function pageWebhook(
  object: 'page' | 'instagram',
  accountId: string,
  ...events: unknown[]
): Record<string, unknown> {
  return { object, entry: [{ id: accountId, time: 1458692752478, messaging: events }] };
}

/** A customer's message event: its `mid`, and its `text` and `attachments` (`[{ type, payload: { url } }]`). */
export function messageEvent(
  accountId: string,
  mid: string,
  message: { text?: string; attachments?: unknown[]; [key: string]: unknown },
  from = psid,
): Record<string, unknown> {
  return {
    sender: { id: from },
    recipient: { id: accountId },
    timestamp: 1458692752478,
    message: { mid, ...message },
  };
}

/** Messenger's delivery report of the Page's messages (`message_deliveries`). */
export function deliveryEvent(pageId: string, mids: string[], to = psid): Record<string, unknown> {
  return { sender: { id: to }, recipient: { id: pageId }, delivery: { mids, watermark: 1458668856253 } };
}

/** A read report: Instagram's `messaging_seen` (`read.mid`), or Messenger's `message_reads` (`read.watermark`). */
export function readEvent(
  accountId: string,
  read: { mid: string } | { watermark: number },
  by = psid,
): Record<string, unknown> {
  return { sender: { id: by }, recipient: { id: accountId }, timestamp: 1458668856463, read };
}

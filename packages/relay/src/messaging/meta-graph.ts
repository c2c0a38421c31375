import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import * as z from 'zod/mini';
import type { SqlDb } from '../store/sql/sql-db.js';
import type { MessagingProvider } from './messaging-provider.js';
import { downloadFile, readCapped, unreachedReason, type DownloadRequest } from './provider-http.js';

/*
 * What the providers on Meta's Graph API (WhatsApp, Messenger, Instagram; docs/channels.md) share, said once: the
 * Graph API's client and its error object, the webhook's `X-Hub-Signature-256` and `hub.challenge` handshake, and
 * when a customer last wrote (the standard messaging window every one of them counts from).
 */

/** The Graph API's address and version the providers default to (each has its `PARLEY_<PROVIDER>_API_URL`). */
export const GRAPH_API_URL = 'https://graph.facebook.com/v21.0';

/** The largest answer of a call the client reads (a template list is the largest, tens of kilobytes). */
const MAX_ANSWER_BYTES = 1024 * 1024;

/**
 * What a Graph API call answered (developers.facebook.com, "Graph API error handling"): its JSON, or Meta's error
 * object `{ error: { message, type, code, error_subcode, fbtrace_id } }`; `reached: false` when Meta did not answer
 * at all (a network error, a timeout, a body that is not the API's).
 */
export type GraphAnswer<T> =
  | { readonly ok: true; readonly result: T }
  | {
      readonly ok: false;
      readonly reached: boolean;
      /** The HTTP status (0 when not reached). */
      readonly status: number;
      /** Meta's `error.code` (190 an expired or revoked token, 131047 outside the window…), else the status. */
      readonly code: number;
      /** Meta's `error.error_subcode` (2018278 outside Messenger's window), when it gave one. */
      readonly subcode?: number;
      readonly message: string;
    };

/**
 * A small client of Meta's Graph API. The access token goes only in the `Authorization` header, never in an
 * address, an answer or a log line: failures are told by what was called and Meta's message. `provider` is the name
 * its failures give (`WhatsApp could not be reached`).
 */
export class GraphApi {
  constructor(
    private readonly baseUrl: string,
    private readonly provider: string,
  ) {}

  /** The origin of the Graph API (a media file's address must be https unless the API itself is not). */
  get secure(): boolean {
    return this.baseUrl.startsWith('https:');
  }

  /** `GET /<path>?<query>`. */
  get<T>(
    token: string,
    path: string,
    query: Readonly<Record<string, string>>,
    signal: AbortSignal,
  ): Promise<GraphAnswer<T>> {
    const search = new URLSearchParams(query).toString();
    return this.#call<T>(token, `${path}${search ? `?${search}` : ''}`, { method: 'GET' }, signal);
  }

  /** `POST /<path>` with a JSON body, or a multipart one (a file uploaded). */
  post<T>(
    token: string,
    path: string,
    body: Readonly<Record<string, unknown>> | FormData,
    signal: AbortSignal,
  ): Promise<GraphAnswer<T>> {
    const multipart = body instanceof FormData;
    return this.#call<T>(
      token,
      path,
      {
        method: 'POST',
        body: multipart ? body : JSON.stringify(body),
        ...(multipart ? {} : { headers: { 'content-type': 'application/json' } }),
      },
      signal,
    );
  }

  /** `DELETE /<path>`. */
  delete<T>(token: string, path: string, signal: AbortSignal): Promise<GraphAnswer<T>> {
    return this.#call<T>(token, path, { method: 'DELETE' }, signal);
  }

  /**
   * Downloads a media file by its address into the new file `to`, streamed, at most `maxBytes` (`downloadFile`): with the token for an address the Graph API gave
   * (WhatsApp's `GET /<media id>`: Meta requires it there), without it for a CDN address a webhook named (Messenger's
   * and Instagram's attachments), which must not see the token. An address that is not https (when the API is) is
   * refused.
   */
  async download(
    token: string | undefined,
    url: string,
    maxBytes: number,
    signal: AbortSignal,
    to: string,
  ): Promise<{ readonly size: number; readonly type: string } | { readonly error: string }> {
    let address: URL;
    try {
      address = new URL(url);
    } catch {
      return { error: 'the media address is not a URL' };
    }
    if (address.protocol !== 'https:' && (this.secure || address.protocol !== 'http:'))
      return { error: 'the media address is not https' };
    const init: DownloadRequest = {
      ...(token === undefined ? {} : { headers: { authorization: `Bearer ${token}` } }),
      redirect: token === undefined ? 'follow' : 'error',
      signal,
    };
    return downloadFile(this.provider, 'a media file', address, init, maxBytes, 'application/octet-stream', to);
  }

  async #call<T>(token: string, path: string, init: RequestInit, signal: AbortSignal): Promise<GraphAnswer<T>> {
    const what = path.split('?')[0]!;
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}/${path}`, {
        ...init,
        headers: { ...(init.headers as Record<string, string> | undefined), authorization: `Bearer ${token}` },
        redirect: 'error',
        signal,
      });
    } catch (error) {
      return { ok: false, reached: false, status: 0, code: 0, message: unreachedReason(this.provider, error) };
    }
    const text = await readCapped(response, MAX_ANSWER_BYTES).catch(() => undefined);
    let answer: unknown;
    try {
      answer = text === undefined ? undefined : JSON.parse(text.toString('utf8'));
    } catch {
      answer = undefined;
    }
    if (typeof answer !== 'object' || answer === null)
      return {
        ok: false,
        reached: false,
        status: response.status,
        code: response.status,
        message: `HTTP ${response.status} from ${what}`,
      };
    const error = (
      answer as { error?: { message?: unknown; code?: unknown; error_subcode?: unknown; error_user_msg?: unknown } }
    ).error;
    if (response.ok && error === undefined) return { ok: true, result: answer as T };
    const said = typeof error?.error_user_msg === 'string' ? error.error_user_msg : error?.message;
    return {
      ok: false,
      reached: true,
      status: response.status,
      code: typeof error?.code === 'number' ? error.code : response.status,
      ...(typeof error?.error_subcode === 'number' ? { subcode: error.error_subcode } : {}),
      message: typeof said === 'string' ? said.slice(0, 300) : `HTTP ${response.status} from ${what}`,
    };
  }
}

/** The header Meta signs a webhook's body in: `sha256=` and the hex HMAC-SHA256 of the raw body with the app secret. */
export const SIGNATURE_HEADER = 'x-hub-signature-256';

const digest = (value: string | Buffer): Buffer => createHash('sha256').update(value).digest();

/**
 * Whether a webhook's body was signed by Meta with the app's secret (`X-Hub-Signature-256`), compared in constant
 * time over the raw body, before anything of it is parsed.
 */
export function signedByMeta(headers: Readonly<Record<string, string>>, body: Buffer, appSecret: string): boolean {
  const given = headers[SIGNATURE_HEADER];
  if (given === undefined || !given.startsWith('sha256=')) return false;
  const expected = `sha256=${createHmac('sha256', appSecret).update(body).digest('hex')}`;
  // Both digested first: equal lengths, so the comparison's time says nothing of the signature.
  return timingSafeEqual(digest(given.toLowerCase()), digest(expected));
}

/**
 * Meta's check of a webhook address before it posts to it (`GET` with `hub.mode=subscribe`, `hub.verify_token`,
 * `hub.challenge`): the challenge to answer, only for the channel's verify token (compared in constant time) and a
 * challenge of plain characters; `undefined` (403) otherwise.
 */
export function hubChallenge(query: URLSearchParams, verifyToken: string): string | undefined {
  const challenge = query.get('hub.challenge') ?? '';
  const token = query.get('hub.verify_token') ?? '';
  if (query.get('hub.mode') !== 'subscribe' || !/^[A-Za-z0-9_-]{1,256}$/.test(challenge)) return undefined;
  return timingSafeEqual(digest(token), digest(verifyToken)) ? challenge : undefined;
}

/** The credentials' fields every provider on the Graph API asks for, each with its words when refused. */
export const graphCredentials = {
  /** A Graph API access token (a system user's, a Page's), without spaces. */
  accessToken: z
    .string()
    .check(z.regex(/^[A-Za-z0-9_.|-]{20,2048}$/, 'must be an access token from Meta (EAAG…), without spaces')),
  /** The app's secret, which signs every webhook. */
  appSecret: z.string().check(z.regex(/^[A-Fa-f0-9]{32}$/, 'must be the app secret: 32 hexadecimal characters')),
  /** A phrase of the admin's choosing, which Meta's subscription handshake carries. */
  verifyToken: z.string().check(z.regex(/^[\x21-\x7e]{8,200}$/, 'must be 8 to 200 printable characters, no spaces')),
};

/** The form's fields of the app's secret and the verify token, as every provider on the Graph API asks for them. */
export const graphFields = [
  {
    name: 'appSecret',
    label: 'App secret',
    description: 'App settings › Basic › App secret (32 characters): it signs every webhook Meta sends.',
  },
  {
    name: 'verifyToken',
    label: 'Verify token',
    description:
      'A phrase of your choosing (8 characters or more): paste the same into the app’s webhook settings with the callback URL.',
  },
] as const;

/**
 * A provider's `verify` and `handshake` on the Graph API: the body signed with the channel's app secret
 * ({@link signedByMeta}), the subscription's challenge answered for its verify token ({@link hubChallenge}).
 */
export const metaWebhook: Pick<
  MessagingProvider<{ readonly appSecret: string; readonly verifyToken: string }>,
  'verify' | 'handshake'
> = {
  verify: ({ headers, body }, { credentials }) => signedByMeta(headers, body, credentials.appSecret),
  handshake: (query, { credentials }) => hubChallenge(query, credentials.verifyToken),
};

/**
 * Why a provider's check of the credentials on save was refused, in words an admin can act on: a token Meta refused
 * (190, HTTP 401) with how to make another, an id Meta does not know for the token (100, 803), or Meta's message.
 */
export function checkRefused(
  answer: Extract<GraphAnswer<unknown>, { ok: false }>,
  words: { readonly provider: string; readonly id: string; readonly thing: string; readonly newToken: string },
): { readonly error: string } {
  if (answer.reached && (answer.code === 190 || answer.status === 401))
    return { error: `The token was refused by ${words.provider}: ${words.newToken}` };
  if (answer.reached && (answer.code === 100 || answer.code === 803 || answer.status === 404))
    return { error: `${words.provider} does not know ${words.id} for this token: ${answer.message}` };
  return { error: `${words.provider} did not take ${words.thing}: ${answer.message}` };
}

/**
 * A feature's configuration key of the Graph API's address with its version (`PARLEY_<PROVIDER>_API_URL`),
 * `https://graph.facebook.com/v21.0` by default: another only for tests and for operators who pin a newer version.
 */
export function graphApiUrlKey<Env extends string>(env: Env) {
  return {
    env,
    kind: 'string' as const,
    schema: z._default(
      z.url().check(z.regex(/^https?:\/\/[^/?#]+(\/v\d+\.\d+)?$/, 'an origin, with a version path at most')),
      GRAPH_API_URL,
    ),
  };
}

/** A Graph id (a phone number's, a Page's, an account's): digits. */
export const graphId = (what: string) => z.string().check(z.regex(/^\d{5,30}$/, `must be the ${what}, digits only`));

/**
 * When the channel's customer last wrote (ms), or `undefined` when they never did: Meta's messaging windows (24
 * hours for free replies, 7 days with Messenger's and Instagram's `HUMAN_AGENT` tag) count from it. Read by the
 * handle (the conversations with it), not the contact: a contact merged with another may hold two handles on the
 * channel, each with its own window.
 */
export async function lastInboundAt(db: SqlDb, channelId: string, handle: string): Promise<number | undefined> {
  const [row] = await db.all<{ at: number | string | null }>(
    `SELECT MAX(m.ts) AS at FROM messaging_conversations mv JOIN messages m ON m.conversation_id = mv.conversation_id
     WHERE mv.channel_id = ? AND mv.handle = ? AND m.author_role = 'visitor'`,
    [channelId, handle],
  );
  return row?.at === null || row?.at === undefined ? undefined : Number(row.at);
}

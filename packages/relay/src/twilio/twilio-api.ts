import { downloadFile, readCapped, unreachedReason, type DownloadRequest } from '../messaging/public.js';

/** Twilio's REST API origin (`PARLEY_TWILIO_API_URL` changes it, for tests and for operators behind a proxy). */
export const TWILIO_API_URL = 'https://api.twilio.com';

/** The largest answer the client reads (a message resource is a couple of kilobytes). */
const MAX_ANSWER_BYTES = 1024 * 1024;

/** An account's keys: the Account SID and Auth Token (HTTP Basic auth, as Twilio's API asks). */
export interface TwilioAuth {
  readonly accountSid: string;
  readonly authToken: string;
}

/**
 * What a call answered (twilio.com/docs/usage/twilios-response, "Errors"): its JSON on 2xx, else Twilio's error
 * `{ code, message, more_info, status }`; `reached: false` when Twilio did not answer at all (a network error, a
 * timeout, a body that is not Twilio's).
 */
export type TwilioAnswer<T> =
  | { readonly ok: true; readonly result: T }
  | {
      readonly ok: false;
      readonly reached: boolean;
      /** The HTTP status (0 when not reached). */
      readonly status: number;
      /** Twilio's error code (`21610`), when it gave one. */
      readonly code?: number;
      readonly message: string;
      /** The `Retry-After` header's wait, in ms, on a 429. */
      readonly retryAfterMs?: number;
    };

/**
 * A small client of Twilio's REST API (`/2010-04-01/Accounts/{AccountSid}/…`), with Basic auth. The Auth Token goes
 * only in the `authorization` header: no address, answer, error or log line carries it.
 */
export class TwilioApi {
  readonly #baseUrl: string;

  constructor(baseUrl: string = TWILIO_API_URL) {
    this.#baseUrl = baseUrl;
  }

  /** The API's origin (media addresses are downloaded with the account's keys only from there). */
  get origin(): string {
    return new URL(this.#baseUrl).origin;
  }

  /** `GET` (with a query) or `POST` (form-encoded) of a path under the account (`/Messages.json`). */
  async call<T>(
    auth: TwilioAuth,
    method: 'GET' | 'POST',
    path: string,
    params: Readonly<Record<string, string | readonly string[]>>,
    signal: AbortSignal,
  ): Promise<TwilioAnswer<T>> {
    const form = new URLSearchParams();
    for (const [name, value] of Object.entries(params))
      for (const one of typeof value === 'string' ? [value] : value) form.append(name, one);
    const base = `${this.#baseUrl}/2010-04-01/Accounts/${encodeURIComponent(auth.accountSid)}${path}`;
    let response: Response;
    try {
      response = await fetch(method === 'GET' && form.size > 0 ? `${base}?${form}` : base, {
        method,
        headers: {
          authorization: basic(auth),
          accept: 'application/json',
          ...(method === 'POST' ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
        },
        ...(method === 'POST' ? { body: form.toString() } : {}),
        redirect: 'error',
        signal,
      });
    } catch (error) {
      return { ok: false, reached: false, status: 0, message: unreachedReason('Twilio', error) };
    }
    const text = await readCapped(response, MAX_ANSWER_BYTES).catch(() => undefined);
    let answer: unknown;
    try {
      answer = text === undefined ? undefined : JSON.parse(text.toString('utf8'));
    } catch {
      answer = undefined;
    }
    if (response.ok && typeof answer === 'object' && answer !== null) return { ok: true, result: answer as T };
    const { code, message } = (typeof answer === 'object' && answer !== null ? answer : {}) as {
      code?: unknown;
      message?: unknown;
    };
    const retryAfter = Number(response.headers.get('retry-after') ?? 'NaN');
    return {
      ok: false,
      reached: typeof message === 'string' || typeof code === 'number',
      status: response.status,
      ...(typeof code === 'number' ? { code } : {}),
      message: typeof message === 'string' ? message.slice(0, 300) : `HTTP ${response.status}`,
      ...(Number.isFinite(retryAfter) && retryAfter >= 0 ? { retryAfterMs: Math.ceil(retryAfter) * 1000 } : {}),
    };
  }

  /**
   * Downloads an MMS's media (`MediaUrl{N}`) into the new file `to`, streamed, at most `maxBytes`, with the account's keys (Twilio's default for media).
   * Only an address on the API's own origin is fetched with them; Twilio's redirect to its file storage is followed
   * without them (undici drops `authorization` across origins, as `fetch` does).
   */
  async download(
    auth: TwilioAuth,
    url: string,
    maxBytes: number,
    signal: AbortSignal,
    to: string,
  ): Promise<{ readonly size: number; readonly type: string } | { readonly error: string }> {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return { error: 'the media address is not a URL' };
    }
    if (parsed.origin !== this.origin) return { error: 'the media address is not Twilio’s' };
    const init: DownloadRequest = { headers: { authorization: basic(auth) }, redirect: 'follow', signal };
    return downloadFile('Twilio', 'the media', parsed, init, maxBytes, '', to);
  }
}

function basic({ accountSid, authToken }: TwilioAuth): string {
  return `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`;
}

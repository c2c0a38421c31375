import { readCapped, unreachedReason } from '../messaging/public.js';

/** The Graph API's address and version (`PARLEY_WHATSAPP_API_URL` changes it, for tests and operators). */
export const WHATSAPP_API_URL = 'https://graph.facebook.com/v21.0';

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
      readonly message: string;
    };

/**
 * A small client of the Graph API for WhatsApp's Cloud API. The access token goes only in the `Authorization`
 * header, never in an address, an answer or a log line: failures are told by what was called and Meta's message.
 */
export class WhatsAppApi {
  constructor(private readonly baseUrl: string = WHATSAPP_API_URL) {}

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

  /**
   * Downloads a media file by the address `GET /<media id>` gave (Meta requires the token on it too), at most
   * `maxBytes`. An address that is not https (when the API is) is refused: the token goes only to Meta over TLS.
   */
  async download(
    token: string,
    url: string,
    maxBytes: number,
    signal: AbortSignal,
  ): Promise<{ readonly bytes: Buffer; readonly type: string } | { readonly error: string }> {
    let address: URL;
    try {
      address = new URL(url);
    } catch {
      return { error: 'the media address is not a URL' };
    }
    if (address.protocol !== 'https:' && (this.secure || address.protocol !== 'http:'))
      return { error: 'the media address is not https' };
    try {
      const response = await fetch(address, {
        headers: { authorization: `Bearer ${token}` },
        redirect: 'error',
        signal,
      });
      if (!response.ok) {
        await response.body?.cancel();
        return { error: `HTTP ${response.status} downloading a media file` };
      }
      const bytes = await readCapped(response, maxBytes);
      if (bytes === undefined) return { error: 'the file is larger than the site takes' };
      return { bytes, type: response.headers.get('content-type') ?? 'application/octet-stream' };
    } catch (error) {
      return { error: unreachedReason('WhatsApp', error) };
    }
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
      return { ok: false, reached: false, status: 0, code: 0, message: unreachedReason('WhatsApp', error) };
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
    const error = (answer as { error?: { message?: unknown; code?: unknown; error_user_msg?: unknown } }).error;
    if (response.ok && error === undefined) return { ok: true, result: answer as T };
    const said = typeof error?.error_user_msg === 'string' ? error.error_user_msg : error?.message;
    return {
      ok: false,
      reached: true,
      status: response.status,
      code: typeof error?.code === 'number' ? error.code : response.status,
      message: typeof said === 'string' ? said.slice(0, 300) : `HTTP ${response.status} from ${what}`,
    };
  }
}

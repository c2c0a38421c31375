import { downloadFile, readCapped, unreachedReason } from '../messaging/public.js';

/** The Bot API's address (`PARLEY_TELEGRAM_API_URL` changes it, for tests and for operators behind a local API). */
export const TELEGRAM_API_URL = 'https://api.telegram.org';

/** The largest answer of a method the client reads (an answer is a few hundred bytes). */
const MAX_ANSWER_BYTES = 1024 * 1024;

/**
 * What a Bot API method answered (core.telegram.org/bots/api, "Making requests"): `{ ok: true, result }`, or
 * `{ ok: false, error_code, description, parameters: { retry_after } }`; `reached: false` when Telegram did not
 * answer at all (a network error, a timeout, a body that is not the API's).
 */
export type TelegramAnswer<T> =
  | { readonly ok: true; readonly result: T }
  | {
      readonly ok: false;
      readonly reached: boolean;
      readonly code: number;
      readonly description: string;
      /** `parameters.retry_after`, in ms: flood control asks to wait that long. */
      readonly retryAfterMs?: number;
    };

/**
 * A small Bot API client. The bot's token goes only where Telegram requires it, in the path
 * (`/bot<token>/<method>`, `/file/bot<token>/<path>`); no answer, error or log line carries it: failures are told
 * by the method's name and Telegram's description, never by the address.
 */
export class TelegramApi {
  constructor(private readonly baseUrl: string = TELEGRAM_API_URL) {}

  /** Calls a method with JSON parameters, or multipart ones (a file uploaded). */
  async call<T>(
    token: string,
    method: string,
    params: Readonly<Record<string, unknown>> | FormData,
    signal: AbortSignal,
  ): Promise<TelegramAnswer<T>> {
    const multipart = params instanceof FormData;
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}/bot${token}/${method}`, {
        method: 'POST',
        body: multipart ? params : JSON.stringify(params),
        ...(multipart ? {} : { headers: { 'content-type': 'application/json' } }),
        redirect: 'error',
        signal,
      });
    } catch (error) {
      return { ok: false, reached: false, code: 0, description: unreachedReason('Telegram', error) };
    }
    const text = await readCapped(response, MAX_ANSWER_BYTES).catch(() => undefined);
    let answer: unknown;
    try {
      answer = text === undefined ? undefined : JSON.parse(text.toString('utf8'));
    } catch {
      answer = undefined;
    }
    if (typeof answer !== 'object' || answer === null || typeof (answer as { ok?: unknown }).ok !== 'boolean')
      return {
        ok: false,
        reached: false,
        code: response.status,
        description: `HTTP ${response.status} from ${method}`,
      };
    const body = answer as {
      ok: boolean;
      result?: T;
      error_code?: unknown;
      description?: unknown;
      parameters?: { retry_after?: unknown };
    };
    if (body.ok) return { ok: true, result: body.result as T };
    const retryAfter = body.parameters?.retry_after;
    return {
      ok: false,
      reached: true,
      code: typeof body.error_code === 'number' ? body.error_code : response.status,
      description: typeof body.description === 'string' ? body.description.slice(0, 300) : `HTTP ${response.status}`,
      ...(typeof retryAfter === 'number' && retryAfter >= 0 ? { retryAfterMs: Math.ceil(retryAfter) * 1000 } : {}),
    };
  }

  /** Downloads a file by the path `getFile` gave into the new file `to`, streamed, at most `maxBytes`. */
  async download(
    token: string,
    filePath: string,
    maxBytes: number,
    signal: AbortSignal,
    to: string,
  ): Promise<{ readonly size: number } | { readonly error: string }> {
    const path = filePath.split('/').map(encodeURIComponent).join('/');
    const file = await downloadFile(
      'Telegram',
      'a file',
      `${this.baseUrl}/file/bot${token}/${path}`,
      { redirect: 'error', signal },
      maxBytes,
      '',
      to,
    );
    return 'error' in file ? file : { size: file.size };
  }
}

import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Dispatcher } from 'undici';

/*
 * What every provider's HTTP client needs of its answers, given by the frame so that each provider says only what is
 * its own: a body read with a cap (a provider's answer), a customer's file streamed to disk with a cap, and why the
 * provider was not reached, in words that never carry its address (Telegram's token is in its path).
 */

/** Why `provider` (its name as people write it) was not reached, in words an admin can act on. */
export function unreachedReason(provider: string, error: unknown): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError'))
    return `${provider} did not answer in time`;
  // `fetch` puts the system's code in `cause`; undici's `request` on the error itself.
  const cause = error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
  const code = cause?.code ?? (error as { code?: unknown } | undefined)?.code;
  return `${provider} could not be reached${typeof code === 'string' && /^[A-Z][A-Z_]+$/.test(code) ? ` (${code})` : ''}`;
}

/** A response's body, or `undefined` once it passes `max` bytes (reading stops there). */
export async function readCapped(response: Response, max: number): Promise<Buffer | undefined> {
  const declared = Number(response.headers.get('content-length') ?? '0');
  if (declared > max) {
    await response.body?.cancel();
    return undefined;
  }
  if (!response.body) return Buffer.alloc(0);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of response.body) {
    size += chunk.byteLength;
    if (size > max) {
      await response.body.cancel().catch(() => undefined);
      return undefined;
    }
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks);
}

/** Why a file was not kept: it passed the cap while it arrived (or the provider declared it larger). */
export const TOO_LARGE = 'the file is larger than the site takes';

/** How a customer's file is asked for: its headers (a token), whether redirects are followed, and its deadline. */
export interface DownloadRequest {
  readonly headers?: Readonly<Record<string, string>>;
  /**
   * `follow` (at most 5; `authorization` is dropped when a redirect leaves the origin, as `fetch` does), or `error`:
   * a redirect is then a failure, for an address that must not lead elsewhere with a token.
   */
  readonly redirect: 'follow' | 'error';
  readonly signal: AbortSignal;
}

let undici: Promise<typeof import('undici')> | undefined;
let direct: Dispatcher | undefined;
let following: Dispatcher | undefined;

/**
 * Loads undici (its import holds the event loop 60–130 ms) once: the messaging feature's `preload`, once the relay
 * listens, so that a customer's first file does not pay for it.
 */
export function loadProviderHttp(): Promise<typeof import('undici')> {
  return (undici ??= import('undici'));
}

async function dispatcher(redirect: DownloadRequest['redirect']): Promise<Dispatcher> {
  const { Agent, interceptors } = await loadProviderHttp();
  // The request's signal bounds it; undici's own timeouts must not cut a slow provider shorter.
  direct ??= new Agent({ keepAliveTimeout: 10_000, headersTimeout: 0, bodyTimeout: 0 });
  if (redirect === 'error') return direct;
  return (following ??= direct.compose(interceptors.redirect({ maxRedirections: 5 })));
}

/**
 * Stops reading an answer's body: undici's body, destroyed before its end, emits an error (`Request aborted`) that
 * nothing else listens for, which would otherwise be an uncaught exception.
 */
function discard(body: Dispatcher.ResponseData['body']): void {
  body.on('error', () => undefined);
  body.destroy();
}

/**
 * A customer's file from `provider` (its name as people write it), streamed into a new file at `to` (a staging path
 * of the attachments pipeline, created only by this call, readable by the relay's user only) and never held in
 * memory: at most `maxBytes`, refused at once when the answer declares more and cut off the moment it passes the cap
 * while arriving ({@link TOO_LARGE}). Each chunk goes to disk as it comes (undici's `request`, whose body hands
 * chunks on as the socket gives them: `fetch`'s body stream copies what piled up into one buffer per read, which for
 * a 10 MiB file held the event loop), so a 25 MB file costs the loop a write per chunk, never a copy of the file.
 * `what` names it in an error (`HTTP 404 downloading <what>`), and its type is the answer's `content-type`, else
 * `defaultType`. Never throws; on any failure nothing is left at `to`.
 */
export async function downloadFile(
  provider: string,
  what: string,
  url: string | URL,
  init: DownloadRequest,
  maxBytes: number,
  defaultType: string,
  to: string,
): Promise<{ readonly size: number; readonly type: string } | { readonly error: string }> {
  let response: Dispatcher.ResponseData;
  try {
    const { request } = await loadProviderHttp();
    response = await request(url, {
      method: 'GET',
      headers: { ...init.headers },
      signal: init.signal,
      dispatcher: await dispatcher(init.redirect),
    });
  } catch (error) {
    return { error: unreachedReason(provider, error) };
  }
  const { statusCode, headers, body } = response;
  const header = (name: string): string | undefined => {
    const value = headers[name];
    return Array.isArray(value) ? value[0] : value;
  };
  if (statusCode < 200 || statusCode > 299) {
    discard(body);
    return { error: `HTTP ${statusCode} downloading ${what}` };
  }
  if (Number(header('content-length') ?? '0') > maxBytes) {
    discard(body);
    return { error: TOO_LARGE };
  }
  const type = header('content-type') ?? defaultType;
  let size = 0;
  let tooLarge = false;
  const capped = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      size += chunk.byteLength;
      if (size > maxBytes) {
        tooLarge = true;
        return done(new Error(TOO_LARGE));
      }
      done(null, chunk);
    },
  });
  // `wx`: a path that exists is never written through, nor removed (the staging folder is the relay's own).
  const file = createWriteStream(to, { flags: 'wx', mode: 0o600 });
  let created = false;
  file.once('open', () => (created = true));
  try {
    await pipeline(body, capped, file);
    return { size, type };
  } catch (error) {
    discard(body);
    if (created) await rm(to, { force: true }).catch(() => undefined);
    return { error: tooLarge ? TOO_LARGE : unreachedReason(provider, error) };
  }
}

/*
 * What every provider's HTTP client needs of its answers, given by the frame so that each provider says only what is
 * its own: a body read with a cap (a provider's answer, a customer's file), a customer's file fetched, and why the
 * provider was not reached, in words that never carry its address (Telegram's token is in its path).
 */

/** Why `provider` (its name as people write it) was not reached, in words an admin can act on. */
export function unreachedReason(provider: string, error: unknown): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError'))
    return `${provider} did not answer in time`;
  const cause = error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
  return `${provider} could not be reached${typeof cause?.code === 'string' ? ` (${cause.code})` : ''}`;
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

/**
 * A customer's file from `provider` (its name as people write it), at most `maxBytes`: `what` names it in an error
 * (`HTTP 404 downloading <what>`), and its type is the answer's `content-type`, else `defaultType`. Never throws.
 */
export async function downloadFile(
  provider: string,
  what: string,
  url: string | URL,
  init: RequestInit,
  maxBytes: number,
  defaultType: string,
): Promise<{ readonly bytes: Buffer; readonly type: string } | { readonly error: string }> {
  try {
    const response = await fetch(url, init);
    if (!response.ok) {
      await response.body?.cancel();
      return { error: `HTTP ${response.status} downloading ${what}` };
    }
    const bytes = await readCapped(response, maxBytes);
    if (bytes === undefined) return { error: 'the file is larger than the site takes' };
    return { bytes, type: response.headers.get('content-type') ?? defaultType };
  } catch (error) {
    return { error: unreachedReason(provider, error) };
  }
}

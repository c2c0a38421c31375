/** One upload, as `Attachments` asks a transport to make it. */
export interface UploadRequest {
  /** `POST` here: the upload route with `clientId`, `name`, `sha256` and, when known, `conversationId`. */
  url: string;
  /** The raw bytes, sent as the body (not multipart). */
  body: Blob;
  /** Sent as `Authorization: Bearer <token>`, never in the URL; empty: no header (a same-origin session cookie). */
  token: string;
  /** More headers (the inbox's `X-Parley-CSRF` when it signs in with a session cookie). */
  headers?: Record<string, string>;
  signal: AbortSignal;
  /** Called as bytes go out. */
  onProgress(loaded: number, total: number): void;
}

/** The relay's answer: its status, its JSON body (a reference, or an error), and `Retry-After` in seconds. */
export interface UploadResponse {
  status: number;
  body: unknown;
  retryAfter?: number;
}

/**
 * Makes one upload. Rejects on a network error or an abort (then with the signal's reason); any HTTP answer
 * resolves. Inject one in tests or in Node (`Attachments`' `upload` option).
 */
export type UploadTransport = (request: UploadRequest) => Promise<UploadResponse>;

function retryAfter(value: string | null): number | undefined {
  const seconds = Number(value ?? NaN);
  return Number.isFinite(seconds) ? seconds : undefined;
}

function authorization(token: string, headers: Record<string, string> = {}): Record<string, string> {
  return token ? { ...headers, Authorization: `Bearer ${token}` } : headers;
}

/** The browser's transport: `XMLHttpRequest`, the one API that reports an upload's progress (fetch does not). */
export const xhrUpload: UploadTransport = ({ url, body, token, headers, signal, onProgress }) =>
  new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    for (const [name, value] of Object.entries(authorization(token, headers))) xhr.setRequestHeader(name, value);
    xhr.responseType = 'json';
    xhr.upload.onprogress = (event) => onProgress(event.loaded, event.total || body.size);
    xhr.onload = () =>
      resolve({ status: xhr.status, body: xhr.response, retryAfter: retryAfter(xhr.getResponseHeader('Retry-After')) });
    xhr.onerror = () => reject(new TypeError('Network error'));
    xhr.onabort = () => reject(signal.reason);
    signal.addEventListener('abort', () => xhr.abort(), { once: true });
    if (signal.aborted) return xhr.abort();
    xhr.send(body);
  });

/** Where `XMLHttpRequest` is missing (Node): `fetch`, with progress reported at the start and the end only. */
export const fetchUpload: UploadTransport = async ({ url, body, token, headers, signal, onProgress }) => {
  onProgress(0, body.size);
  const response = await fetch(url, {
    method: 'POST',
    body,
    headers: authorization(token, headers),
    signal,
  });
  onProgress(body.size, body.size);
  return {
    status: response.status,
    body: await response.json().catch(() => undefined),
    retryAfter: retryAfter(response.headers.get('Retry-After')),
  };
};

/** The SHA-256 of `blob`, hex, as the upload route's `sha256` announces it. */
export async function sha256Hex(blob: Blob): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', await blob.arrayBuffer());
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import type { HttpResponse } from 'uWebSockets.js';
import { respond } from './respond.js';

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};

/** Options for serving one folder. */
export interface StaticOptions {
  /** Rewrites HTML before sending (template values such as the demo site key). */
  readonly transformHtml?: (html: string) => string;
  /** Extra headers for HTML responses (e.g. a Content-Security-Policy). */
  readonly htmlHeaders?: Record<string, string>;
  readonly cacheControl?: string;
}

/**
 * Serves `relativePath` from `root`, refusing anything that would escape it. Async, so it registers
 * `onAborted` and writes inside `cork` (through {@link respond}).
 */
export function serveFile(res: HttpResponse, root: string, relativePath: string, options: StaticOptions = {}): void {
  const aborted = { value: false };
  res.onAborted(() => {
    aborted.value = true;
  });
  const base = resolve(root);
  let decoded: string;
  try {
    decoded = decodeURIComponent(relativePath);
  } catch {
    respond(res, 400, 'Bad path', { 'content-type': 'text/plain' }, aborted);
    return;
  }
  const target = normalize(join(base, decoded));
  if (target !== base && !target.startsWith(base + sep)) {
    respond(res, 404, 'Not found', { 'content-type': 'text/plain' }, aborted);
    return;
  }
  void (async () => {
    let path = target;
    try {
      if ((await stat(path)).isDirectory()) path = join(path, 'index.html');
      const extension = extname(path);
      const type = types[extension] ?? 'application/octet-stream';
      let body: string | Uint8Array = await readFile(path);
      const headers: Record<string, string> = {
        'content-type': type,
        'cache-control': options.cacheControl ?? 'no-cache',
      };
      if (extension === '.html') {
        if (options.transformHtml) body = options.transformHtml(body.toString());
        Object.assign(headers, options.htmlHeaders);
      }
      respond(res, 200, body, headers, aborted);
    } catch {
      respond(res, 404, 'Not found', { 'content-type': 'text/plain; charset=utf-8' }, aborted);
    }
  })();
}

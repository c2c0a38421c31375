import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { HttpRequest, HttpResponse, TemplatedApp } from 'uWebSockets.js';
import { z } from 'zod';
import type { PublicOrigin } from '../http/public-origin.js';
import { json, respond } from '../http/respond.js';
import { StaticFolder, readStaticRequest } from '../http/static-folder.js';
import type { Logger } from '../log.js';

/** Where the build packs them (packages/relay/scripts/pack-sdk.mjs), beside the relay's other built files. */
export const PACKAGES_DIR = fileURLToPath(new URL('../../dist/packages/', import.meta.url));

const Index = z.strictObject({
  packages: z.array(
    z.strictObject({
      name: z.string(),
      version: z.string(),
      file: z.string().regex(/^[a-z0-9.-]+\.tgz$/),
      integrity: z.string().startsWith('sha512-'),
      size: z.number().int().nonnegative(),
    }),
  ),
});
export type PackedPackage = z.infer<typeof Index>['packages'][number];

/** What `GET /packages/` answers: each tarball with its address, and the commands that install them. */
export interface PackagesIndex {
  readonly packages: readonly (PackedPackage & { readonly url: string })[];
  /** `npm install` with the tarballs the SDK needs (protocol and sdk), and the widget's (all three). */
  readonly install: { readonly sdk: string; readonly widget: string };
}

/**
 * The packages a developer installs to talk to this relay (@parley/protocol, @parley/sdk, @parley/widget), served as
 * the tarballs `npm publish` would upload, at `/packages/<file>.tgz`, with an index at `/packages/`: until they are
 * on the npm registry, `npm install https://chat.example.com/packages/parley-protocol-0.1.0.tgz …/parley-sdk-0.1.0.tgz`
 * installs the very version the relay speaks. Read once at start; nothing on a request but a file served.
 */
export class SdkPackages {
  private readonly packed: readonly PackedPackage[];
  private readonly folder: StaticFolder;

  constructor(
    private readonly publicOrigin: PublicOrigin,
    log: Logger,
    dir: string = PACKAGES_DIR,
  ) {
    this.folder = new StaticFolder(dir, {
      extensions: ['.tgz'],
      // The file's name carries the version, not the build: revalidated by ETag after five minutes.
      cacheControl: 'public, max-age=300',
    });
    const index = join(dir, 'index.json');
    if (!existsSync(index)) {
      log.warn('packages: no packed SDK (run `npm run build`); /packages/ answers 404 until there is one', { dir });
      this.packed = [];
      return;
    }
    this.packed = Index.parse(JSON.parse(readFileSync(index, 'utf8'))).packages;
  }

  /** The index as served: addresses on the relay's public origin. */
  index(): PackagesIndex {
    const base = `${this.publicOrigin.href}/packages/`;
    const packages = this.packed.map((entry) => ({ ...entry, url: base + entry.file }));
    const urls = (names: readonly string[]): string =>
      packages
        .filter(({ name }) => names.includes(name))
        .map(({ url }) => url)
        .join(' ');
    return {
      packages,
      install: {
        sdk: `npm install ${urls(['@parley/protocol', '@parley/sdk'])}`,
        widget: `npm install ${urls(['@parley/protocol', '@parley/sdk', '@parley/widget'])}`,
      },
    };
  }

  /** `GET`/`HEAD /packages/` (the index) and `/packages/<file>.tgz`; other methods 405. */
  register(app: TemplatedApp): void {
    const index = (res: HttpResponse, req: HttpRequest): void => {
      if (this.packed.length === 0) {
        json(res, 404, { error: { code: 'not_found', message: 'This relay was built without its packages.' } });
        return;
      }
      if (req.getMethod() === 'head')
        respond(res, 200, undefined, {
          'content-type': 'application/json; charset=utf-8',
          'cache-control': 'no-cache',
        });
      else json(res, 200, this.index(), undefined, { 'cache-control': 'no-cache' });
    };
    const file = (res: HttpResponse, req: HttpRequest): void => {
      const request = readStaticRequest(req, '/packages/'.length);
      this.folder.serve(res, request);
    };
    const notAllowed = (res: HttpResponse, req: HttpRequest): void => {
      respond(res, 405, req.getMethod() === 'head' ? undefined : 'Method not allowed', {
        allow: 'GET, HEAD',
        'content-type': 'text/plain; charset=utf-8',
      });
    };
    for (const path of ['/packages', '/packages/']) app.get(path, index).head(path, index).any(path, notAllowed);
    app.get('/packages/*', file).head('/packages/*', file).any('/packages/*', notAllowed);
  }
}

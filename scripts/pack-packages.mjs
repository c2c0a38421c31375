#!/usr/bin/env node
// `npm run pack:packages`: the packages a site or a bot installs (@parley/protocol, @parley/sdk, @parley/widget) as
// the tarballs `npm publish` would upload, in .tmp/packages/, built first. Until they are on the npm registry this is
// how to install them from a checkout (`npm install <the .tgz files>`, the protocol's with the SDK's); a running relay
// serves the same tarballs at /packages/ (packages/relay/scripts/pack-sdk.mjs). The packages' READMEs say so.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { packPublished } from '../packages/relay/scripts/pack-sdk.mjs';
import { ensureBuilt } from './ensure-build.mjs';
import { ensureDependencies } from './ensure-deps.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
ensureDependencies();
ensureBuilt();
const destination = join(root, '.tmp/packages');
for (const { file, integrity } of packPublished(destination)) process.stdout.write(`${file}  ${integrity}\n`);
process.stdout.write(`pack:packages: the tarballs are in ${destination}\n`);

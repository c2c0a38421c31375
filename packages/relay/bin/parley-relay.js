#!/usr/bin/env node
// The `parley-relay` command. A file of its own (not dist/main.js) so that npm links the bin at install time,
// before the first build: on a clone, `npm install && npm run build && npx parley-relay` works.
try {
  await import('../dist/main.js');
} catch (error) {
  if (error?.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes('dist/main.js')) {
    process.stderr.write('parley-relay: the relay is not built yet; run `npm run build` first.\n');
    process.exit(1);
  }
  throw error;
}

import { parentPort } from 'node:worker_threads';
import { buildTypoIndexParts, transferable, type TypoIndexParts } from './help-typo-index.js';
import { countWords } from './help-typos.js';

/*
 * The typo thread (help-typo-indexes.ts): builds the help search's typo indexes off the relay's event loop. It says
 * it is ready once its code is loaded, then answers each request with one message: `rows` adds a page of articles'
 * words to a build, `index` makes the build's index and moves its arrays to the loop, `cancel` forgets a build.
 */

/** What the loop asks of the typo thread. */
export type TypoThreadRequest =
  | { readonly kind: 'rows'; readonly build: number; readonly rows: readonly string[] }
  | { readonly kind: 'index'; readonly build: number; readonly rows: number }
  | { readonly kind: 'cancel'; readonly build: number };

/** What it answers: a page taken, the index made, or that the build is unknown (the thread was started again). */
export type TypoThreadReply =
  { readonly taken: number } | { readonly parts: TypoIndexParts } | { readonly missing: true };

const builds = new Map<number, { counts: Map<string, number>; rows: number }>();
const port = parentPort!;
port.on('message', (request: TypoThreadRequest) => {
  if (request.kind === 'rows') {
    let build = builds.get(request.build);
    if (!build) builds.set(request.build, (build = { counts: new Map(), rows: 0 }));
    countWords(build.counts, request.rows);
    build.rows += request.rows.length;
    port.postMessage({ taken: build.rows } satisfies TypoThreadReply);
    return;
  }
  const build = builds.get(request.build);
  builds.delete(request.build);
  if (request.kind === 'cancel') {
    port.postMessage({ taken: 0 } satisfies TypoThreadReply);
    return;
  }
  // A thread started again since the first page has only the pages after it.
  if ((build?.rows ?? 0) !== request.rows) {
    port.postMessage({ missing: true } satisfies TypoThreadReply);
    return;
  }
  const parts = buildTypoIndexParts(build?.counts ?? new Map());
  port.postMessage({ parts } satisfies TypoThreadReply, transferable(parts));
});
port.postMessage('ready');

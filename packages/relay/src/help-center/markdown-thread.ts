import { parentPort } from 'node:worker_threads';
import { markdownText, renderMarkdown } from './markdown.js';

/*
 * The Markdown thread (markdown-renderer.ts): renders article bodies off the relay's event loop. It says it is ready
 * once its code is loaded, then answers each `{ body }` with `{ html, text }`.
 */
const port = parentPort!;
port.on('message', (message: { readonly body: string }) => {
  port.postMessage({ html: renderMarkdown(message.body), text: markdownText(message.body) });
});
port.postMessage('ready');

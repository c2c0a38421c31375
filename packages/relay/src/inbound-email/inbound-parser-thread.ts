import { parentPort } from 'node:worker_threads';
import { findSensitive, redact, type SensitiveKind } from '@parley/protocol/sensitive';
import { originalHtmlText, originalOf } from './email-original-text.js';
import { HtmlTooDeepError } from './html-text.js';
import {
  HeaderTooLargeError,
  MalformedEmailError,
  loadBodyReader,
  loadMailparser,
  parseHead,
  rawReply,
  replyText,
} from './inbound-message.js';
import type { ParseReply, ParseRequest } from './inbound-parser.js';
import { MimeTooComplexError } from './mime-body.js';

/*
 * The thread that reads inbound email (see `inbound-parser.ts`): mailparser and the HTML conversion run here, so
 * a message built to be slow holds this thread, never the relay's event loop. One request at a time.
 */

async function handle(request: ParseRequest): Promise<ParseReply> {
  try {
    if (request.stage === 'reply') return { ok: true, text: replyText(request.text) };
    if (request.stage === 'screen')
      return { ok: true, screened: request.texts.map((text) => screen(text, request.kinds)) };
    const raw = Buffer.from(request.raw.buffer, request.raw.byteOffset, request.raw.byteLength);
    if (request.stage === 'head') return { ok: true, head: await parseHead(raw, request.recipients) };
    // The reply to store and the original the inbox shows, from one reading of the message.
    const { text, files, dropped, original } = await rawReply(raw, originalHtmlText);
    return { ok: true, text, files, dropped, original: originalOf(raw, original ?? '') };
  } catch (error) {
    if (error instanceof MalformedEmailError) return { ok: false, reason: 'malformed', detail: error.message };
    if (
      error instanceof HtmlTooDeepError ||
      error instanceof HeaderTooLargeError ||
      error instanceof MimeTooComplexError
    )
      return { ok: false, reason: 'too_complex', detail: error.message };
    return { ok: false, reason: 'malformed', detail: 'The message could not be read.' };
  }
}

/** `text` with the sensitive parts of `kinds` replaced. */
function screen(text: string, kinds: readonly SensitiveKind[]): string {
  const found = findSensitive(text, kinds);
  return found.length === 0 ? text : redact(text, found);
}

parentPort!.on('message', (request: ParseRequest) => {
  void handle(request).then((reply) => parentPort!.postMessage(reply));
});
// Loaded (mailparser and the body reader too), and warmed: one small message read through each stage, so that the
// first request's time is its own work, not the compiling of the code that reads it (a plain message's head took
// 7-15 ms on a new thread and under 2 ms after one reading). Then the first message the relay waits for before it
// times a request.
await Promise.all([loadMailparser(), loadBodyReader()]);
const sample = Buffer.from(
  'From: A <a@warm.example>\r\nTo: b@warm.example\r\nSubject: warm\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>Hi</p><blockquote>On Mon, A wrote:<br>x</blockquote>\r\n',
);
for (const stage of ['head', 'body', 'reply'] as const)
  await handle(
    stage === 'reply'
      ? { stage, text: 'Hi\n\n> x' }
      : { stage, raw: new Uint8Array(sample), recipients: ['b@warm.example'] },
  );
parentPort!.postMessage('ready');

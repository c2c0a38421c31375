import { type MimeNode, Splitter } from '@zone-eu/mailsplit';
import Encoding from 'encoding-japanese';
import iconv from 'iconv-lite';
import { isAscii, isUtf8 } from 'node:buffer';
import { finished } from 'node:stream/promises';
import { decodeFlowed } from './flowed-text.js';
import { htmlReplyText } from './html-text.js';

/**
 * The body of an email as text, read from its MIME structure (issue #38).
 *
 * mailparser's `simpleParser` gives one text and one HTML for the whole message, already decoded: it picks the
 * plain text of the whole message over its HTML (a `multipart/mixed` of the visitor's HTML and a mailing list's
 * plain footer read as the footer alone), decodes an HTML part without a MIME charset as UTF-8 before its
 * `<meta charset>` can be read, and joins `format=flowed` lines across quote depths. Here the MIME tree is split
 * by mailsplit (the splitter mailparser itself is built on) and each part read as its kind asks:
 *
 * - `multipart/alternative`: its plain-text version when that has text, else the first version that has any;
 * - any other `multipart/*` (`mixed`, `related`, …): the text of each part, in order, a blank line between;
 * - `text/plain`: decoded from its charset ({@link decodeCharset}: legacy charsets such as Shift_JIS,
 *   ISO-2022-JP, KOI8-R, GBK, windows-1252 included; a UTF-8 part labelled US-ASCII or Latin-1 read as UTF-8), then `format=flowed` undone quote depth by quote depth
 *   ({@link decodeFlowed});
 * - `text/html`: decoded from its MIME charset or, when the MIME header gives none, the charset its own `<meta>`
 *   declares (HTML's rule: in its first 1024 bytes), then turned into text without its marked-up quotes
 *   (`htmlReplyText`);
 * - attachments (`Content-Disposition: attachment`, any other type, forwarded `message/rfc822`): no text; the
 *   files among them (a part with a file name that is not the text itself, up to {@link maxMailFiles}) are kept
 *   as bytes by {@link mimeBody}, for the attachment pipeline to check.
 */

/** Most files kept from one email; the rest are counted, not kept. */
export const maxMailFiles = 10;

/** A file of an email: its name as the sender gave it, its declared type, and its bytes (transfer encoding undone). */
export interface MailFile {
  readonly name: string;
  readonly type: string;
  readonly bytes: Uint8Array;
}

/** Most MIME parts read in one message (mailsplit's own limit, named here): more is refused as too complex. */
export const maxMimeParts = 1000;

/** The message has more than {@link maxMimeParts} parts: refused, nothing of it is kept. */
export class MimeTooComplexError extends Error {
  override name = 'MimeTooComplexError';
  constructor() {
    super(`The message has more than ${maxMimeParts} MIME parts.`);
  }
}

/** A part of the message as read: its kind, and for a text part its bytes (transfer encoding undone). */
type Part =
  | { readonly kind: 'multipart'; readonly subtype: string; readonly children: Part[] }
  | { readonly kind: 'plain' | 'html'; readonly node: MimeNode; readonly chunks: Buffer[] }
  | { readonly kind: 'file'; readonly node: MimeNode; readonly chunks: Buffer[] }
  | { readonly kind: 'other' };

/**
 * The text of the email `raw` (see the module's comment). Rejects with {@link MimeTooComplexError} past
 * {@link maxMimeParts} parts, with mailsplit's error when it cannot split the message, and with
 * `HtmlTooDeepError` for HTML nested too deep. `htmlText` turns an HTML part into text: by default
 * `htmlReplyText` (marked-up quotes dropped); the original an inbox shows keeps them (`email-original-text.ts`).
 */
export async function mimeBodyText(raw: Buffer, htmlText: (html: string) => string = htmlReplyText): Promise<string> {
  return partText((await splitParts(raw, false)).root, htmlText);
}

/**
 * The text of the email `raw` (as {@link mimeBodyText}) and its files: at most {@link maxMailFiles}, in the order of
 * the message, with how many more there were (`dropped`). With `originalHtml`, also its whole text with HTML parts
 * turned into text by it (the original the inbox shows), from the same split of the message.
 */
export async function mimeBody(
  raw: Buffer,
  originalHtml?: (html: string) => string,
): Promise<{
  readonly text: string;
  readonly files: MailFile[];
  readonly dropped: number;
  readonly original?: string;
}> {
  const { root, files, dropped } = await splitParts(raw, true);
  return {
    text: partText(root, htmlReplyText),
    files: files.map((part) => ({
      name: String(part.node.filename || 'file'),
      type: part.node.contentType || 'application/octet-stream',
      bytes: Buffer.concat(part.chunks),
    })),
    dropped,
    ...(originalHtml ? { original: partText(root, originalHtml) } : {}),
  };
}

/** The message's tree of parts, its text parts' bytes decoded from their transfer encoding (and its files', with `files`). */
async function splitParts(
  raw: Buffer,
  withFiles: boolean,
): Promise<{ root: Part; files: Array<Extract<Part, { kind: 'file' }>>; dropped: number }> {
  const files: Array<Extract<Part, { kind: 'file' }>> = [];
  let dropped = 0;
  const splitter = new Splitter({ ignoreEmbedded: true, maxChildNodes: maxMimeParts });
  const parts = new Map<MimeNode, Part>();
  const decoding: Promise<void>[] = [];
  const decoders = new Map<MimeNode, NodeJS.WritableStream>();
  let root: Part | undefined;

  splitter.on('data', (chunk) => {
    if (chunk.type === 'node') {
      let part = partOf(chunk);
      if (part.kind === 'file') {
        if (!withFiles) part = { kind: 'other' };
        else if (files.length >= maxMailFiles) {
          dropped += 1;
          part = { kind: 'other' };
        } else files.push(part);
      }
      parts.set(chunk, part);
      const parent = chunk.parentNode === false ? undefined : parts.get(chunk.parentNode as MimeNode);
      if (parent?.kind === 'multipart') parent.children.push(part);
      else root ??= part;
      if (part.kind === 'plain' || part.kind === 'html' || part.kind === 'file') {
        const decoder = chunk.getDecoder();
        decoder.on('data', (bytes: Buffer) => part.chunks.push(bytes));
        decoding.push(new Promise((resolve, reject) => decoder.once('end', resolve).once('error', reject)));
        decoders.set(chunk, decoder);
      }
    } else if (chunk.type === 'body') decoders.get(chunk.node)?.write(chunk.value);
  });
  splitter.end(raw);
  try {
    await finished(splitter);
  } catch (error) {
    // mailsplit's EMAXLEN: past maxChildNodes (its header limit, 1 MiB, is past the message's own).
    if ((error as { code?: unknown }).code === 'EMAXLEN') throw new MimeTooComplexError();
    throw error;
  }
  for (const decoder of decoders.values()) decoder.end();
  await Promise.all(decoding);
  return { root: root ?? { kind: 'other' }, files, dropped };
}

function partOf(node: MimeNode): Part {
  const type = node.contentType || (node.root ? 'text/plain' : 'application/octet-stream');
  if (node.multipart) return { kind: 'multipart', subtype: node.multipart, children: [] };
  // A file: an attachment, or a named part that is not text (an image pasted in the message); never the root.
  const named = Boolean(node.filename) && !node.root;
  if (node.disposition === 'attachment' || (named && type !== 'text/plain' && type !== 'text/html'))
    return type === 'message/rfc822' ? { kind: 'other' } : { kind: 'file', node, chunks: [] };
  if (type === 'text/plain') return { kind: 'plain', node, chunks: [] };
  if (type === 'text/html') return { kind: 'html', node, chunks: [] };
  return { kind: 'other' };
}

function partText(part: Part, htmlText: (html: string) => string): string {
  switch (part.kind) {
    case 'plain': {
      const text = decodeCharset(Buffer.concat(part.chunks), part.node.charset || 'utf-8');
      return part.node.flowed ? decodeFlowed(text, part.node.delSp) : text;
    }
    case 'html': {
      const bytes = Buffer.concat(part.chunks);
      return htmlText(decodeCharset(bytes, part.node.charset || metaCharset(bytes) || 'utf-8'));
    }
    case 'multipart': {
      if (part.subtype === 'alternative') {
        const plain = part.children.find((child) => child.kind === 'plain');
        const plainText = plain === undefined ? '' : partText(plain, htmlText);
        if (plainText.trim() !== '') return plainText;
        for (const child of part.children) {
          const text = child === plain ? '' : partText(child, htmlText);
          if (text.trim() !== '') return text;
        }
        return '';
      }
      return part.children
        .map((child) => partText(child, htmlText))
        .filter((text) => text.trim() !== '')
        .join('\n\n');
    }
    case 'file':
    case 'other':
      return '';
  }
}

/** How far an HTML document's `<meta>` charset is looked for: HTML's prescan reads the first 1024 bytes. */
const metaPrescanBytes = 1024;

/**
 * The charset an HTML document declares in its `<meta charset="…">` or `<meta http-equiv="Content-Type"
 * content="text/html; charset=…">`, if any, within its first 1024 bytes. (Those bytes read as Latin-1 keep
 * their ASCII, which is all a declaration is written in, whatever the charset.) A declared UTF-16 is read as
 * UTF-8, as HTML's rule says: a document whose declaration could be read in ASCII is not UTF-16.
 */
export function metaCharset(html: Buffer): string | undefined {
  const head = html.subarray(0, metaPrescanBytes).toString('latin1');
  // Bounded by the prescan's 1024 bytes: `[^>]*` may run on from each `<meta` to the end, no further.
  for (const [tag] of head.matchAll(/<meta\b[^>]*/gi)) {
    const charset = /charset\s*=\s*["']?\s*([A-Za-z0-9_.:+-]{1,40})/i.exec(tag)?.[1];
    if (charset !== undefined) return /^utf-?16/i.test(charset) ? 'utf-8' : charset;
  }
  return undefined;
}

/** ISO-2022-JP (JIS), which iconv-lite does not read: encoding-japanese does (as in mailparser and libmime). */
const japanese = /^(?:iso-?2022-?jp|jis)$/i;

/**
 * The labels mail programs and mailing lists put on text they did not look at (issue #84): US-ASCII and Latin-1,
 * which the WHATWG Encoding standard reads as windows-1252, and windows-1252 itself.
 */
const looseLabels =
  /^(?:(?:us-?)?ascii|ansi_x3\.4-1968|iso[-_]?8859-1|iso_8859-1(?::1987)?|latin-?1|l1|cp819|ibm819|(?:windows|cp)-?1252)$/i;

/**
 * `bytes` as text in `charset`, as mailparser decodes a part: iconv-lite for every charset it knows (its aliases
 * included), encoding-japanese for ISO-2022-JP, and UTF-8 for a charset nobody knows. A part labelled US-ASCII,
 * ISO-8859-1 or windows-1252 is read as mail programs and browsers read it (issue #84): as UTF-8 when its bytes are
 * valid UTF-8 and not all ASCII (a mislabelled UTF-8 part: a text in windows-1252 is almost never valid UTF-8), else
 * as windows-1252 (the WHATWG Encoding standard's reading of those labels: "–" and "’" in a "us-ascii" part).
 */
export function decodeCharset(bytes: Buffer, charset: string): string {
  const name = charset.trim();
  if (japanese.test(name)) {
    const converted: unknown = Encoding.convert(bytes, { to: 'UNICODE', from: 'JIS', type: 'string' });
    if (typeof converted === 'string') return converted;
  }
  if (looseLabels.test(name)) {
    if (isAscii(bytes)) return bytes.toString('latin1');
    return isUtf8(bytes) ? bytes.toString('utf8') : iconv.decode(bytes, 'windows-1252');
  }
  return iconv.encodingExists(name) ? iconv.decode(bytes, name) : bytes.toString('utf8');
}

import { LIMITS } from '@parley/protocol';
import { createHash } from 'node:crypto';
import type { AddressObject, simpleParser as SimpleParser } from 'mailparser';
import type { InboundEmailJson } from '@parley/protocol/admin';
import { HtmlTooDeepError } from './html-text.js';
import { EMAIL_REPLY_ID_PREFIX } from '../store/message-row.js';
import { stripQuoted } from './strip-quoted.js';

/**
 * What an email reply says about itself in its headers, before anything about it is believed: who says they sent
 * it, the addresses it was for and its `Message-ID`. Enough to decide whether its body is worth reading.
 */
export interface InboundHead {
  /** The `From` header's address, as written (compared case-insensitively); `undefined` when there is none. */
  readonly from: string | undefined;
  /** The addresses it was delivered to: the SMTP envelope's recipients, or the headers' when there is no envelope. */
  readonly recipients: readonly string[];
  /** Without its angle brackets; `undefined` when the email has none. */
  readonly messageId: string | undefined;
}

/** An email reply with its body as text (the webhook's JSON shape gives all of it at once). */
export interface InboundEmail extends InboundHead {
  /** The plain-text body, or the HTML body turned into text when the email has only HTML. */
  readonly text: string;
  /** The fields the webhook's JSON gave, written as a header block (for the original the inbox shows). */
  readonly headers?: string;
}

/** The email could not be read: the message says why (it never holds the email's content). */
export class MalformedEmailError extends Error {
  override name = 'MalformedEmailError';
}

/**
 * mailparser's options for untrusted mail: its HTML-to-text conversion (quadratic in the nesting depth) and its
 * text-to-HTML and link finding (unused here) are skipped; attachments are not kept, nor are image links made.
 */
let loadedParser: typeof SimpleParser | undefined;

/**
 * Loads mailparser (once): the parser thread does as it starts, so that its first message is read at once; the
 * relay's own thread never loads it.
 */
export async function loadMailparser(): Promise<typeof SimpleParser> {
  loadedParser ??= (await import('mailparser')).simpleParser;
  return loadedParser;
}

let loadedBodyReader: Promise<typeof import('./mime-body.js')> | undefined;

/**
 * Loads the body reader (mailsplit and the charset tables, once): as mailparser, in the parser thread only, which
 * loads it as it starts.
 */
export function loadBodyReader(): Promise<typeof import('./mime-body.js')> {
  loadedBodyReader ??= import('./mime-body.js');
  return loadedBodyReader;
}

const parserOptions = { skipHtmlToText: true, skipTextToHtml: true, skipTextLinks: true, skipImageLinks: true };

/** The largest header block read, in bytes: 100 KiB, as Postfix's `header_size_limit`. */
export const maxHeaderBytes = 100 * 1024;

/** A header block over {@link maxHeaderBytes}: refused unread, as too complex. */
export class HeaderTooLargeError extends Error {
  override name = 'HeaderTooLargeError';

  constructor() {
    super(`The header block is larger than ${maxHeaderBytes / 1024} KiB.`);
  }
}

/** Recipients read from the headers, at most: a reply names one reply address, a crafted header 100,000. */
const maxRecipients = 100;

/**
 * Reads only the header block of a raw RFC 822 message (the body is not looked at): see {@link InboundHead}.
 * `envelopeRecipients` (the SMTP `RCPT TO`s) are where it was delivered; without them (a provider's webhook), the
 * recipients are read from `Delivered-To`, `X-Original-To`, `To` and `Cc` (the first 100). Rejects with
 * {@link MalformedEmailError} when the bytes are not an email, and when it has more than one `From` header or
 * address: DMARC checks the first `From`, mailparser would read the last, so such a message could pass for someone
 * it is not from.
 */
export async function parseHead(raw: Buffer, envelopeRecipients?: readonly string[]): Promise<InboundHead> {
  const end = headerEnd(raw);
  // Postfix's own limit (header_size_limit): no mail client writes more, and mailparser's work and memory on a
  // crafted header block grow far faster than its size (a To of 1 MiB of groups filled its 128 MB for 2 s).
  if (end > maxHeaderBytes) throw new HeaderTooLargeError();
  const simpleParser = await loadMailparser();
  let mail;
  try {
    mail = await simpleParser(Buffer.concat([raw.subarray(0, end), Buffer.from('\r\n\r\n')]), parserOptions);
  } catch {
    throw new MalformedEmailError('The message could not be parsed as an email.');
  }
  if (mail.headers.size === 0) throw new MalformedEmailError('The message has no headers.');
  const fromHeaders = mail.headerLines.filter((line) => line.key === 'from').length;
  const fromAddresses = mail.from === undefined ? 0 : flatten(mail.from.value).length;
  if (fromHeaders > 1 || fromAddresses > 1)
    throw new MalformedEmailError('The email has more than one From address: send it from one.');
  const recipients =
    envelopeRecipients ??
    [
      ...new Set([
        ...headerAddresses(mail.headers.get('delivered-to')),
        ...headerAddresses(mail.headers.get('x-original-to')),
        ...addressesOf(mail.to),
        ...addressesOf(mail.cc),
      ]),
    ].slice(0, maxRecipients);
  return {
    from: mail.from?.value.find((entry) => entry.address)?.address,
    recipients,
    messageId: bareMessageId(mail.messageId),
  };
}

/**
 * The body of a raw RFC 822 message as text, read part by part from its MIME structure by `mimeBodyText`: the
 * plain text of each alternative, or its HTML (charset from `<meta>` when the MIME header names none, marked-up
 * quotes dropped) turned into text when it has only HTML; `format=flowed` undone per quote depth. Throws
 * `HtmlTooDeepError` past `maxHtmlDepth` and `MimeTooComplexError` past `maxMimeParts`; rejects with
 * {@link MalformedEmailError} when the bytes are not an email.
 */
export async function parseBody(raw: Buffer): Promise<string> {
  const { mimeBodyText, MimeTooComplexError } = await loadBodyReader();
  try {
    return await mimeBodyText(raw);
  } catch (error) {
    if (error instanceof HtmlTooDeepError || error instanceof MimeTooComplexError) throw error;
    throw new MalformedEmailError('The message could not be parsed as an email.');
  }
}

/**
 * The whole way from a raw RFC 822 message to the reply stored from it: {@link replyText} of {@link parseBody}
 * (the parser thread runs this for the SMTP listener and raw webhooks). Same errors as {@link parseBody}.
 *
 * @example
 * const raw = 'From: jane@example.com\r\n\r\nYes, thanks\r\n\r\nOn Mon, 1 Jan 2024, Acme <a@b.example> wrote:\r\n> Hi';
 * await rawReplyText(Buffer.from(raw)); // 'Yes, thanks'
 */
export async function rawReplyText(raw: Buffer): Promise<string> {
  return replyText(await parseBody(raw));
}

/** Where the header block ends: at the first empty line (the whole message when there is none). */
function headerEnd(raw: Buffer): number {
  const crlf = raw.indexOf('\r\n\r\n');
  const lf = raw.indexOf('\n\n');
  const ends = [crlf, lf].filter((at) => at >= 0);
  return ends.length > 0 ? Math.min(...ends) : raw.length;
}

/** An email from the webhook's JSON shape (already checked against the contract's `InboundEmailJson`). */
export function emailFromJson(body: InboundEmailJson): InboundEmail {
  const to = typeof body.to === 'string' ? [body.to] : body.to;
  // An address is whatever holds an `@` between separators: display names ("Doe, Jane") never split one.
  const recipients = to.flatMap(addressesIn);
  const bracketed = /<([^<>\s]+@[^<>\s]+)>\s*$/.exec(body.from.trim());
  const from = bracketed?.[1] ?? body.from.trim();
  // Two senders in one `from` ("Jane <j@x>, Bob <b@y>") are no sender: as with two `From` headers, refused.
  const senders = new Set(addressesIn(body.from).map((address) => address.toLowerCase()));
  return {
    from: senders.size <= 1 && /^[^\s<>@]+@[^\s<>@]+$/.test(from) ? from : undefined,
    recipients: recipients.map((address) => address.toLowerCase()),
    messageId: bareMessageId(body.messageId),
    text: body.text,
    headers: [
      ['From', body.from],
      ['To', typeof body.to === 'string' ? body.to : body.to.join(', ')],
      ['Subject', body.subject],
      ['Message-ID', body.messageId],
    ]
      .filter(([, value]) => value !== undefined)
      .map(([name, value]) => `${name}: ${value!.replace(/[\r\n]+/g, ' ').trim()}`)
      .join('\n'),
  };
}

/** The visitor's reply, ready to store: quoted history stripped, cleaned to the protocol's text rule, trimmed. */
export function replyText(body: string): string {
  const stripped = stripQuoted(cleanText(body), LIMITS.maxTextLength);
  return trimToLimit(stripped.trim(), LIMITS.maxTextLength);
}

/**
 * The client id a reply is stored under: `em_` ({@link EMAIL_REPLY_ID_PREFIX}, which marks it `via: 'email'`) and the SHA-256 of its `Message-ID`, so an email delivered twice
 * (an MTA retrying after a lost answer, a provider's webhook retried) is stored once. An email without a
 * `Message-ID` (rare: RFC 5322 asks for one, and MTAs add it) is known by its sender and text instead.
 */
export function replyClientId(email: InboundHead, text: string): string {
  const identity = email.messageId ?? `no-message-id\0${email.from ?? ''}\0${text}`;
  return `${EMAIL_REPLY_ID_PREFIX}${createHash('sha256').update(identity).digest('base64url')}`;
}

/**
 * Text from outside made storable (see the protocol's `verbatim.ts`): control characters but tab and newline are
 * removed (U+0000 among them), and an unpaired surrogate becomes U+FFFD. (With the `u` flag, a surrogate that is
 * half of a pair is part of its code point, so `\p{Cs}` finds only the unpaired ones.)
 */
export function cleanText(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/(?![\t\n])\p{Cc}/gu, '')
    .replace(/\p{Cs}/gu, '\uFFFD');
}

/** At most `max` UTF-16 code units, ending with `…` when cut; never half of a surrogate pair. */
export function trimToLimit(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max - 1;
  if (/[\uD800-\uDBFF]/.test(text[end - 1] ?? '')) end -= 1;
  return `${text.slice(0, end).trimEnd()}…`;
}

/**
 * The addresses in a header value: each run between separators (white space, `<>",;:()`) with an `@` that has
 * something on both sides. Split first, then tested: a pattern searched over the value would try every start of a
 * long run again (quadratic: 8,000 letters took 31 ms).
 */
function addressesIn(value: string): string[] {
  return value.split(/[\s<>",;:()]+/).filter((run) => {
    const at = run.indexOf('@', 1);
    return at !== -1 && at < run.length - 1;
  });
}

function bareMessageId(value: string | undefined): string | undefined {
  const id = value?.trim().replace(/^<|>$/g, '').trim();
  return id ? id.slice(0, 998) : undefined;
}

function addressesOf(field: AddressObject | AddressObject[] | undefined): string[] {
  const objects = field === undefined ? [] : Array.isArray(field) ? field : [field];
  return objects.flatMap((object) => flatten(object.value)).map((address) => address.toLowerCase());
}

/** Group members (`undisclosed: a@b, c@d;`) flattened with the rest. */
function flatten(entries: AddressObject['value']): string[] {
  return entries.flatMap((entry) => [...(entry.address ? [entry.address] : []), ...flatten(entry.group ?? [])]);
}

/** `Delivered-To` (an address object to mailparser) and `X-Original-To` (a plain string), one or several. */
function headerAddresses(value: unknown): string[] {
  const values = Array.isArray(value) ? (value as unknown[]) : [value];
  return values.flatMap((item) => {
    if (typeof item === 'string') return addressesIn(item).map((address) => address.toLowerCase());
    if (typeof item === 'object' && item !== null && 'value' in item) return addressesOf(item as AddressObject);
    return [];
  });
}

import { LIMITS } from '@parley/protocol';
import { createHash } from 'node:crypto';
import type { AddressObject, simpleParser as SimpleParser } from 'mailparser';
import type { InboundEmailJson } from '@parley/protocol/admin';
import { HtmlTooDeepError } from './html-text.js';
import { EMAIL_REPLY_ID_PREFIX } from '../store/message-row.js';
import { stripQuoted } from './strip-quoted.js';
import type { MailFile } from './mime-body.js';
import {
  AUTOMATION_HEADERS,
  deliveryStatusOf,
  type AutomationHeader,
  type MailAutomationHead,
} from '../email/public.js';

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
  /** The `Subject`, decoded, one line, at most 300 characters (cut with `…`): a new conversation's. */
  readonly subject: string | undefined;
  /**
   * What tells a person's email from a machine's (`classifyMail` of `automated-mail.ts`): the few headers that say
   * so, and a delivery report's status part. Empty headers for the webhook's JSON shape, which carries none.
   */
  readonly automation: MailAutomationHead;
  /** The `From` header's display name, when it has one (a new conversation's contact is named by it). */
  readonly fromName?: string | undefined;
  /**
   * The `Message-ID`s it answers, without angle brackets: `In-Reply-To`'s, then `References`' newest first (at most
   * {@link maxThreadIds}). An email to a support address that answers one of the relay's continues its conversation.
   */
  readonly replyTo?: readonly string[] | undefined;
}

/** `Message-ID`s of `In-Reply-To` and `References` kept, at most: a long thread's newest ones are what matters. */
export const maxThreadIds = 20;

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
  const sender = mail.from?.value.find((entry) => entry.address);
  const headers = automationHeaders(mail.headerLines);
  const deliveryStatus = deliveryStatusOf(raw, bodyStart(raw, end), headers['content-type']);
  return {
    from: sender?.address,
    recipients,
    messageId: bareMessageId(mail.messageId),
    fromName: sender?.name ? headerText(sender.name, 200) : undefined,
    subject: mail.subject === undefined ? undefined : headerText(mail.subject, maxSubjectLength),
    replyTo: threadIds(mail.inReplyTo, mail.references),
    automation: deliveryStatus === undefined ? { headers } : { headers, deliveryStatus },
  };
}

/** The longest subject kept (longer ones are cut with `…`). */
export const maxSubjectLength = 300;

/** A header's decoded text made storable: control characters out, runs of white space one space, at most `max`. */
function headerText(value: string, max: number): string | undefined {
  const text = trimToLimit(cleanText(value).replace(/\s+/g, ' ').trim(), max);
  return text === '' ? undefined : text;
}

/**
 * The `Message-ID`s an email answers: `In-Reply-To`'s, then `References`' from the newest, each once, at most
 * {@link maxThreadIds}. Read by splitting at `<` (linear in the header's length, which is bounded anyway).
 */
export function threadIds(inReplyTo: string | undefined, references: string | readonly string[] | undefined): string[] {
  const refs = references === undefined ? [] : typeof references === 'string' ? [references] : [...references];
  // mailparser gives `References` as a list of bracketed ids; a webhook, as the header's text.
  const ordered = [...bracketedIds(inReplyTo ?? ''), ...bracketedIds(refs.join(' ')).reverse()];
  return [...new Set(ordered)].slice(0, maxThreadIds);
}

/** The `<…>` ids of a header value, in order: no white space inside, at most 998 characters each. */
function bracketedIds(value: string): string[] {
  const ids: string[] = [];
  for (const part of value.slice(0, 20_000).split('<').slice(1)) {
    const end = part.indexOf('>');
    const id = end > 0 ? part.slice(0, end) : '';
    if (id !== '' && id.length <= 998 && !/\s/.test(id)) ids.push(id);
  }
  return ids;
}

/** The first value of each header `classifyMail` reads, unfolded, from the raw header lines. */
function automationHeaders(
  lines: ReadonlyArray<{ readonly key: string; readonly line: string }>,
): Partial<Record<AutomationHeader, string>> {
  const wanted = new Set<string>(AUTOMATION_HEADERS);
  const headers: Partial<Record<AutomationHeader, string>> = {};
  for (const { key, line } of lines) {
    if (!wanted.has(key) || headers[key as AutomationHeader] !== undefined) continue;
    const colon = line.indexOf(':');
    headers[key as AutomationHeader] = line
      .slice(colon + 1)
      .replace(/\r?\n[ \t]+/g, ' ')
      .trim();
  }
  return headers;
}

/** Where the body begins: after the blank line that ends the header block at `end`. */
function bodyStart(raw: Buffer, end: number): number {
  if (end >= raw.length) return raw.length;
  return raw[end] === 0x0d ? end + 4 : end + 2;
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

/**
 * {@link rawReplyText}, with the email's files (see `mimeBody`: at most 10, and how many more there were) and, with
 * `originalHtml`, its whole text for the inbox's original, from one reading of the message. Same errors as
 * {@link parseBody}.
 */
export async function rawReply(
  raw: Buffer,
  originalHtml?: (html: string) => string,
): Promise<{
  readonly text: string;
  readonly files: MailFile[];
  readonly dropped: number;
  readonly original?: string;
}> {
  const { mimeBody, MimeTooComplexError } = await loadBodyReader();
  let body;
  try {
    body = await mimeBody(raw, originalHtml);
  } catch (error) {
    if (error instanceof HtmlTooDeepError || error instanceof MimeTooComplexError) throw error;
    throw new MalformedEmailError('The message could not be parsed as an email.');
  }
  return { ...body, text: replyText(body.text) };
}

/** Where the header block ends: at the first empty line (the whole message when there is none). */
export function headerEnd(raw: Buffer): number {
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
    fromName: bracketed
      ? headerText(
          body.from
            .trim()
            .slice(0, bracketed.index)
            .replace(/^"|"\s*$/g, ''),
          200,
        )
      : undefined,
    subject: body.subject === undefined ? undefined : headerText(body.subject, maxSubjectLength),
    replyTo: threadIds(body.inReplyTo, body.references),
    automation: { headers: { from: body.from, ...jsonAutomationHeaders(body.headers) } },
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

/** The headers `classifyMail` reads, from the webhook's `headers` (names in any case; the first of each). */
function jsonAutomationHeaders(
  given: Readonly<Record<string, string>> | undefined,
): Partial<Record<AutomationHeader, string>> {
  const wanted = new Set<string>(AUTOMATION_HEADERS);
  const headers: Partial<Record<AutomationHeader, string>> = {};
  for (const [name, value] of Object.entries(given ?? {})) {
    const key = name.trim().toLowerCase();
    if (wanted.has(key) && headers[key as AutomationHeader] === undefined)
      headers[key as AutomationHeader] = value.replace(/[\r\n]+/g, ' ').trim();
  }
  return headers;
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

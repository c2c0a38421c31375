import { writeFile } from 'node:fs/promises';
import type { AttachmentRef } from '@parley/protocol';
import { LIMITS } from '@parley/protocol';
import type { AttachmentsFeature } from '../attachments/public.js';
import { RefusedFile } from '../attachments/public.js';
import type { MailFile } from './mime-body.js';

/** Where an email's files go: the message they arrive with. */
export interface MailFilesTarget {
  readonly siteId: string;
  readonly conversationId: string;
  /** The message's client id: the files are stored under it, once, however often the email is delivered. */
  readonly clientId: string;
  /** The visitor who sent them. */
  readonly visitorId: string;
}

/** What became of an email's files: the references to store with the message, and the names of those refused. */
export interface MailFilesOutcome {
  readonly refs: AttachmentRef[];
  readonly refused: string[];
}

/**
 * Puts an email's files through the attachment pipeline (docs/attachments.md), as a visitor's uploads: each is
 * checked by its bytes against the site's types and size, re-encoded when it is an image, scanned, and stored
 * under the message's client id (so a retried delivery stores none twice), then claimed for the message. A file
 * the pipeline refuses is left out and named in `refused`; so is every file past a message's limit, or all of them
 * when the relay keeps no files. Other failures (storage, scanner down) reject: the email is then not stored, and
 * its sender tries again.
 */
export async function storeMailFiles(
  feature: AttachmentsFeature | undefined,
  target: MailFilesTarget,
  files: readonly MailFile[],
): Promise<MailFilesOutcome> {
  if (files.length === 0) return { refs: [], refused: [] };
  if (!feature) return { refs: [], refused: files.map((file) => file.name) };
  const { attachments } = feature;
  const limits = await attachments.limits(target.siteId);
  const ids: string[] = [];
  const refused: string[] = [];
  for (const [index, file] of files.entries()) {
    if (ids.length >= LIMITS.maxAttachments || file.bytes.byteLength > limits.maxBytes) {
      refused.push(file.name);
      continue;
    }
    const staged = attachments.stagingPath();
    await writeFile(staged, file.bytes);
    try {
      const { record } = await attachments.store({
        siteId: target.siteId,
        conversationId: target.conversationId,
        clientId: target.clientId,
        index,
        uploader: { role: 'visitor', id: target.visitorId },
        name: file.name,
        staged,
        limits,
      });
      ids.push(record.id);
    } catch (error) {
      if (!(error instanceof RefusedFile) || error.code === 'scan_failed') throw error;
      refused.push(file.name);
    }
  }
  if (ids.length === 0) return { refs: [], refused };
  const claim = await feature.files.claim(
    target.siteId,
    target.conversationId,
    target.clientId,
    ids.map((id) => ({ id })),
  );
  if (!claim.ok) throw new Error(`email files: ${claim.message}`);
  return { refs: claim.refs, refused };
}

/** The stored text: what the email says, and a line naming the files that were not kept, if any. */
export function messageText(text: string, refused: readonly string[], dropped: number): string {
  const kept = keptText(text);
  const line = refusedLine(refused, dropped);
  return line === '' ? kept : kept === '' ? line : `${kept}\n\n${line}`;
}

/**
 * The longest text kept of an email (in UTF-16 code units): a person's reply is far shorter. It bounds the work of
 * everything that reads a stored message after it, from message safety's screening on the event loop (a few
 * milliseconds at this length, where a whole 1 MiB email could take tens) to the inbox.
 */
export const maxEmailTextLength = 65_536;

/** `text`, cut at {@link maxEmailTextLength} (never inside a surrogate pair) with a line saying how much was not kept. */
export function keptText(text: string): string {
  if (text.length <= maxEmailTextLength) return text;
  let end = maxEmailTextLength;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return `${text.slice(0, end)}\n\n[The rest of this email was not kept: ${(text.length - end).toLocaleString('en-US')} more characters]`;
}

/** The line a message gets for the files that were not kept, so that staff know the email had them. */
export function refusedLine(refused: readonly string[], dropped: number): string {
  const names = refused.map((name) => name.slice(0, 100));
  const more = dropped > 0 ? [`${dropped} more`] : [];
  const all = [...names, ...more];
  return all.length === 0 ? '' : `[Files not kept: ${all.join(', ')}]`;
}

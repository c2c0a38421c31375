import type { AttachmentsFeature, VisitorFilesOutcome, VisitorFilesTarget } from '../attachments/public.js';
import { storeVisitorFiles } from '../attachments/public.js';
import type { MailFile } from './mime-body.js';

/** Where an email's files go: the message they arrive with. */
export type MailFilesTarget = VisitorFilesTarget;

/** What became of an email's files: the references to store with the message, and the names of those refused. */
export type MailFilesOutcome = VisitorFilesOutcome;

/** Puts an email's files through the attachment pipeline, as a visitor's uploads ({@link storeVisitorFiles}). */
export const storeMailFiles: (
  feature: AttachmentsFeature | undefined,
  target: MailFilesTarget,
  files: readonly MailFile[],
) => Promise<MailFilesOutcome> = storeVisitorFiles;

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

import { rm, stat, writeFile } from 'node:fs/promises';
import type { AttachmentRef } from '@parley/protocol';
import { LIMITS } from '@parley/protocol';
import type { AttachmentsFeature } from './feature.js';
import { RefusedFile } from './inspect-file.js';

/**
 * A file a visitor sent from elsewhere (an email's part, a Telegram photo): its name, and its bytes or the staging
 * file (`attachments.stagingPath()`) they were streamed into (a provider's download), which is then this
 * function's to remove.
 */
export type VisitorFile =
  { readonly name: string; readonly bytes: Uint8Array } | { readonly name: string; readonly staged: string };

/** Where a visitor's files go: the message they arrive with. */
export interface VisitorFilesTarget {
  readonly siteId: string;
  readonly conversationId: string;
  /** The message's client id: the files are stored under it, once, however often the email is delivered. */
  readonly clientId: string;
  /** The visitor who sent them. */
  readonly visitorId: string;
}

/** What became of a visitor's files: the references to store with the message, and the names of those refused. */
export interface VisitorFilesOutcome {
  readonly refs: AttachmentRef[];
  readonly refused: string[];
}

/**
 * Puts a visitor's files from another channel (an email, a messaging app) through the attachment pipeline (docs/attachments.md), as a visitor's uploads: each is
 * checked by its bytes against the site's types and size, re-encoded when it is an image, scanned, and stored
 * under the message's client id (so a retried delivery stores none twice), then claimed for the message. A file
 * the pipeline refuses is left out and named in `refused`; so is every file past a message's limit, or all of them
 * when the relay keeps no files. Other failures (storage, scanner down) reject: the message is then not stored, and
 * its sender tries again.
 */
export async function storeVisitorFiles(
  feature: AttachmentsFeature | undefined,
  target: VisitorFilesTarget,
  files: readonly VisitorFile[],
): Promise<VisitorFilesOutcome> {
  try {
    return await storeFiles(feature, target, files);
  } finally {
    // Staged files the pipeline did not take (past a limit, or a failure before it): the pipeline removes its own.
    const staged = files.flatMap((file) => ('staged' in file ? [file.staged] : []));
    await Promise.all(staged.map((path) => rm(path, { force: true })));
  }
}

async function storeFiles(
  feature: AttachmentsFeature | undefined,
  target: VisitorFilesTarget,
  files: readonly VisitorFile[],
): Promise<VisitorFilesOutcome> {
  if (files.length === 0) return { refs: [], refused: [] };
  if (!feature) return { refs: [], refused: files.map((file) => file.name) };
  const { attachments } = feature;
  const limits = await attachments.limits(target.siteId);
  const ids: string[] = [];
  const refused: string[] = [];
  for (const [index, file] of files.entries()) {
    const size = 'bytes' in file ? file.bytes.byteLength : (await stat(file.staged)).size;
    if (ids.length >= LIMITS.maxAttachments || size > limits.maxBytes) {
      refused.push(file.name);
      continue;
    }
    let staged: string;
    if ('staged' in file) staged = file.staged;
    else {
      staged = attachments.stagingPath();
      await writeFile(staged, file.bytes);
    }
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
  if (!claim.ok) throw new Error(`visitor files: ${claim.message}`);
  return { refs: claim.refs, refused };
}

import type { Message } from '@parley/protocol';
import { messageVia } from './message-row.js';
import type { AppendInput, AppendResult, CommittedListener, CommittedMessage } from './store.js';

const ROLES = new Set(['visitor', 'staff', 'system', 'bot']);
const KINDS = new Set(['text', 'note', 'broadcast']);

/**
 * Why `input` cannot be stored, or `undefined`. Every store checks before queueing, so one bad input never
 * reaches (and fails) a group commit. NUL is refused everywhere: PostgreSQL text cannot hold it, and the same
 * input must behave the same on every store.
 */
export function checkAppendInput(input: AppendInput): string | undefined {
  // Member by member rather than in a loop over their names: `input[key]` is a megamorphic load, on every append.
  const problem =
    stringProblem('siteId', input.siteId, false) ??
    stringProblem('conversationId', input.conversationId, false) ??
    stringProblem('visitorId', input.visitorId, false) ??
    stringProblem('clientId', input.clientId, false) ??
    // A message with files may have no text (protocol 3).
    stringProblem('text', input.text, Boolean(input.extra?.attachments?.length));
  if (problem !== undefined) return problem;
  const { author, profile } = input;
  if (typeof author !== 'object' || author === null) return 'author is required';
  if (!ROLES.has(author.role)) return `unknown author role ${String(author.role)}`;
  if (typeof author.id !== 'string' || author.id.includes('\u0000')) return 'author.id must be a string without NUL';
  if (author.name !== undefined && (typeof author.name !== 'string' || author.name.includes('\u0000'))) {
    return 'author.name must be a string without NUL';
  }
  if (!KINDS.has(input.kind)) return `unknown kind ${String(input.kind)}`;
  if (profile !== undefined) {
    if (typeof profile !== 'object' || profile === null) return 'profile must be an object';
    for (const key of ['name', 'email'] as const) {
      const value = profile[key];
      if (value !== undefined && (typeof value !== 'string' || value.includes('\u0000'))) {
        return `profile.${key} must be a string without NUL`;
      }
    }
  }
  return undefined;
}

/** Why a required string member is not storable, or `undefined`. */
function stringProblem(key: string, value: unknown, mayBeEmpty: boolean): string | undefined {
  if (typeof value !== 'string') return `${key} must be a string`;
  if (value === '' && !mayBeEmpty) return `${key} must be a non-empty string`;
  if (value.includes('\u0000')) return `${key} must not contain NUL`;
  return undefined;
}

/** A finite integer for SQL: NaN reads as 0, and `Infinity` as "everything" (clamped to `last_seq`). */
export function readMark(seq: number): number {
  if (Number.isNaN(seq)) return 0;
  return Math.floor(Math.min(Math.max(seq, 0), Number.MAX_SAFE_INTEGER));
}

/** A page size for SQL: whole, not negative; anything not finite reads as 0. */
export function pageSize(limit: number): number {
  return Number.isFinite(limit) ? Math.max(0, Math.floor(limit)) : 0;
}

/**
 * The message an append stores, as every store answers it: the author copied (a name only when given), `id` and
 * `seq` as the store assigned them (a batch may set `id` once its insert has run).
 */
export function appendedMessage(input: AppendInput, id: string, seq: number, ts: number): Message {
  const { author, extra } = input;
  const message: Message = {
    id,
    clientId: input.clientId,
    conversationId: input.conversationId,
    seq,
    ts,
    author: author.name === undefined ? { role: author.role, id: author.id } : { ...author },
    text: input.text,
    kind: input.kind,
    ...messageVia(input.clientId, author.role),
  };
  if (extra) {
    // As a read of the stored row gives it back: only the members given.
    if (extra.buttons !== undefined) message.buttons = extra.buttons;
    if (extra.automation !== undefined) message.automation = extra.automation;
    if (extra.rating !== undefined) message.rating = extra.rating;
    if (extra.reply !== undefined) message.reply = extra.reply;
    if (extra.attachments !== undefined) message.attachments = extra.attachments;
    if (extra.redacted !== undefined) message.redacted = extra.redacted;
    if (extra.hidden !== undefined) message.hidden = extra.hidden;
    if (extra.sources !== undefined) message.sources = extra.sources;
  }
  return message;
}

/**
 * Tells `listener` of a commit's new messages (not resends), in the batch's order, if there are any: both stores
 * call it once a batch has committed and before its appends resolve.
 */
export function tellCommitted(
  listener: CommittedListener,
  batch: ReadonlyArray<{ readonly input: AppendInput }>,
  outcomes: ReadonlyArray<{ readonly ok: true; readonly result: AppendResult } | { readonly ok: false }>,
): void {
  const committed: CommittedMessage[] = [];
  outcomes.forEach((outcome, i) => {
    if (outcome.ok && !outcome.result.duplicate)
      committed.push({ siteId: batch[i]!.input.siteId, message: outcome.result.message });
  });
  if (committed.length > 0) listener.committed(committed);
}

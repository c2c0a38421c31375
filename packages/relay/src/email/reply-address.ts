import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Per-conversation reply addresses (issue #16): `reply+<conversation id, hex>-<signature>@<inbound domain>`.
 *
 * The conversation id is written in lowercase hex so that a mail server that folds the local part's case (RFC 5321
 * lets it, and some do) still delivers a usable address; the signature is the first 16 hex digits (64 bits) of
 * HMAC-SHA256 over the conversation id, keyed from the relay secret, so an address cannot be made up for another
 * conversation. The signature proves only which conversation the mail is for: whether its sender may write there
 * (the conversation's visitor email) is checked where the mail arrives.
 */

/** Longest local part RFC 5321 allows. */
const maxLocalPart = 64;
const prefix = 'reply+';
const signatureHexDigits = 16;

function signature(secret: string, conversationId: string): string {
  return createHmac('sha256', `parley-reply-address:${secret}`)
    .update(conversationId)
    .digest('hex')
    .slice(0, signatureHexDigits);
}

/**
 * The address replies to an email about `conversationId` go to, or `undefined` when the id is too long to fit a
 * local part (then the email carries no per-conversation `Reply-To`).
 */
export function replyAddress(secret: string, conversationId: string, domain: string): string | undefined {
  const local = `${prefix}${Buffer.from(conversationId, 'utf8').toString('hex')}-${signature(secret, conversationId)}`;
  if (local.length > maxLocalPart) return undefined;
  return `${local}@${domain.toLowerCase()}`;
}

/**
 * The conversation a recipient address stands for, when it is one of ours (the inbound domain, case-insensitive)
 * with a valid signature; `undefined` for anything else.
 */
export function conversationOfReplyAddress(secret: string, address: string, domain: string): string | undefined {
  const at = address.lastIndexOf('@');
  if (at < 0 || address.slice(at + 1).toLowerCase() !== domain.toLowerCase()) return undefined;
  const match = /^reply\+([0-9a-f]+)-([0-9a-f]{16})$/.exec(address.slice(0, at).toLowerCase());
  if (!match || match[1]!.length % 2 !== 0) return undefined;
  const conversationId = Buffer.from(match[1]!, 'hex').toString('utf8');
  const expected = Buffer.from(signature(secret, conversationId), 'utf8');
  const given = Buffer.from(match[2]!, 'utf8');
  return timingSafeEqual(expected, given) ? conversationId : undefined;
}

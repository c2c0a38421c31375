import type { AdminFor } from '../admin/public.js';
import { maxBounceRecipients } from './automated-mail.js';

/** Most conversations of one contact whose inbox view is refreshed when their address starts bouncing. */
const maxRefreshed = 20;

/**
 * Marks the addresses a permanent bounce names as bouncing on the site's contacts that have them (issue #38), and
 * tells the site's staff (a `conversation` frame for each of the contacts' latest conversations: the inbox's
 * visitor panel shows the mark). The email handlers then skip those addresses until the contact's email changes.
 * Answers the ids of the contacts marked. Call it for `classifyMail`'s `{ kind: 'bounce', permanent: true }` only:
 * a delay or a temporary failure says nothing of the address.
 *
 * @example
 * const kind = classifyMail(head.automation);
 * if (kind.kind === 'bounce' && kind.permanent) await markBouncing(admin, siteId, kind.recipients, Date.now());
 */
export async function markBouncing(
  admin: Pick<AdminFor<'contacts'>, 'repos' | 'cipher' | 'publishConversation'>,
  siteId: string,
  recipients: readonly string[],
  at: number,
): Promise<string[]> {
  const marked = new Set<string>();
  for (const address of new Set(recipients.slice(0, maxBounceRecipients).map((r) => r.trim().toLowerCase()))) {
    if (address === '') continue;
    for (const id of await admin.repos.contacts.markEmailBouncing(
      siteId,
      { emailHash: admin.cipher.hash(address) },
      at,
    ))
      marked.add(id);
  }
  for (const contactId of marked) {
    const contact = await admin.repos.contacts.getContact(siteId, contactId);
    for (const conversationId of contact?.conversationIds.slice(-maxRefreshed) ?? [])
      await admin.publishConversation(siteId, conversationId);
  }
  return [...marked];
}

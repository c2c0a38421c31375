import type { AdminAnswer } from './http.js';
import type { Desk } from './desk.js';

/**
 * Sets a site's support addresses through the admin API (`as`: another token than the owner's) and confirms those
 * waiting, as the relay's operator may (`SupportAddresses.vouch`): for the tests of what a confirmed address does.
 * The confirmation by the code mailed to it has its own suite (`support-verification-suite.ts`).
 */
export async function setSupportAddresses(
  relay: Desk,
  items: ReadonlyArray<{ readonly address: string; readonly name?: string }>,
  as?: string,
): Promise<AdminAnswer> {
  const answer = await relay.call('PUT', '/v1/admin/support-addresses', { items }, as);
  if (answer.status !== 200) return answer;
  const addresses = relay.use('support')!.addresses;
  for (const item of answer.body.items as Array<{ address: string; verifiedAt: number | null }>) {
    const waiting = item.verifiedAt === null ? await addresses.lookup(item.address) : undefined;
    if (waiting) await addresses.vouch(waiting.siteId, item.address);
  }
  return relay.call('GET', '/v1/admin/support-addresses', undefined, as);
}

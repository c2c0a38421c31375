import { AdminApiError } from '../../src/chat-admin/chat-admin.js';
import type { FakeBase, FakeRoutes } from './fake-requests.js';

/** What merge's fake reads from the fake API it is mixed into (the inbox's own conversations). */
interface WithConversations {
  conversation(id: string): Promise<unknown>;
  listed: Array<{ id: string; lastMessage?: { text: string } | undefined }>;
}

/** "Merge into…" of the fake admin API (`/conversations/{id}`, a search, `/conversations/{id}/merge`). */
export function withMerge<B extends FakeBase>(Base: B) {
  return class extends Base {
    mergeCalls: Array<[string, unknown]> = [];
    /** Merges of contacts made through the fake, as the relay lists them. */
    contactMerges: Array<Record<string, unknown>> = [];
    contactMergeCalls: string[] = [];
    /** Set to make the next merge fail with this refusal. */
    mergeRefusal: Error | undefined;
    /** Each contact's likely duplicates, as the relay would answer them (issue #81). */
    duplicates: Record<string, unknown[]> = {};

    constructor(...args: any[]) {
      super(...args);
      const self = this as unknown as WithConversations;
      Object.assign(this.routes, {
        'GET /conversations/{id}': async (c) => self.conversation(c.ref!),
        'GET /conversations': async (c) => ({
          items: self.listed.filter((item) => (item.lastMessage?.text ?? '').includes(c.q.q ?? '')),
        }),
        'POST /conversations/{id}/merge': async (c) => {
          this.mergeCalls.push([c.ref!, c.body]);
          if (this.mergeRefusal) throw this.mergeRefusal;
          return {
            conversation: await self.conversation(c.ref!),
            merged: { from: (c.body as { from: string }).from, messages: 1, firstSeq: 2 },
          };
        },
        'POST /contacts/{id}/merge': async (c) => {
          const from = (c.body as { from: string }).from;
          this.contactMergeCalls.push(`merge ${from} into ${c.ref}`);
          const merge = {
            id: `cm_${this.contactMerges.length + 1}`,
            contactId: c.ref,
            mergedContactId: from,
            conversations: [],
            by: 'Ada',
            at: Date.now(),
            undoUntil: Date.now() + 86_400_000,
            undoneAt: null,
          };
          this.contactMerges.unshift(merge);
          return merge;
        },
        'GET /contacts/{id}/duplicates': async (c) => {
          // The relay's permission: contacts.manage, which the built-in agent role lacks.
          if ((this as unknown as { role: string }).role !== 'admin')
            throw new AdminApiError('forbidden', 'Admins only.', 403);
          return { items: this.duplicates[c.ref!] ?? [] };
        },
        'GET /contacts/{id}/merges': async (c) => ({
          items: this.contactMerges.filter((merge) => merge.contactId === c.ref || merge.mergedContactId === c.ref),
        }),
        'POST /contact-merges/{id}/undo': async (c) => {
          this.contactMergeCalls.push(`undo ${c.ref}`);
          const merge = this.contactMerges.find((each) => each.id === c.ref)!;
          merge.undoneAt = Date.now();
          return merge;
        },
      } satisfies FakeRoutes);
    }
  };
}

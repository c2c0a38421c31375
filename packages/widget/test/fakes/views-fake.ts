import type {
  BulkChange,
  ConversationChannelList,
  BulkOutcome,
  SavedView,
  ViewCreate,
  ViewPatch,
} from '@parley/protocol/admin';
import { AdminApiError } from '../../src/chat-admin/chat-admin.js';
import type { FakeBase, FakeRoutes } from './fake-requests.js';

/**
 * Saved views (`/views`) and bulk changes (`/conversations/bulk`) of the fake admin API: what was asked, the views
 * it keeps, and the ids a bulk change answers `not_found` for.
 */
export function withViews<B extends FakeBase>(Base: B) {
  return class extends Base {
    savedViews: SavedView[] = [];
    /** The relay's channels (`/conversation-channels`): the kinds, then its messaging providers. */
    conversationChannels: ConversationChannelList['items'] = [
      { id: 'chat', label: 'Chat', kind: 'chat' },
      { id: 'email', label: 'Email', kind: 'email' },
      { id: 'api', label: 'API', kind: 'api' },
      { id: 'whatsapp', label: 'WhatsApp', kind: 'api' },
      { id: 'twilio', label: 'SMS', kind: 'api' },
    ];
    viewCalls: Array<[string, string | undefined, unknown]> = [];
    bulkCalls: BulkChange[] = [];
    /** Ids a bulk change does not find. */
    bulkMissing = new Set<string>();
    /** Applies a bulk change to a listed conversation (the inbox's fake of the desk sets it). */
    bulkApply: ((id: string, change: Omit<BulkChange, 'ids'>) => void) | undefined;

    constructor(...args: any[]) {
      super(...args);
      Object.assign(this.routes, {
        'GET /views': async () => ({ items: structuredClone(this.savedViews) }),
        'GET /conversation-channels': async () => ({ items: structuredClone(this.conversationChannels) }),
        'POST /views': async (c) => {
          const body = c.body as ViewCreate;
          this.viewCalls.push(['POST', undefined, body]);
          if (body.shared && this.role === 'agent')
            throw new AdminApiError('forbidden', 'Only an admin may save a shared view.', 403);
          const view: SavedView = {
            id: `vw_${this.savedViews.length + 1}`,
            name: body.name,
            filter: body.filter as SavedView['filter'],
            shared: body.shared ?? false,
            ownerId: 'staff_1',
            position: 0,
            count: 2,
            createdAt: 0,
            updatedAt: 0,
          };
          this.savedViews.push(view);
          return view;
        },
        'PATCH /views/{id}': async (c) => {
          this.viewCalls.push(['PATCH', c.ref, c.body]);
          const view = this.savedViews.find((each) => each.id === c.ref)!;
          Object.assign(view, c.body as ViewPatch);
          return structuredClone(view);
        },
        'DELETE /views/{id}': async (c) => {
          this.viewCalls.push(['DELETE', c.ref, undefined]);
          this.savedViews = this.savedViews.filter((each) => each.id !== c.ref);
        },
        'POST /conversations/bulk': async (c) => {
          const { ids, ...change } = c.body as BulkChange;
          this.bulkCalls.push(structuredClone(c.body as BulkChange));
          const results: BulkOutcome[] = ids.map((id) => {
            if (this.bulkMissing.has(id))
              return { id, outcome: 'not_found', message: 'No such conversation on this site.' };
            this.bulkApply?.(id, change);
            return { id, outcome: 'ok' };
          });
          const changed = results.filter((result) => result.outcome === 'ok').length;
          return { results, changed, failed: results.length - changed };
        },
      } satisfies FakeRoutes);
    }
  };
}

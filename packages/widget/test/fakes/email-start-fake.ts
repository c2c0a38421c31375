import type { EmailConversationCreate, EmailSender } from '@parley/protocol/admin';
import { AdminApiError } from '../../src/chat-admin/chat-admin.js';
import type { FakeBase, FakeRoutes } from './fake-requests.js';

/**
 * Starting a conversation by email (`/email-conversations`) of the fake admin API: the addresses to send from, and
 * the starts asked for (each answers conversation `ce_<n>`, the same for the same id, as the relay's idempotency).
 * The relay's checks of an address are played by `emailStartRefusal`.
 */
export function withEmailStart<B extends FakeBase>(Base: B) {
  return class extends Base {
    emailSenders: EmailSender[] = [];
    /** The bodies of the starts asked for, retries included. */
    emailStarts: EmailConversationCreate[] = [];
    /** When set, a start fails with this refusal. */
    emailStartRefusal: Error | undefined;

    constructor(...args: any[]) {
      super(...args);
      Object.assign(this.routes, {
        'GET /email-conversations/senders': async () => ({ items: this.emailSenders.map((s) => ({ ...s })) }),
        'POST /email-conversations': async (c) => {
          const body = c.body as EmailConversationCreate;
          this.emailStarts.push(body);
          if (this.emailStartRefusal) throw this.emailStartRefusal;
          if (!this.emailSenders.some((sender) => sender.address === body.from))
            throw new AdminApiError('bad_request', 'Invalid body.from: not one of the site’s sending addresses.', 400);
          const ids = [...new Set(this.emailStarts.map((start) => start.id))];
          const conversationId = `ce_${ids.indexOf(body.id) + 1}`;
          return {
            conversationId,
            message: {
              id: `m_${conversationId}`,
              conversationId,
              seq: 1,
              clientId: body.id,
              author: { role: 'staff', id: 'staff_1', name: 'Ada' },
              text: body.text,
              kind: 'text',
              ts: Date.now(),
            },
            duplicate: false,
          };
        },
      } satisfies FakeRoutes);
    }
  };
}

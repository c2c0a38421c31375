import type { Message } from '@parley/protocol';
import type { WhatsAppConversation, WhatsAppTemplateSend } from '@parley/protocol/admin';
import type { FakeBase, FakeRoutes } from './fake-requests.js';

/** A WhatsApp conversation's window of the fake: open or closed, with one approved template. */
export function whatsappWindow(open: boolean): WhatsAppConversation {
  return {
    channelId: 'mch_1',
    window: {
      open,
      closesAt: open ? Date.now() + 3 * 3_600_000 : Date.now() - 3_600_000,
      reason: open ? null : 'Outside WhatsApp’s 24-hour customer service window.',
    },
    templates: [
      {
        name: 'order_update',
        language: 'en_US',
        category: 'UTILITY',
        text: 'Your order\n\nHello {{1}}, your order {{2}} has shipped.\n\nParley Shop',
        variables: ['1', '2'],
      },
    ],
    templatesError: null,
  };
}

/**
 * WhatsApp (`/conversations/{id}/whatsapp`, `…/whatsapp/template`) of the fake admin API: the conversations a
 * WhatsApp number opened, by id, with their window; the templates sent.
 */
export function withWhatsApp<B extends FakeBase>(Base: B) {
  return class extends Base {
    whatsappConversations = new Map<string, WhatsAppConversation>();
    whatsappSent: Array<[string, WhatsAppTemplateSend]> = [];

    constructor(...args: any[]) {
      super(...args);
      Object.assign(this.routes, {
        'GET /conversations/{id}/whatsapp': async (c) => {
          const found = this.whatsappConversations.get(c.ref!);
          if (!found)
            return {
              channelId: null,
              window: { open: false, closesAt: null, reason: 'No WhatsApp number opened this conversation.' },
              templates: [],
              templatesError: null,
            };
          return structuredClone(found);
        },
        'POST /conversations/{id}/whatsapp/template': async (c) => {
          const body = c.body as WhatsAppTemplateSend;
          this.whatsappSent.push([c.ref!, body]);
          const message = {
            id: String(100 + this.whatsappSent.length),
            conversationId: c.ref!,
            seq: 50 + this.whatsappSent.length,
            clientId: body.id,
            author: { role: 'staff', id: 's_me', name: 'Ana' },
            text: `Hello ${body.values[0]}, your order ${body.values[1]} has shipped.`,
            kind: 'text',
            ts: Date.now(),
          } as unknown as Message;
          return { message, duplicate: false };
        },
      } satisfies FakeRoutes);
    }
  };
}

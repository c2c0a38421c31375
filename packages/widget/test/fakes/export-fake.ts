import type { ConversationExport } from '@parley/protocol/admin';
import type { FakeBase, FakeRoutes } from './fake-requests.js';

/** An export of conversation `id` as the relay gives it: a visitor's Arabic message, a staff reply, a note, a file. */
export function sampleExport(id: string, notes = true): ConversationExport {
  const at = Date.parse('2026-11-20T09:30:00Z');
  const messages: ConversationExport['messages'] = [
    {
      seq: 1,
      id: 'm1',
      at,
      author: { kind: 'visitor', id: `v_${id}`, name: 'Jane Roe' },
      kind: 'text',
      text: 'Hello, my order #1042 has not arrived.',
      files: [],
    },
    {
      seq: 2,
      id: 'm2',
      at: at + 60_000,
      author: { kind: 'visitor', id: `v_${id}`, name: 'Jane Roe' },
      kind: 'text',
      text: 'مرحبا، أحتاج مساعدة في طلبي 🙂',
      files: [
        { id: 'att_1', name: 'receipt.pdf', type: 'application/pdf', size: 48_213, path: '/v1/attachments/att_1' },
      ],
    },
    {
      seq: 3,
      id: 'm3',
      at: at + 120_000,
      author: { kind: 'staff', id: 'st_ana', name: 'Ana Agent' },
      kind: 'note',
      text: 'Internal: refund if the carrier confirms the loss.',
      files: [],
    },
    {
      seq: 4,
      id: 'm4',
      at: at + 180_000,
      author: { kind: 'staff', id: 'st_ana', name: 'Ana Agent' },
      kind: 'text',
      text: 'Sorry about that, Jane. I have asked the carrier and will write back today.',
      files: [],
    },
    {
      seq: 5,
      id: 'm5',
      at: at + 240_000,
      author: { kind: 'visitor', id: `v_${id}`, name: 'Jane Roe' },
      kind: 'text',
      text: 'my card is [card ending 4242]',
      files: [],
      redacted: ['card'],
    },
  ];
  return {
    schema: 'parley.conversation-export/1',
    exportedAt: at + 3_600_000,
    exportedBy: { id: 'st_ana', name: 'Ana Agent' },
    site: { id: 'site_1', name: 'Parley demo' },
    conversation: {
      id,
      status: 'open',
      priority: 'none',
      channel: 'chat',
      subject: null,
      contact: { id: `v_${id}`, name: 'Jane Roe', emailMasked: 'j***@ex***.com', verified: false },
      assignee: { id: 'st_ana', name: 'Ana Agent' },
      team: null,
      labels: ['billing'],
      createdAt: at,
      resolvedAt: null,
      lastSeq: 5,
    },
    includesNotes: notes,
    events: [{ at: at + 90_000, actor: { id: 'st_ana', name: 'Ana Agent' }, type: 'label_added', label: 'billing' }],
    messages: notes ? messages : messages.filter((message) => message.kind !== 'note'),
  };
}

/** Export (`/conversations/{id}/export`) of the fake admin API: what was asked, and the sample it answers. */
export function withExport<B extends FakeBase>(Base: B) {
  return class extends Base {
    /** Each export asked: `[conversation id, format, notes]`. */
    exportCalls: Array<[string, string, string]> = [];
    /** Set to make the next export fail with this refusal. */
    exportRefusal: Error | undefined;
    /** The messaging provider a conversation's export names (its channel then `api`), by conversation id. */
    exportProviders = new Map<string, { id: string; label: string }>();

    constructor(...args: any[]) {
      super(...args);
      Object.assign(this.routes, {
        'GET /conversations/{id}/export': async (c) => {
          const format = c.q['format'] ?? 'json';
          const notes = c.q['notes'] ?? 'include';
          this.exportCalls.push([c.ref!, format, notes]);
          if (this.exportRefusal) throw this.exportRefusal;
          const data = sampleExport(c.ref!, notes === 'include');
          const provider = this.exportProviders.get(c.ref!);
          if (provider) data.conversation = { ...data.conversation, channel: 'api', provider };
          if (format === 'csv')
            return new Blob(['\uFEFFseq,time\r\n1,2026-11-20T09:30:00.000Z\r\n'], { type: 'text/csv' });
          return c.as === 'blob'
            ? new Blob([JSON.stringify(data)], { type: 'application/json' })
            : structuredClone(data);
        },
      } satisfies FakeRoutes);
    }
  };
}

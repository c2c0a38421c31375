import {
  AdminApiError,
  type AuditEntry,
  type AuditQuery,
  type CannedResponse,
  type Contact,
  type SiteProfile,
} from '../../src/chat-admin/chat-admin.js';
import type { FakeBase, FakeRoutes } from './fake-requests.js';

/** `{ key: number }` from the query, when it is there. */
function num(q: Record<string, string>, key: string) {
  return q[key] === undefined ? {} : { [key]: Number(q[key]) };
}

/** The desk pages: saved replies, contacts, the audit log, the site (`/canned-responses`, `/contacts`, `/audit`, `/site`) of the fake admin API. */
export function withDesk<B extends FakeBase>(Base: B) {
  return class extends Base {
    cannedList: CannedResponse[] = [
      { id: 'k1', shortcut: 'hello', text: 'Hello! How can I help you today?', createdAt: 0, updatedAt: 0 },
      { id: 'k2', shortcut: 'refund', text: 'Refunds take 5 working days.', createdAt: 0, updatedAt: 0 },
    ];
    async cannedResponses() {
      return structuredClone(this.cannedList);
    }
    /** Each call of the desk's pages that changes something, in order. */
    deskCalls: Array<[string, ...unknown[]]> = [];
    async createCannedResponse(body: { shortcut: string; text: string }) {
      this.deskCalls.push(['createCanned', structuredClone(body)]);
      if (!/^[A-Za-z0-9_-]{1,32}$/.test(body.shortcut))
        throw new AdminApiError('bad_request', 'Invalid body.shortcut: Invalid string: must match pattern.', 400);
      if (body.text === '') throw new AdminApiError('bad_request', 'Invalid body.text: Too small.', 400);
      if (this.cannedList.some((c) => c.shortcut === body.shortcut))
        throw new AdminApiError('conflict', `The shortcut "${body.shortcut}" is taken.`, 409);
      const created = { id: `k${this.cannedList.length + 10}`, ...body, createdAt: 0, updatedAt: 0 };
      this.cannedList.push(created);
      return { ...created };
    }
    async updateCannedResponse(id: string, patch: { shortcut?: string; text?: string }) {
      this.deskCalls.push(['updateCanned', id, structuredClone(patch)]);
      if (this.cannedList.some((c) => c.id !== id && c.shortcut === patch.shortcut))
        throw new AdminApiError('conflict', 'That shortcut is taken.', 409);
      const found = this.cannedList.find((c) => c.id === id)!;
      Object.assign(found, patch);
      return { ...found };
    }
    async deleteCannedResponse(id: string) {
      this.deskCalls.push(['deleteCanned', id]);
      this.cannedList = this.cannedList.filter((c) => c.id !== id);
    }

    contactList: Contact[] = [
      {
        id: 'v_c1',
        name: 'Visitor c1',
        emailMasked: 'a***@ex***.com',
        verified: true,
        subscribed: false,
        online: false,
        context: { url: 'https://shop.example.com/tents', locale: 'fr-FR', timezone: 'Europe/Paris' },
        createdAt: Date.now() - 86_400_000,
        lastSeenAt: Date.now() - 60_000,
        conversationIds: ['c1', 'c_gone'],
      },
      {
        id: 'v_c2',
        verified: false,
        subscribed: false,
        online: true,
        createdAt: Date.now() - 7_200_000,
        lastSeenAt: Date.now() - 120_000,
        conversationIds: [],
      },
    ];
    contactQueries: Array<{ q?: string; cursor?: string }> = [];
    async contacts(query: { q?: string; cursor?: string; limit?: number }) {
      this.contactQueries.push({ ...query });
      const q = query.q?.toLowerCase() ?? '';
      const items = this.contactList.filter((c) => !q || (c.name ?? '').toLowerCase().includes(q) || c.id === q);
      // Pages of one, to show "Show more".
      const start = query.cursor ? Number(query.cursor) : 0;
      const page = items.slice(start, start + 1);
      return { items: structuredClone(page), ...(start + 1 < items.length ? { nextCursor: String(start + 1) } : {}) };
    }
    async contact(id: string) {
      const found = this.contactList.find((c) => c.id === id);
      if (!found) throw new AdminApiError('not_found', 'No such contact on this site.', 404);
      return structuredClone(found);
    }
    /** The relay's checks of `PATCH /contacts/{id}`, as it words its refusals: a bad field changes nothing. */
    async updateContact(
      id: string,
      patch: { name?: string; email?: string | null; notes?: string; subscribed?: boolean },
    ) {
      this.deskCalls.push(['updateContact', id, structuredClone(patch)]);
      const found = this.contactList.find((c) => c.id === id);
      if (!found) throw new AdminApiError('not_found', 'No such contact on this site.', 404);
      if (typeof patch.email === 'string' && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(patch.email.trim()))
        throw new AdminApiError('bad_request', 'Invalid body.email: must be an email address.', 400);
      if (patch.name !== undefined && patch.name.trim().length > 120)
        throw new AdminApiError(
          'bad_request',
          'Invalid body.name: Too big: expected string to have <=120 characters.',
          400,
        );
      const name = patch.name?.trim();
      const email = patch.email?.trim();
      const updated: Contact = {
        ...found,
        ...(name !== undefined ? { name } : {}),
        ...(email !== undefined ? { emailMasked: `${email[0]}***@${email.split('@')[1]!.slice(0, 2)}***.com` } : {}),
        ...(patch.notes !== undefined ? { notes: patch.notes } : {}),
      };
      if (name === '') delete updated.name;
      if (patch.notes === '') delete updated.notes;
      if (patch.email === null) delete updated.emailMasked;
      this.contactList = this.contactList.map((c) => (c.id === id ? updated : c));
      return structuredClone(updated);
    }
    async exportContact(id: string) {
      this.deskCalls.push(['exportContact', id]);
      if (this.role !== 'admin') throw new AdminApiError('forbidden', 'Admins only.', 403);
      return { exportedAt: 1, contact: { id, email: 'ada@example.com' }, messages: [] };
    }
    async eraseContact(id: string) {
      this.deskCalls.push(['eraseContact', id]);
      if (this.role !== 'admin') throw new AdminApiError('forbidden', 'Admins only.', 403);
      this.contactList = this.contactList.filter((c) => c.id !== id);
    }

    auditEntries: AuditEntry[] = [];
    auditQueries: AuditQuery[] = [];
    async audit(query: AuditQuery) {
      this.auditQueries.push({ ...query });
      const matching = this.auditEntries.filter(
        (e) =>
          (!query.actor || e.actorId === query.actor) &&
          (!query.action || e.action === query.action) &&
          (query.from === undefined || e.at >= query.from) &&
          (query.to === undefined || e.at < query.to) &&
          (!query.cursor || Number(e.id) < Number(query.cursor)),
      );
      const limit = query.limit ?? 50;
      const items = matching.slice(0, limit);
      return {
        items: structuredClone(items),
        ...(matching.length > limit ? { nextCursor: items[items.length - 1]!.id } : {}),
      };
    }
    async auditFacets() {
      const actors = new Map(this.auditEntries.map((e) => [e.actorId, e.actorName]));
      return {
        actors: [...actors].map(([id, name]) => ({ id, name })),
        actions: [...new Set(this.auditEntries.map((e) => e.action))].sort(),
      };
    }

    siteValue: SiteProfile = {
      id: 'default',
      name: 'Acme Outdoor',
      siteKey: 'pk_acme',
      allowedOrigins: ['*'],
      requireIdentity: false,
      configured: { name: false, allowedOrigins: false, identitySecret: false },
    };
    async site() {
      return structuredClone(this.siteValue);
    }
    async updateSite(patch: { name?: string; allowedOrigins?: string[] }) {
      this.deskCalls.push(['updateSite', structuredClone(patch)]);
      if (patch.allowedOrigins?.some((o) => o !== '*' && !/^https?:\/\/[^/]+$/.test(o)))
        throw new AdminApiError(
          'bad_request',
          'Invalid body.allowedOrigins.0: must be * or an origin such as https://example.com.',
          400,
        );
      this.siteValue = { ...this.siteValue, ...patch };
      return structuredClone(this.siteValue);
    }
    async rotateIdentitySecret() {
      this.deskCalls.push(['rotateIdentitySecret']);
      return 'is_new_secret_shown_once_0123456789';
    }

    constructor(...args: any[]) {
      super(...args);
      Object.assign(this.routes, {
        'GET /canned-responses': async () => ({ items: await this.cannedResponses() }),
        'POST /canned-responses': (c) => this.createCannedResponse(c.body as { shortcut: string; text: string }),
        'PATCH /canned-responses/{id}': (c) => this.updateCannedResponse(c.ref!, c.body as { text?: string }),
        'DELETE /canned-responses/{id}': (c) => this.deleteCannedResponse(c.ref!),
        'GET /contacts': (c) => this.contacts({ ...c.q, ...num(c.q, 'limit') }),
        'GET /contacts/{id}': (c) => this.contact(c.ref!),
        'GET /contacts/{id}/export': (c) => this.exportContact(c.ref!),
        'PATCH /contacts/{id}': (c) => this.updateContact(c.ref!, c.body as { name?: string }),
        'DELETE /contacts/{id}': (c) => this.eraseContact(c.ref!),
        'GET /audit': (c) => this.audit({ ...c.q, ...num(c.q, 'from'), ...num(c.q, 'to'), ...num(c.q, 'limit') }),
        'GET /audit/facets': () => this.auditFacets(),
        'GET /site': () => this.site(),
        'PATCH /site': (c) => this.updateSite(c.body as { name?: string }),
        'POST /site/identity-secret': () => this.rotateIdentitySecret().then((identitySecret) => ({ identitySecret })),
      } satisfies FakeRoutes);
    }
  };
}

import * as z from 'zod/mini';
import {
  Contact,
  ContactEmail,
  ContactExport,
  ContactPage,
  ContactPatch,
  type ContactReach,
} from '@parley/protocol/admin';
import type { AdminServices } from '../admin-services.js';
import type { ContactRecord } from '../../store/admin-store.js';
import { ApiError } from '../../http/admin-http.js';
import { ok } from '../../http/openapi/openapi-parts.js';
import { cursor, encodeCursor, pageSize, text } from '../../features/admin-routes/route-query.js';
import { adminRoute, audit, visibleIds, type AdminRoute, type Call } from '../../features/admin-routes/admin-route.js';

function contactJson(admin: AdminServices, contact: ContactRecord, visible?: ReadonlySet<string>): Contact {
  const emailMasked = admin.cipher.mask(contact.emailEnc);
  const conversationId = contact.conversationIds[contact.conversationIds.length - 1] ?? contact.conversationHint;
  return {
    id: contact.id,
    ...(contact.name ? { name: contact.name } : {}),
    ...(emailMasked !== undefined ? { emailMasked } : {}),
    verified: contact.verified,
    subscribed: contact.subscribed,
    ...(contact.notes !== undefined ? { notes: contact.notes } : {}),
    online: conversationId !== undefined && admin.conversationOnline(conversationId),
    ...(contact.context ? { context: contact.context } : {}),
    ...(contact.consent ? { consent: { ...contact.consent } } : {}),
    ...(contact.emailBouncingAt !== undefined ? { emailBouncingAt: contact.emailBouncingAt } : {}),
    createdAt: contact.createdAt,
    lastSeenAt: contact.lastSeenAt,
    conversationIds: visible ? contact.conversationIds.filter((id) => visible.has(id)) : [...contact.conversationIds],
  };
}

/**
 * The contacts as the caller may see them: their conversations only those the caller's scope shows (issue #41), and
 * where the channel features reach them (`reach`, one read per feature for the whole page). Also how merge's
 * duplicates answer (`merge/merge-routes.ts`).
 */
export async function contactsJson(call: Call, contacts: readonly ContactRecord[]): Promise<Contact[]> {
  const visible = await visibleIds(
    call,
    contacts.flatMap((contact) => contact.conversationIds),
  );
  const reach = new Map<string, ContactReach[]>();
  const ids = contacts.map((contact) => contact.id);
  if (ids.length > 0)
    for (const reachOf of call.admin.contactReaches)
      for (const [id, lines] of await reachOf(call.site.id, ids))
        if (lines.length > 0) reach.set(id, [...(reach.get(id) ?? []), ...lines]);
  return contacts.map((contact) => {
    const json = contactJson(call.admin, contact, visible);
    const lines = reach.get(contact.id);
    return lines ? { ...json, reach: lines } : json;
  });
}

async function contactOr404(call: Call): Promise<ContactRecord> {
  await call.admin.flushContacts();
  const found = await call.admin.repos.contacts.getContact(call.site.id, call.params.id!);
  if (!found) throw new ApiError('not_found', 'No such contact on this site.');
  return found;
}

/** Routes of contacts: search, subscription, reveal, export (GDPR access) and erasure. */
export const contactRoutes: readonly AdminRoute[] = [
  adminRoute({
    method: 'GET',
    path: '/v1/admin/contacts',
    doc: {
      summary: 'List or search contacts',
      description:
        'Most recently seen first. `q` is an exact email (when it contains `@`, matched through the keyed hash), or a name substring or contact id.',
      tag: 'contacts',
      responses: ok('A page of contacts.', ContactPage),
    },
    query: {
      q: text(z.string().check(z.maxLength(200)), 'Email, name or id.', { type: 'string', maxLength: 200 }),
      cursor: cursor(),
      limit: pageSize(25, 100),
    },
    run: async (call) => {
      const { query } = call;
      await call.admin.flushContacts();
      const q = query.q?.trim();
      const page = await call.admin.repos.contacts.listContacts({
        siteId: call.site.id,
        ...(q ? (q.includes('@') ? { emailHash: call.admin.cipher.hash(q) } : { text: q }) : {}),
        cursor: query.cursor,
        limit: query.limit,
      });
      return {
        status: 200,
        body: {
          items: await contactsJson(call, page.items),
          ...(page.next ? { nextCursor: encodeCursor(page.next) } : {}),
        },
      };
    },
  }),
  adminRoute({
    method: 'GET',
    path: '/v1/admin/contacts/{id}',
    resource: 'contact',
    doc: {
      summary: 'One contact',
      description: 'With their conversation ids.',
      tag: 'contacts',
      responses: ok('The contact.', Contact),
    },
    run: async (call) => ({ status: 200, body: (await contactsJson(call, [await contactOr404(call)]))[0] }),
  }),
  adminRoute({
    method: 'PATCH',
    path: '/v1/admin/contacts/{id}',
    resource: 'contact',
    // Validated whole (by the router) before anything is written: a bad field changes nothing.
    requestBody: ContactPatch,
    doc: {
      summary: 'Edit a contact',
      description:
        'Changes the fields given: the name (empty removes it), the email, the team’s notes, and whether the contact agreed to receive broadcasts (segment `subscribed`). The body is checked whole first: a bad field is a 400 naming it, and nothing changes. A name or an email set here is kept when the visitor’s page later says otherwise. Open inboxes receive the contact’s conversations again (`conversation` frames). Audited as `contact.update` with the names of the fields changed, never their values.',
      tag: 'contacts',
      responses: ok('The contact.', Contact),
    },
    run: async (call) => {
      const body = call.body;
      await contactOr404(call);
      const { email } = body;
      const updated = await call.admin.repos.contacts.updateContact(call.site.id, call.params.id!, {
        name: body.name,
        notes: body.notes,
        subscribed: body.subscribed,
        ...(email === null ? { emailEnc: null, emailHash: null } : {}),
        ...(email !== undefined && email !== null
          ? { emailEnc: call.admin.cipher.encrypt(email), emailHash: call.admin.cipher.hash(email) }
          : {}),
        at: call.now,
      });
      if (!updated) throw new ApiError('not_found', 'No such contact on this site.');
      // The audit names what changed, never the values (a name, an address, notes are personal data).
      const fields = (['name', 'email', 'notes', 'subscribed'] as const).filter((field) => body[field] !== undefined);
      await audit(call, 'contact.update', 'contact', updated.id, {
        fields,
        ...(body.subscribed !== undefined ? { subscribed: body.subscribed } : {}),
      });
      // Every open inbox shows the new name and email in its list, thread and visitor panel, and reads the contact
      // again where it shows it (the notes).
      if (body.name !== undefined || email !== undefined)
        for (const conversationId of updated.conversationIds)
          await call.admin.publishConversation(call.site.id, conversationId);
      call.admin.publishContact(call.site.id, updated.id);
      return { status: 200, body: (await contactsJson(call, [updated]))[0] };
    },
  }),
  adminRoute({
    method: 'POST',
    path: '/v1/admin/contacts/{id}/reveal',
    permission: 'emails.reveal',
    resource: 'contact',
    doc: {
      summary: 'Reveal an email',
      description: 'The contact’s email in clear. Every reveal is in the audit log.',
      tag: 'contacts',
      responses: ok('The email.', ContactEmail),
    },
    run: async (call) => {
      await call.request.body;
      const contact = await contactOr404(call);
      const email = contact.emailEnc === undefined ? undefined : call.admin.cipher.decrypt(contact.emailEnc);
      if (email === undefined) throw new ApiError('not_found', 'This contact has no email on record.');
      await audit(call, 'contact.reveal', 'contact', contact.id);
      return { status: 200, body: { email } satisfies ContactEmail };
    },
  }),
  adminRoute({
    method: 'GET',
    path: '/v1/admin/contacts/{id}/export',
    permission: 'contacts.manage',
    resource: 'contact',
    exportLimit: true,
    doc: {
      summary: 'Export everything held about a contact',
      description:
        'For access and portability requests: the contact (email decrypted), their visitor record, conversations, every message (notes included), broadcast targets and the audit entries about them. Stricter rate limit. Audited.',
      tag: 'contacts',
      responses: ok('The export.', ContactExport),
    },
    run: async (call) => {
      await contactOr404(call);
      await audit(call, 'contact.export', 'contact', call.params.id!);
      const held = await call.admin.repos.contacts.exportContact(call.site.id, call.params.id!);
      if (!held) throw new ApiError('not_found', 'No such contact on this site.');
      const reveal = (sealed: string | undefined): string | undefined =>
        sealed === undefined ? undefined : call.admin.cipher.decrypt(sealed);
      const { emailEnc: contactEmail, ...contact } = held.contact;
      // What each feature holds about them (custom attributes, …), in the features' order.
      const conversationIds = held.conversations.map((record) => record.id);
      const features: Record<string, unknown> = {};
      for (const [name, section] of call.admin.contactExports)
        features[name] = await section(call.site.id, call.params.id!, conversationIds);
      return {
        status: 200,
        headers: { 'content-disposition': `attachment; filename="contact-${held.contact.id}.json"` },
        body: {
          exportedAt: call.now,
          site: { id: call.site.id, name: call.site.name },
          contact: { ...contact, email: reveal(contactEmail) ?? null, consent: contact.consent ?? null },
          visitor: held.visitor
            ? {
                name: held.visitor.name ?? null,
                email: reveal(held.visitor.emailEnc) ?? null,
                verified: held.visitor.verified,
                createdAt: held.visitor.createdAt,
                updatedAt: held.visitor.updatedAt,
              }
            : null,
          conversations: held.conversations.map((record) => {
            const { visitor: _visitor, ...rest } = record;
            return rest;
          }),
          messages: held.messages,
          broadcasts: held.broadcasts,
          audit: held.audit,
          features,
        },
      };
    },
  }),
  adminRoute({
    method: 'DELETE',
    path: '/v1/admin/contacts/{id}',
    permission: 'contacts.manage',
    resource: 'contact',
    doc: {
      summary: 'Erase a contact',
      description:
        'Deletes the contact, their visitor record, every conversation and message of theirs (search index included) and their broadcast targets. Rows are removed, not flagged. Audit entries keep only ids.',
      tag: 'contacts',
      responses: { '204': { description: 'Erased.' } },
    },
    run: async (call) => {
      await call.request.body;
      await call.admin.flushContacts();
      const { id } = call.params as { id: string };
      let told = false;
      const erased = await call.admin.repos.contacts.eraseContact(call.site.id, id, ({ conversationIds }) => {
        const effects = call.admin.events.contactErased(call.site.id, id, conversationIds);
        told = effects !== undefined;
        return effects;
      });
      if (!erased) throw new ApiError('not_found', 'No such contact on this site.');
      if (told) call.admin.outbox.nudge();
      // Forget cached conversation facts, so a later send cannot quietly recreate an erased conversation.
      for (const id of erased.conversationIds) call.core.conversations.forget(id);
      await audit(call, 'contact.erase', 'contact', call.params.id!, {
        conversations: erased.conversations,
        messages: erased.messages,
      });
      return { status: 204 };
    },
  }),
];

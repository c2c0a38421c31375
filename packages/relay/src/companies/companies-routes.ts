import * as z from 'zod/mini';
import {
  Company,
  CompanyCreate,
  CompanyDetail,
  CompanyPage,
  CompanyPatch,
  ContactCompany,
  ContactCompanyBody,
  type CompanyContact,
} from '@parley/protocol/admin';
import { contactsJson, scopeCondition } from '../admin/public.js';
import { ApiError } from '../http/admin-http.js';
import { ok } from '../http/openapi/openapi-parts.js';
import { adminRoute, audit, type AdminRoute, type Call } from '../features/admin-routes/admin-route.js';
import { cursor, encodeCursor, pageSize, text } from '../features/admin-routes/route-query.js';
import type { CompanyRecord } from './companies-repository.js';
import type { Companies } from './companies.js';

/** Conversations listed per contact on a company's page. */
const CONVERSATIONS_PER_CONTACT = 20;

function companiesOf(call: Call): Companies {
  const feature = call.use('companies');
  if (!feature) throw new ApiError('not_found', 'Companies are not part of this relay.');
  return feature;
}

/** Companies as the API answers them, with their contact counts (one read for the page). */
async function companiesJson(call: Call, records: readonly CompanyRecord[]): Promise<Company[]> {
  const counts = await companiesOf(call).repository.contactCounts(
    call.site.id,
    records.map((record) => record.id),
  );
  return records.map((record) => ({
    id: record.id,
    ...(record.externalId !== null ? { externalId: record.externalId } : {}),
    name: record.name,
    domains: [...record.domains],
    attributes: { ...record.attributes },
    source: record.source,
    contactCount: counts.get(record.id) ?? 0,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
  }));
}

async function companyJson(call: Call, record: CompanyRecord): Promise<Company> {
  return (await companiesJson(call, [record]))[0]!;
}

/** The contact the path's `{id}` names on the caller's site, or `not_found`. */
async function contactOr404(call: Call): Promise<string> {
  await call.admin.flushContacts();
  const found = await call.admin.repos.contacts.getContact(call.site.id, call.params.id!);
  if (!found) throw new ApiError('not_found', 'No such contact on this site.');
  return found.id;
}

/**
 * Companies' routes (docs/companies.md): every member reads them, makes and edits companies and sets a contact's
 * company (as they edit a contact); deleting one takes `contacts.manage`. Each route is one object: the router
 * parses its body by `requestBody` (`call.body`), and the API document is made from its `doc`.
 */
export const companiesRoutes: readonly AdminRoute[] = [
  adminRoute({
    method: 'GET',
    path: '/v1/admin/companies',
    doc: {
      summary: 'List or search companies',
      description:
        'The site’s companies, most recently changed first. `q` finds a name or a domain holding it (case aside), or the site’s own id of a company exactly.',
      tag: 'companies',
      responses: ok('A page of companies.', CompanyPage),
    },
    query: {
      q: text(z.string().check(z.maxLength(200)), 'A name, a domain or the site’s id of a company.', {
        type: 'string',
        maxLength: 200,
      }),
      cursor: cursor(),
      limit: pageSize(25, 100),
    },
    run: async (call) => {
      const { query } = call;
      const items = await companiesOf(call).repository.list(
        call.site.id,
        query.q?.trim() || undefined,
        query.cursor,
        query.limit + 1,
      );
      const page = items.slice(0, query.limit);
      const last = page[page.length - 1];
      const more = items.length > query.limit && last !== undefined;
      return {
        status: 200,
        body: {
          items: await companiesJson(call, page),
          ...(more ? { nextCursor: encodeCursor({ at: last.updatedAt, id: last.id }) } : {}),
        },
      };
    },
  }),
  adminRoute({
    method: 'POST',
    path: '/v1/admin/companies',
    requestBody: CompanyCreate,
    doc: {
      summary: 'Create a company',
      description:
        'A company of the site. `externalId`, the site’s own id of it, is what `identify()`’s `company.id` names: unique per site (409 `conflict` when another has it). Audited as `company.create`.',
      tag: 'companies',
      responses: ok('Created.', Company, '201'),
      conflict: true,
    },
    run: async (call) => {
      const record = await companiesOf(call).create(call.site.id, call.body);
      await audit(call, 'company.create', 'company', record.id);
      return { status: 201, body: await companyJson(call, record) };
    },
  }),
  adminRoute({
    method: 'GET',
    path: '/v1/admin/companies/{id}',
    resource: 'company',
    doc: {
      summary: 'One company, with its contacts and their conversations',
      description:
        'The company, and a page of its contacts (most recently seen first), each with the conversations the caller may see (most recently changed first, at most 20). `cursor` and `limit` page the contacts.',
      tag: 'companies',
      responses: ok('The company.', CompanyDetail),
    },
    query: { cursor: cursor('The `nextCursor` of the previous page of contacts.'), limit: pageSize(25, 100) },
    run: async (call) => {
      const companies = companiesOf(call);
      const record = await companies.getOr404(call.site.id, call.params.id!);
      await call.admin.flushContacts();
      const found = await companies.repository.members(
        call.site.id,
        record.id,
        call.query.cursor,
        call.query.limit + 1,
      );
      const page = found.slice(0, call.query.limit);
      const records = [];
      for (const member of page) {
        const contact = await call.admin.repos.contacts.getContact(call.site.id, member.contactId);
        if (contact) records.push(contact);
      }
      const json = await contactsJson(call, records);
      const conversations = await companies.repository.conversationsOf(
        call.site.id,
        page.map((member) => member.contactId),
        scopeCondition(call.scope),
        CONVERSATIONS_PER_CONTACT,
      );
      const sourceOf = new Map(page.map((member) => [member.contactId, member.source]));
      const contacts: CompanyContact[] = json.map((contact) => ({
        id: contact.id,
        ...(contact.name !== undefined ? { name: contact.name } : {}),
        ...(contact.emailMasked !== undefined ? { emailMasked: contact.emailMasked } : {}),
        verified: contact.verified,
        lastSeenAt: contact.lastSeenAt,
        source: sourceOf.get(contact.id) ?? 'staff',
        conversations: conversations
          .filter((conversation) => conversation.contactId === contact.id)
          .map(({ id, status, createdAt, updatedAt }) => ({ id, status, createdAt, updatedAt })),
      }));
      const last = page[page.length - 1];
      const more = found.length > call.query.limit && last !== undefined;
      return {
        status: 200,
        body: {
          company: await companyJson(call, record),
          contacts,
          ...(more ? { nextCursor: encodeCursor({ at: last.lastSeenAt, id: last.contactId }) } : {}),
        },
      };
    },
  }),
  adminRoute({
    method: 'PATCH',
    path: '/v1/admin/companies/{id}',
    resource: 'company',
    requestBody: CompanyPatch,
    doc: {
      summary: 'Edit a company',
      description:
        'Changes the fields given; `attributes` are merged (`null` removes one), `externalId: null` removes the site’s id. The company’s fields are then staff’s word: an unsigned `identify()` no longer changes them. The body is checked whole first: a bad field is a 400 naming it, and nothing changes. Audited as `company.update` with the names of the fields changed.',
      tag: 'companies',
      responses: ok('The company.', Company),
      conflict: true,
    },
    run: async (call) => {
      const record = await companiesOf(call).update(call.site.id, call.params.id!, call.body);
      await audit(call, 'company.update', 'company', record.id, { fields: Object.keys(call.body) });
      return { status: 200, body: await companyJson(call, record) };
    },
  }),
  adminRoute({
    method: 'DELETE',
    path: '/v1/admin/companies/{id}',
    resource: 'company',
    permission: 'contacts.manage',
    doc: {
      summary: 'Delete a company',
      description:
        'The company and its memberships: its contacts are kept, in no company. A later `identify()` naming its id makes it again. Audited as `company.delete`.',
      tag: 'companies',
      responses: { '204': { description: 'Deleted.' } },
    },
    run: async (call) => {
      if (!(await companiesOf(call).repository.delete(call.site.id, call.params.id!)))
        throw new ApiError('not_found', 'No such company on this site.');
      await audit(call, 'company.delete', 'company', call.params.id!);
      return { status: 204 };
    },
  }),
  adminRoute({
    method: 'GET',
    path: '/v1/admin/contacts/{id}/company',
    resource: 'contact',
    doc: {
      summary: 'A contact’s company',
      description: 'The company the contact belongs to (`null`: none), and who put them in it.',
      tag: 'companies',
      responses: ok('The contact’s company.', ContactCompany),
    },
    run: async (call) => {
      const contactId = await contactOr404(call);
      const found = await companiesOf(call).contactCompany(call.site.id, contactId);
      const body: ContactCompany = found
        ? { contactId, company: await companyJson(call, found.company), source: found.membership.source }
        : { contactId, company: null };
      return { status: 200, body };
    },
  }),
  adminRoute({
    method: 'PUT',
    path: '/v1/admin/contacts/{id}/company',
    resource: 'contact',
    requestBody: ContactCompanyBody,
    doc: {
      summary: 'Set a contact’s company',
      description:
        'Puts the contact in the company (Parley’s id; one company per contact: the one they were in is left), or takes them out of theirs (`null`). Staff’s word: an unsigned `identify()` no longer moves them; a signed one does. Audited as `contact.company`.',
      tag: 'companies',
      responses: ok('The contact’s company.', ContactCompany),
    },
    run: async (call) => {
      const contactId = await contactOr404(call);
      const record = await companiesOf(call).setContactCompany(
        call.site.id,
        contactId,
        call.body.companyId,
        call.staff.id,
      );
      await audit(call, 'contact.company', 'contact', contactId, { companyId: call.body.companyId });
      const body: ContactCompany = record
        ? { contactId, company: await companyJson(call, record), source: 'staff' }
        : { contactId, company: null };
      return { status: 200, body };
    },
  }),
];

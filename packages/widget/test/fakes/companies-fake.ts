import type { Company, CompanyContact } from '@parley/protocol/admin';
import { AdminApiError } from '../../src/chat-admin/chat-admin.js';
import type { FakeBase, FakeRoutes } from './fake-requests.js';

/** A company for the fake, with what the relay would add. */
export function company(id: string, name: string, more: Partial<Company> = {}): Company {
  return {
    id,
    name,
    domains: [],
    attributes: {},
    source: 'staff',
    contactCount: 0,
    createdAt: 1,
    updatedAt: 1,
    ...more,
  };
}

/**
 * Companies (`/companies`, `/contacts/{id}/company`) of the fake admin API: the companies, each contact's company
 * and who set it, the contacts a company's page lists, and what was asked.
 */
export function withCompanies<B extends FakeBase>(Base: B) {
  return class extends Base {
    companies: Company[] = [];
    /** Each contact's company id and who put them in it. */
    companyOf = new Map<string, { companyId: string; source: Company['source'] }>();
    /** The contacts (with their conversations) a company's page lists, by company id. */
    companyContacts = new Map<string, CompanyContact[]>();
    companyCalls: Array<[string, string, unknown]> = [];

    constructor(...args: any[]) {
      super(...args);
      const found = (id: string | undefined): Company => {
        const each = this.companies.find((item) => item.id === id);
        if (!each) throw new AdminApiError('not_found', 'No such company on this site.', 404);
        return each;
      };
      const counted = (each: Company): Company => ({
        ...each,
        contactCount: [...this.companyOf.values()].filter((member) => member.companyId === each.id).length,
      });
      const ofContact = (contactId: string) => {
        const member = this.companyOf.get(contactId);
        const each = member && this.companies.find((item) => item.id === member.companyId);
        return each ? { contactId, company: counted(each), source: member!.source } : { contactId, company: null };
      };
      Object.assign(this.routes, {
        'GET /companies': async (c) => {
          const q = (c.q['q'] ?? '').toLowerCase();
          const items = this.companies
            .filter((each) => !q || each.name.toLowerCase().includes(q) || each.domains.some((d) => d.includes(q)))
            .map(counted);
          const limit = Number(c.q['limit'] ?? 25);
          const from = Number(c.q['cursor'] ?? 0);
          const next = from + limit < items.length ? String(from + limit) : undefined;
          return { items: items.slice(from, from + limit), ...(next ? { nextCursor: next } : {}) };
        },
        'POST /companies': async (c) => {
          this.companyCalls.push(['POST', '', c.body]);
          const body = c.body as { name: string; externalId?: string; domains?: string[] };
          if (body.externalId && this.companies.some((each) => each.externalId === body.externalId))
            throw new AdminApiError('conflict', 'Invalid body.externalId: another company of this site has it.', 409);
          const made = company(`co_${this.companies.length + 1}`, body.name, {
            ...(body.externalId ? { externalId: body.externalId } : {}),
            domains: body.domains ?? [],
          });
          this.companies.push(made);
          return made;
        },
        'GET /companies/{id}': async (c) => ({
          company: counted(found(c.ref)),
          contacts: structuredClone(this.companyContacts.get(c.ref!) ?? []),
        }),
        'PATCH /companies/{id}': async (c) => {
          this.companyCalls.push(['PATCH', c.ref!, c.body]);
          const before = found(c.ref);
          const body = c.body as Partial<Company> & {
            attributes?: Record<string, unknown>;
            externalId?: string | null;
          };
          const attributes: Record<string, string | number | boolean> = { ...before.attributes };
          for (const [key, value] of Object.entries(body.attributes ?? {}))
            if (value === null) delete attributes[key];
            else attributes[key] = value as string;
          const { externalId, ...rest } = body;
          const changed: Company = { ...before, ...rest, attributes, updatedAt: 2 };
          if (externalId === null) delete changed.externalId;
          else if (externalId !== undefined) changed.externalId = externalId;
          this.companies = this.companies.map((each) => (each.id === before.id ? changed : each));
          return counted(changed);
        },
        'DELETE /companies/{id}': async (c) => {
          this.companyCalls.push(['DELETE', c.ref!, undefined]);
          found(c.ref);
          this.companies = this.companies.filter((each) => each.id !== c.ref);
          for (const [contact, member] of this.companyOf)
            if (member.companyId === c.ref) this.companyOf.delete(contact);
          return undefined;
        },
        'GET /contacts/{id}/company': async (c) => ofContact(c.ref!),
        'PUT /contacts/{id}/company': async (c) => {
          this.companyCalls.push(['PUT', c.ref!, c.body]);
          const { companyId } = c.body as { companyId: string | null };
          if (companyId === null) this.companyOf.delete(c.ref!);
          else {
            found(companyId);
            this.companyOf.set(c.ref!, { companyId, source: 'staff' });
          }
          return ofContact(c.ref!);
        },
      } satisfies FakeRoutes);
    }
  };
}

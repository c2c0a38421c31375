import * as z from 'zod/mini';
import { doc } from './document.js';

/**
 * Companies (issue #86, docs/companies.md): the organisations a site's contacts belong to, one company per contact
 * (as Chatwoot's companies and Intercom's primary company), each with the site's own id of it (`externalId`, what
 * `identify()`'s `company.id` names), its name, its web domains and its custom attributes; set by the site's
 * `identify()` (signed or claimed) or by staff (`/v1/admin/companies`, `/v1/admin/contacts/{id}/company`).
 */

/** The bounds of companies. */
export const COMPANY_LIMITS = {
  /** Characters of a name. */
  nameLength: 200,
  /** Characters of the site's own id. */
  externalIdLength: 256,
  /** Domains per company. */
  domains: 10,
  /** Attributes per company. */
  attributes: 50,
  /** Characters of a text attribute. */
  textLength: 1000,
} as const;

/** Who set a contact's company, or a company's fields: staff, the site's signed `identify()`, or the page's claim. */
export const COMPANY_SOURCES = ['staff', 'signed', 'visitor'] as const;
export type CompanySource = (typeof COMPANY_SOURCES)[number];

/** A company attribute's key: a slug, as custom attributes' keys are. */
export const COMPANY_ATTRIBUTE_KEY = /^[a-z][a-z0-9_]{0,39}$/;

/** A web domain, lower case, without scheme or path (`acme.com`). */
export const COMPANY_DOMAIN = /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

const CompanyName = z
  .string()
  .check(
    z.trim(),
    z.minLength(1, { error: 'an empty name' }),
    z.maxLength(COMPANY_LIMITS.nameLength, { error: `at most ${COMPANY_LIMITS.nameLength} characters` }),
    doc({ description: 'The company’s name.', example: 'Acme Inc.' }),
  );

const ExternalId = z
  .string()
  .check(
    z.minLength(1, { error: 'an empty id' }),
    z.maxLength(COMPANY_LIMITS.externalIdLength, { error: `at most ${COMPANY_LIMITS.externalIdLength} characters` }),
    doc({ description: 'The site’s own id of the company: what `identify()`’s `company.id` names.', example: 'acme' }),
  );

const Domain = z
  .string()
  .check(z.trim(), z.toLowerCase(), z.regex(COMPANY_DOMAIN, { error: 'a domain such as acme.com' }));

const Domains = z
  .array(Domain)
  .check(
    z.maxLength(COMPANY_LIMITS.domains, { error: `at most ${COMPANY_LIMITS.domains} domains` }),
    doc({ description: 'Its web domains (`acme.com`), at most 10.', example: ['acme.com'] }),
  );

/** A company attribute's value: text (at most 1,000 characters), a finite number or a checkbox. */
const AttributeValue = z.union([
  z
    .string()
    .check(z.maxLength(COMPANY_LIMITS.textLength, { error: `at most ${COMPANY_LIMITS.textLength} characters` })),
  z.number().check(z.refine(Number.isFinite, { error: 'a finite number' })),
  z.boolean(),
]);

const attributeBounds = <T extends Record<string, unknown>>() =>
  z.refine<T>((record) => Object.keys(record).length <= COMPANY_LIMITS.attributes, {
    error: `at most ${COMPANY_LIMITS.attributes} attributes`,
  });

/** A company's custom attributes by key. */
export const CompanyAttributes = z
  .record(
    z.string().check(
      z.regex(COMPANY_ATTRIBUTE_KEY, {
        error: 'a slug: a lower-case letter, then letters, digits or _ (at most 40)',
      }),
    ),
    AttributeValue,
  )
  .check(
    attributeBounds(),
    doc({
      description: 'Its custom attributes by key (a slug): text, a number or a checkbox; at most 50.',
      example: { plan: 'Enterprise', seats: 120 },
    }),
  );

/** Changes of a company's custom attributes: `null` removes one, the others are kept. */
export const CompanyAttributesPatch = z
  .record(
    z.string().check(
      z.regex(COMPANY_ATTRIBUTE_KEY, {
        error: 'a slug: a lower-case letter, then letters, digits or _ (at most 40)',
      }),
    ),
    z.nullable(AttributeValue),
  )
  .check(
    attributeBounds(),
    doc({
      description: 'The attributes to set by key; `null` removes one; those not named are kept.',
      example: { seats: 150, trial: null },
    }),
  );

/** `POST /v1/admin/companies`. */
export const CompanyCreate = z
  .strictObject({
    name: CompanyName,
    externalId: z.optional(ExternalId),
    domains: z.optional(Domains),
    attributes: z.optional(CompanyAttributes),
  })
  .check(
    doc({ example: { name: 'Acme Inc.', externalId: 'acme', domains: ['acme.com'], attributes: { plan: 'Pro' } } }),
  );

/** `PATCH /v1/admin/companies/{id}`: the fields given change; `externalId: null` removes the site's id. */
export const CompanyPatch = z
  .strictObject({
    name: z.optional(CompanyName),
    externalId: z.optional(z.nullable(ExternalId)),
    domains: z.optional(Domains),
    attributes: z.optional(CompanyAttributesPatch),
  })
  .check(doc({ example: { name: 'Acme Corporation', attributes: { seats: 150 } } }));

/** A company. */
export const Company = z.object({
  id: z.string().check(doc({ description: 'Parley’s id of the company (`co_…`).' })),
  externalId: z.optional(z.string()),
  name: z.string(),
  domains: z.array(z.string()),
  attributes: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
  source: z.enum(COMPANY_SOURCES).check(
    doc({
      description:
        'Who last set its name and attributes: `staff`, `signed` (the site’s signed `identify()`), or `visitor` (an unsigned claim).',
    }),
  ),
  contactCount: z.int().check(doc({ description: 'How many contacts belong to it.' })),
  createdAt: z.int(),
  updatedAt: z.int(),
});

/** `GET /v1/admin/companies`. */
export const CompanyPage = z.object({ items: z.array(Company), nextCursor: z.optional(z.string()) });

/** A conversation of a company's contact, as the company's page lists it. */
export const CompanyConversation = z.object({
  id: z.string(),
  status: z.string(),
  createdAt: z.int(),
  updatedAt: z.int(),
});

/** A contact of a company, with their conversations the caller may see (most recent first, at most 20). */
export const CompanyContact = z.object({
  id: z.string(),
  name: z.optional(z.string()),
  emailMasked: z.optional(z.string()),
  verified: z.boolean(),
  lastSeenAt: z.int(),
  source: z.enum(COMPANY_SOURCES).check(doc({ description: 'Who put the contact in the company.' })),
  conversations: z.array(CompanyConversation),
});

/** `GET /v1/admin/companies/{id}`: the company and a page of its contacts (most recently seen first). */
export const CompanyDetail = z.object({
  company: Company,
  contacts: z.array(CompanyContact),
  nextCursor: z.optional(z.string().check(doc({ description: 'The next page of its contacts (`cursor`).' }))),
});

/** `PUT /v1/admin/contacts/{id}/company`: the company (Parley’s id), or `null` to take the contact out of theirs. */
export const ContactCompanyBody = z
  .strictObject({
    companyId: z.nullable(z.string().check(z.minLength(1), z.maxLength(64))),
  })
  .check(doc({ example: { companyId: 'co_8Hq2xV0aTz' } }));

/** A contact's company: `company` is `null` when they belong to none. */
export const ContactCompany = z.object({
  contactId: z.string(),
  company: z.nullable(Company),
  source: z.optional(z.enum(COMPANY_SOURCES)),
});

export type CompanyCreate = z.input<typeof CompanyCreate>;
export type CompanyPatch = z.input<typeof CompanyPatch>;
export type Company = z.output<typeof Company>;
export type CompanyPage = z.output<typeof CompanyPage>;
export type CompanyConversation = z.output<typeof CompanyConversation>;
export type CompanyContact = z.output<typeof CompanyContact>;
export type CompanyDetail = z.output<typeof CompanyDetail>;
export type ContactCompanyBody = z.input<typeof ContactCompanyBody>;
export type ContactCompany = z.output<typeof ContactCompany>;

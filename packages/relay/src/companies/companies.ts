import { COMPANY_ATTRIBUTE_KEY, COMPANY_LIMITS, type CompanySource } from '@parley/protocol/admin';
import { randomId } from '../auth/tokens.js';
import type { VisitorSeen } from '../core/hooks.js';
import { ApiError } from '../http/admin-http.js';
import type { Logger } from '../log.js';
import { identifiedCompany, type VisitorCompany } from './identified-company.js';
import type { CompaniesRepository, CompanyRecord, CompanyValue, Membership } from './companies-repository.js';

/** What {@link Companies} is made with. */
export interface CompaniesOptions {
  readonly repository: CompaniesRepository;
  readonly log: Logger;
  /** The clock (tests); default `Date.now`. */
  readonly now?: () => number;
}

/** What staff give to make a company, checked by the contract's schema. */
export interface CompanyFields {
  readonly name: string;
  readonly externalId?: string | undefined;
  readonly domains?: readonly string[] | undefined;
  readonly attributes?: Readonly<Record<string, CompanyValue>> | undefined;
}

/** What staff change of a company, checked by the contract's schema. */
export interface CompanyChanges {
  readonly name?: string | undefined;
  readonly externalId?: string | null | undefined;
  readonly domains?: readonly string[] | undefined;
  readonly attributes?: Readonly<Record<string, CompanyValue | null>> | undefined;
}

/** How long, and for how many conversations, what a silent visitor's `identify()` said of their company is held. */
const HOLD_MS = 60 * 60 * 1000;
const HOLD_MAX = 10_000;

interface Held {
  readonly siteId: string;
  readonly contactId: string;
  readonly company: VisitorCompany;
  readonly at: number;
}

/** A text, number or checkbox an `identify()` claim may set, or `undefined` when it is none (dropped). */
function claimedValue(value: unknown): CompanyValue | null | undefined {
  if (value === null || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string') return value.length <= COMPANY_LIMITS.textLength ? value : undefined;
  return undefined;
}

/** `attributes` with `changes` applied (`null` removes a key), or `undefined` when over the bound. */
function merged(
  attributes: Readonly<Record<string, CompanyValue>>,
  changes: Readonly<Record<string, CompanyValue | null>>,
): Record<string, CompanyValue> | undefined {
  const next: Record<string, CompanyValue> = { ...attributes };
  for (const [key, value] of Object.entries(changes)) {
    if (value === null) delete next[key];
    else next[key] = value;
  }
  return Object.keys(next).length <= COMPANY_LIMITS.attributes ? next : undefined;
}

/**
 * Companies' running part (`use('companies')`, docs/companies.md): a site's companies, one per contact, set by
 * staff or by `identify()` (a signed company is the site's word; an unsigned one a claim that never replaces it).
 */
export class Companies {
  readonly repository: CompaniesRepository;
  readonly #log: Logger;
  readonly now: () => number;
  /** Silent visitors' companies by the conversation id they were given, until their first message (or an hour). */
  readonly #held = new Map<string, Held[]>();
  /** Writes of identified companies under way (awaited when the relay stops). */
  readonly #writing = new Set<Promise<void>>();

  constructor(options: CompaniesOptions) {
    this.repository = options.repository;
    this.#log = options.log;
    this.now = options.now ?? Date.now;
  }

  // ---- staff ------------------------------------------------------------------------------------------------------

  /** A company of the site, or `not_found`. */
  async getOr404(siteId: string, id: string): Promise<CompanyRecord> {
    const found = await this.repository.get(siteId, id);
    if (!found) throw new ApiError('not_found', 'No such company on this site.');
    return found;
  }

  /** Makes a company as staff; `conflict` when the site has one of that `externalId`. */
  async create(siteId: string, fields: CompanyFields): Promise<CompanyRecord> {
    const at = this.now();
    const record: CompanyRecord = {
      id: randomId('co'),
      siteId,
      externalId: fields.externalId ?? null,
      name: fields.name,
      domains: [...new Set(fields.domains ?? [])],
      attributes: { ...fields.attributes },
      source: 'staff',
      createdAt: at,
      updatedAt: at,
    };
    if (!(await this.repository.insert(record)))
      throw new ApiError('conflict', `Invalid body.externalId: another company of this site has it.`);
    return record;
  }

  /** Changes a company as staff; `conflict` when another company of the site has the `externalId` given. */
  async update(siteId: string, id: string, changes: CompanyChanges): Promise<CompanyRecord> {
    const found = await this.getOr404(siteId, id);
    const attributes = changes.attributes ? merged(found.attributes, changes.attributes) : found.attributes;
    if (!attributes)
      throw new ApiError('bad_request', `Invalid body.attributes: at most ${COMPANY_LIMITS.attributes} attributes.`);
    const record: CompanyRecord = {
      ...found,
      name: changes.name ?? found.name,
      externalId: changes.externalId === undefined ? found.externalId : changes.externalId,
      domains: changes.domains ? [...new Set(changes.domains)] : found.domains,
      attributes,
      source: 'staff',
      updatedAt: this.now(),
    };
    if (!(await this.repository.update(record)))
      throw new ApiError('conflict', `Invalid body.externalId: another company of this site has it.`);
    return record;
  }

  /** Puts a contact in a company as staff (replacing the one they were in), or takes them out of it (`null`). */
  async setContactCompany(
    siteId: string,
    contactId: string,
    companyId: string | null,
    staffId: string,
  ): Promise<CompanyRecord | undefined> {
    const found = companyId === null ? undefined : await this.repository.get(siteId, companyId);
    if (companyId !== null && !found)
      throw new ApiError('bad_request', 'Invalid body.companyId: no such company on this site.');
    await this.repository.setMembership(siteId, contactId, companyId, 'staff', staffId, this.now());
    return found;
  }

  /** A contact's company and who put them in it, if they belong to one. */
  async contactCompany(
    siteId: string,
    contactId: string,
  ): Promise<{ company: CompanyRecord; membership: Membership } | undefined> {
    const membership = await this.repository.membership(siteId, contactId);
    const company = membership && (await this.repository.get(siteId, membership.companyId));
    return membership && company ? { company, membership } : undefined;
  }

  // ---- identify(): from the visitor's hello ------------------------------------------------------------------

  /**
   * {@link ChatHooks.visitorSeen}: the company an identified visitor's hello carried, written in the background (a
   * hello never waits for it), or held until their first message while they have not written.
   */
  visitorSeen(visitor: VisitorSeen): void {
    const company = identifiedCompany(visitor);
    if (!company) return;
    const held: Held = {
      siteId: visitor.site.id,
      contactId: visitor.visitorId,
      company,
      at: this.now(),
    };
    if (!visitor.started) {
      // Each hello's in order (at most 4 per conversation id): an unsigned one after a signed one cannot undo it.
      const before = this.#held.get(visitor.conversationId) ?? [];
      this.#held.delete(visitor.conversationId);
      this.#held.set(visitor.conversationId, [...before, held].slice(-4));
      for (const [oldest, hellos] of this.#held) {
        if (this.#held.size <= HOLD_MAX && held.at - hellos[hellos.length - 1]!.at < HOLD_MS) break;
        this.#held.delete(oldest);
      }
      return;
    }
    this.#write([held]);
  }

  /** {@link ChatHooks.conversationCreated}: a silent visitor wrote; what their hellos said is theirs now. */
  conversationCreated(_siteId: string, conversationId: string): void {
    const held = this.#held.get(conversationId);
    if (!held) return;
    this.#held.delete(conversationId);
    this.#write(held);
  }

  /** Silent visitors' companies held in memory (tests). */
  get heldVisitors(): number {
    return this.#held.size;
  }

  /** Until the writes under way are done (the relay's stop; tests). */
  async settled(): Promise<void> {
    while (this.#writing.size > 0) await Promise.all([...this.#writing]);
  }

  #write(hellos: readonly Held[]): void {
    const writing = (async () => {
      for (const held of hellos)
        await this.identify(held.siteId, held.contactId, held.company).catch((error: unknown) =>
          this.#log.warn('companies: could not store a visitor’s company', {
            siteId: held.siteId,
            error: String(error),
          }),
        );
    })().finally(() => this.#writing.delete(writing));
    this.#writing.add(writing);
  }

  /**
   * Stores what `identify()` said of a contact's company. The company is found by the site's id of it, made when
   * the site has none. Signed: its name and attributes are written (attributes merged, `null` removing one) and the
   * contact is put in it, whatever they were in. Unsigned, a claim: it names a company's fields only while no staff
   * member or signature has, and moves the contact only when no staff member or signature put them elsewhere.
   * Attributes that are not text, numbers or checkboxes, keys that are no slug and what passes the bounds are dropped
   * (the page cannot be told).
   */
  async identify(siteId: string, contactId: string, claim: VisitorCompany): Promise<void> {
    const source: CompanySource = claim.signed ? 'signed' : 'visitor';
    const changes: Record<string, CompanyValue | null> = {};
    for (const [key, value] of Object.entries(claim.attributes ?? {}).slice(0, COMPANY_LIMITS.attributes)) {
      const checked = claimedValue(value);
      if (COMPANY_ATTRIBUTE_KEY.test(key) && checked !== undefined) changes[key] = checked;
    }
    const name = claim.name?.trim().slice(0, COMPANY_LIMITS.nameLength) || undefined;
    const at = this.now();
    let found = await this.repository.byExternalId(siteId, claim.id);
    if (!found) {
      const attributes = merged({}, changes) ?? {};
      const record: CompanyRecord = {
        id: randomId('co'),
        siteId,
        externalId: claim.id,
        name: name ?? claim.id,
        domains: [],
        attributes,
        source,
        createdAt: at,
        updatedAt: at,
      };
      // Another hello may have made it meanwhile: then it is that one.
      found = (await this.repository.insert(record)) ? record : await this.repository.byExternalId(siteId, claim.id);
      if (!found) return;
    } else if (claim.signed || found.source === 'visitor') {
      const attributes = merged(found.attributes, changes) ?? found.attributes;
      const renamed = name ?? found.name;
      const same = renamed === found.name && JSON.stringify(attributes) === JSON.stringify(found.attributes);
      if (!same || found.source !== source)
        await this.repository.update({ ...found, name: renamed, attributes, source, updatedAt: at });
    }
    const member = await this.repository.membership(siteId, contactId);
    if (member?.companyId === found.id && (member.source !== 'visitor' || !claim.signed)) return;
    if (!claim.signed && member && member.source !== 'visitor') return;
    await this.repository.setMembership(siteId, contactId, found.id, source, null, at);
  }
}

import {
  PRECHAT_LIMITS,
  checkAttributeValue,
  prechatProblem,
  type PrechatFormField,
  type PrechatFormPut,
  type PrechatProblem,
} from '@parley/protocol/admin';
import type { PrechatWireField, PrechatWireForm } from '@parley/protocol';
import type { AttributeDefinition } from '@parley/protocol/admin';
import type { ChatHooks, VisitorSeen, VisitorWelcomeExtras } from '../core/hooks.js';
import type { Logger } from '../log.js';
import type { PrechatFormRepository, StoredPrechatForm } from './prechat-form-repository.js';

/** How long a site's form is sent as last read before a welcome has it read again (other relays' saves). */
export const PRECHAT_FORM_REFRESH_MS = 30_000;

/** A form or a visitor's values refused: `field` is the path it is about (`fields.2.options`, `values.phone`). */
export class PrechatRefusal extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/** What a visitor's values come to once checked: the contact's name and email, and attribute values by key. */
export interface PrechatValues {
  readonly name?: string;
  readonly email?: string;
  /** Contact attributes by key (`phone` is the contact attribute `phone`). */
  readonly attributes: Readonly<Record<string, string | boolean>>;
}

export interface PrechatFormsOptions {
  readonly repository: PrechatFormRepository;
  readonly log: Logger;
  /** The site's contact attributes (undefined: custom attributes are not part of this relay). */
  readonly definitions: (siteId: string) => Promise<readonly AttributeDefinition[]> | undefined;
  /** Whether the site is within its business hours now (undefined: it keeps none). */
  readonly hours: (siteId: string) => { readonly open: boolean } | undefined;
  readonly now?: () => number;
}

/** English words of a value's problem, after the field's name. */
const PROBLEMS: Record<PrechatProblem, string> = {
  required: 'is required',
  type: 'has the wrong type (a text, or true for a checkbox)',
  length: `must be at most ${PRECHAT_LIMITS.valueLength} characters`,
  choice: 'must be one of the field’s options',
  email: 'must be one email address, name@example.com',
  phone: 'must be a phone number (digits, spaces, + ( ) . -)',
};

/** The attribute a field's key names (`attribute:plan` → `plan`; `phone` is the attribute `phone`), if any. */
export function attributeKeyOf(key: string): string | undefined {
  return key === 'phone' ? 'phone' : key.startsWith('attribute:') ? key.slice('attribute:'.length) : undefined;
}

/** The label of `labels` for `locale`: its own, its language's (`pt-BR` → `pt`), English's, else none. */
function labelFor(
  labels: Readonly<Record<string, string>> | undefined,
  locale: string | undefined,
): string | undefined {
  if (!labels) return undefined;
  const byTag = new Map(Object.entries(labels).map(([tag, text]) => [tag.toLowerCase(), text]));
  const tag = locale?.toLowerCase();
  return (tag && (byTag.get(tag) ?? byTag.get(tag.split('-')[0]!))) || byTag.get('en');
}

/** A site's form as last read, and when. */
interface Entry {
  stored: StoredPrechatForm | undefined;
  at: number;
}

/**
 * The pre-chat forms sites configure (issue #86, docs/prechat-form.md): saved from the inbox, sent in a visitor's
 * welcome when it applies to them (`welcome.prechat`), and the door their values come in by (`prechat` frame), checked
 * against the form. Every site's form is read when the relay starts and kept in memory; a save through this relay is
 * seen at once, one through another relay once a welcome finds it older than {@link PRECHAT_FORM_REFRESH_MS}.
 */
export class PrechatForms implements ChatHooks {
  readonly #options: PrechatFormsOptions;
  readonly #now: () => number;
  readonly #sites = new Map<string, Entry>();
  readonly #pending = new Set<string>();
  #loadedAt: number | undefined;
  #stopped = false;

  constructor(options: PrechatFormsOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
  }

  /** Reads every site's form (before the relay listens). */
  async start(): Promise<void> {
    const at = this.#now();
    for (const [siteId, stored] of await this.#options.repository.all()) this.#sites.set(siteId, { stored, at });
    this.#loadedAt = at;
  }

  stop(): void {
    this.#stopped = true;
  }

  /** The site's form as stored (none: no field, `always`). */
  async get(siteId: string): Promise<{ form: PrechatFormPut; updatedAt?: number }> {
    const stored = await this.#options.repository.get(siteId);
    return stored ? { form: stored.form, updatedAt: stored.updatedAt } : { form: { when: 'always', fields: [] } };
  }

  /**
   * Replaces the site's form, whole, once every field is checked against the others and against the site's contact
   * attributes; throws {@link PrechatRefusal} naming the first wrong one, and saves nothing then.
   */
  async put(siteId: string, form: PrechatFormPut): Promise<void> {
    await this.#checkForm(siteId, form);
    const now = this.#now();
    await this.#options.repository.put(siteId, form, now);
    this.#sites.set(siteId, { stored: form.fields.length ? { form, updatedAt: now } : undefined, at: now });
  }

  async #checkForm(siteId: string, form: PrechatFormPut): Promise<void> {
    const seen = new Set<string>();
    const needsAttributes = form.fields.some((field) => attributeKeyOf(field.key) !== undefined);
    const definitions = needsAttributes ? await this.#options.definitions(siteId) : [];
    if (needsAttributes && definitions === undefined)
      throw new PrechatRefusal('fields', 'custom attributes are not part of this relay: only name and email');
    const contact = new Map(
      (definitions ?? []).filter((found) => found.scope === 'contact').map((found) => [found.key, found]),
    );
    form.fields.forEach((field, index) => {
      const at = `fields.${index}`;
      if (seen.has(field.key)) throw new PrechatRefusal(`${at}.key`, `${field.key} is asked twice`);
      seen.add(field.key);
      for (const tag of Object.keys(field.labels ?? {}).slice(PRECHAT_LIMITS.locales))
        throw new PrechatRefusal(`${at}.labels.${tag}`, `at most ${PRECHAT_LIMITS.locales} locales`);
      const options = field.options ?? [];
      if (field.type === 'choice' ? options.length === 0 : options.length > 0)
        throw new PrechatRefusal(
          `${at}.options`,
          field.type === 'choice' ? 'a choice needs at least one option' : 'only a choice has options',
        );
      if (new Set(options).size !== options.length)
        throw new PrechatRefusal(`${at}.options`, 'an option is listed twice');
      const key = attributeKeyOf(field.key);
      if (key === undefined || (field.key === 'phone' && !contact.has('phone'))) {
        if (field.type !== 'text') throw new PrechatRefusal(`${at}.type`, `${field.key} is a text field`);
        if (field.key === 'phone')
          throw new PrechatRefusal(
            `${at}.key`,
            'phone is kept as the contact attribute phone: define one (Attributes, type text) first',
          );
        return;
      }
      const found = contact.get(key);
      if (!found || found.archived)
        throw new PrechatRefusal(`${at}.key`, `no contact attribute ${key} on this site (Attributes)`);
      const wanted = found.type === 'list' ? 'choice' : found.type === 'checkbox' ? 'checkbox' : 'text';
      if (field.type !== wanted)
        throw new PrechatRefusal(`${at}.type`, `the attribute ${key} (${found.type}) is asked as ${wanted}`);
      const unknown = options.find((option) => !found.options.includes(option));
      if (unknown !== undefined)
        throw new PrechatRefusal(`${at}.options`, `“${unknown}” is not an option of the attribute ${key}`);
    });
  }

  /** {@link ChatHooks.visitorWelcome}: the site's form, when it applies to this visitor now, from memory. */
  visitorWelcome(siteId: string, locale: string | undefined, visitor: VisitorSeen): VisitorWelcomeExtras | undefined {
    const entry = this.#sites.get(siteId);
    const readAt = entry?.at ?? this.#loadedAt ?? Number.NEGATIVE_INFINITY;
    if (this.#now() - readAt >= PRECHAT_FORM_REFRESH_MS) this.#refresh(siteId);
    const form = entry?.stored?.form;
    // Before the first message only; outside hours only if so set (a site without hours is never outside them).
    if (!form || visitor.started) return undefined;
    if (form.when === 'outside-hours' && this.#options.hours(siteId)?.open !== false) return undefined;
    const fields = form.fields
      .filter((field) => !known(visitor, field))
      .map((field): PrechatWireField => {
        const wire: PrechatWireField = { key: field.key, type: field.type };
        const label = labelFor(field.labels, locale);
        if (label) wire.label = label;
        if (field.options) wire.options = [...field.options];
        if (field.required) wire.required = true;
        return wire;
      });
    const prechat: PrechatWireForm = { fields };
    // As JSON text: the widget's form part reads it, so the element's first load carries no check of its fields.
    return fields.length > 0 ? { prechat: JSON.stringify(prechat) } : undefined;
  }

  /**
   * A visitor's values checked against the site's form as this relay holds it: every key a field of the form, each
   * value its field's type and bounds (an attribute's also its definition's), every required field given. Throws
   * {@link PrechatRefusal} naming the first wrong one (`values.phone`).
   */
  async check(siteId: string, values: Readonly<Record<string, string | boolean>>): Promise<PrechatValues> {
    const form = this.#sites.get(siteId)?.stored?.form;
    if (!form) throw new PrechatRefusal('values', 'the site has no pre-chat form');
    const byKey = new Map(form.fields.map((field) => [field.key, field]));
    for (const key of Object.keys(values))
      if (!byKey.has(key)) throw new PrechatRefusal(`values.${key}`, 'not a field of the site’s form');
    const definitions = form.fields.some((field) => attributeKeyOf(field.key) !== undefined)
      ? await this.#options.definitions(siteId)
      : undefined;
    const contact = new Map(
      (definitions ?? [])
        .filter((found) => found.scope === 'contact' && !found.archived)
        .map((found) => [found.key, found]),
    );
    let name: string | undefined;
    let email: string | undefined;
    const attributes: Record<string, string | boolean> = {};
    for (const field of form.fields) {
      const value = values[field.key];
      const problem = prechatProblem(field, value);
      if (problem) throw new PrechatRefusal(`values.${field.key}`, `${labelOf(field)} ${PROBLEMS[problem]}`);
      if (value === undefined || value === false || value === '') continue;
      const given = typeof value === 'string' ? value.trim() : value;
      if (given === '') continue;
      if (field.key === 'name') name = given as string;
      else if (field.key === 'email') email = given as string;
      else {
        const key = attributeKeyOf(field.key)!;
        const found = contact.get(key);
        if (!found) throw new PrechatRefusal(`values.${field.key}`, `the attribute ${key} is no longer defined`);
        const checked = checkAttributeValue(found, given);
        if ('error' in checked) throw new PrechatRefusal(`values.${field.key}`, `${found.label} ${checked.error}`);
        attributes[key] = given;
      }
    }
    return { ...(name !== undefined ? { name } : {}), ...(email !== undefined ? { email } : {}), attributes };
  }

  /** Reads the site's form again in the background; a failure is logged and keeps what there was. */
  #refresh(siteId: string): void {
    if (this.#stopped || this.#pending.has(siteId)) return;
    this.#pending.add(siteId);
    const entry = this.#sites.get(siteId);
    if (entry) entry.at = this.#now();
    else this.#sites.set(siteId, { stored: undefined, at: this.#now() });
    void this.#options.repository
      .get(siteId)
      .then((stored) => {
        if (!this.#stopped) this.#sites.set(siteId, { stored, at: this.#now() });
      })
      .catch((error: unknown) => this.#options.log.warn('pre-chat form not read', { siteId, error: String(error) }))
      .finally(() => this.#pending.delete(siteId));
  }
}

/** How a refusal names a field: its English label, else its key. */
function labelOf(field: PrechatFormField): string {
  return field.labels?.en ?? field.key;
}

/** Whether an identified visitor's hello already gave the field's value (then the form does not ask for it). */
function known(visitor: VisitorSeen, field: PrechatFormField): boolean {
  if (!visitor.profile.verified) return false;
  if (field.key === 'name') return visitor.profile.name !== undefined;
  if (field.key === 'email') return visitor.email !== undefined;
  const key = attributeKeyOf(field.key);
  const value = key === undefined ? undefined : visitor.user?.attributes?.[key];
  return value !== undefined && value !== null;
}

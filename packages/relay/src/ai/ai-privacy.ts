/** What is known of the conversation's contact, to be kept out of prompts. */
export interface PromptPerson {
  readonly name?: string | undefined;
  readonly email?: string | undefined;
  readonly phone?: string | undefined;
}

/** Any email address in a text (the contact's or another's). */
const EMAIL = /[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9.-]{1,253}\.[A-Za-z]{2,24}/g;
/** A phone number: an optional `+`, then 7 to 15 digits with spaces, dots, dashes or brackets between them. */
const PHONE = /(?<![\w+])\+?\d(?:[ .\-()]{0,2}\d){6,14}(?!\w)/g;
/** What {@link PromptPrivacy} puts in place of a value: `[EMAIL_1]`, `[CONTACT_NAME]`. */
const PLACEHOLDER = /\[(?:CONTACT_NAME|CONTACT_FIRST_NAME|EMAIL_\d{1,4}|PHONE_\d{1,4})\]/g;
/** The longest placeholder, for a stream restored a piece at a time. */
const LONGEST_PLACEHOLDER = '[CONTACT_FIRST_NAME]'.length;

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * What keeps a conversation's personal data out of a prompt (docs/ai.md, "Privacy"): every text first passes the
 * site's message safety (`redact`: card numbers, bank details, ids, keys, as the site hides them), then the contact's
 * name, email and phone, and every other email address and phone number, are replaced by placeholders (`[EMAIL_1]`)
 * that {@link restore} puts back in the answer, so the agent reads the real values and the provider never sees them.
 */
export class PromptPrivacy {
  readonly #redact: (text: string) => string;
  /** Placeholder → the value it stands for. */
  readonly #values = new Map<string, string>();
  /** Value (lower case) → its placeholder. */
  readonly #placeholders = new Map<string, string>();
  readonly #names: Array<{ readonly pattern: RegExp; readonly placeholder: string }> = [];
  #emails = 0;
  #phones = 0;

  constructor(redact: (text: string) => string, person: PromptPerson = {}) {
    this.#redact = redact;
    const name = person.name?.trim();
    if (name && name.length >= 2) {
      this.#name(name, '[CONTACT_NAME]');
      const first = name.split(/\s+/)[0]!;
      if (first !== name && first.length >= 2) this.#name(first, '[CONTACT_FIRST_NAME]');
    }
    if (person.email) this.#placeholder(person.email, 'EMAIL');
    if (person.phone) this.#placeholder(person.phone, 'PHONE');
  }

  /** `text` as it may be sent: redacted, personal data replaced. */
  hide(text: string): string {
    let hidden = this.#redact(text);
    // Known values first (the contact's own, in any case), then whatever else looks like one.
    for (const [value, placeholder] of this.#placeholders)
      if (!placeholder.startsWith('[CONTACT')) hidden = hidden.replace(new RegExp(escape(value), 'gi'), placeholder);
    hidden = hidden.replace(EMAIL, (email) => this.#placeholder(email, 'EMAIL'));
    hidden = hidden.replace(PHONE, (phone) => this.#placeholder(phone, 'PHONE'));
    for (const { pattern, placeholder } of this.#names) hidden = hidden.replace(pattern, placeholder);
    return hidden;
  }

  /** `text` (a provider's answer) with every placeholder this prompt made put back. */
  restore(text: string): string {
    return text.replace(PLACEHOLDER, (placeholder) => this.#values.get(placeholder) ?? placeholder);
  }

  /**
   * A restorer for an answer streamed in pieces: a placeholder split between two pieces is held until it is whole
   * (at most {@link LONGEST_PLACEHOLDER} characters are held back).
   */
  restorer(): { push(piece: string): string; end(): string } {
    let held = '';
    return {
      push: (piece) => {
        const text = held + piece;
        const open = text.lastIndexOf('[');
        if (open !== -1 && !text.includes(']', open) && text.length - open < LONGEST_PLACEHOLDER) {
          held = text.slice(open);
          return this.restore(text.slice(0, open));
        }
        held = '';
        return this.restore(text);
      },
      end: () => {
        const rest = this.restore(held);
        held = '';
        return rest;
      },
    };
  }

  #name(name: string, placeholder: string): void {
    this.#values.set(placeholder, name);
    this.#placeholders.set(name.toLowerCase(), placeholder);
    this.#names.push({
      pattern: new RegExp(`(?<![\\p{L}\\p{N}])${escape(name)}(?![\\p{L}\\p{N}])`, 'giu'),
      placeholder,
    });
  }

  #placeholder(value: string, kind: 'EMAIL' | 'PHONE'): string {
    const key = kind === 'PHONE' ? value.replace(/\D/g, '') : value.toLowerCase();
    const known = this.#placeholders.get(key);
    if (known) return known;
    const placeholder = kind === 'EMAIL' ? `[EMAIL_${++this.#emails}]` : `[PHONE_${++this.#phones}]`;
    this.#placeholders.set(key, placeholder);
    this.#values.set(placeholder, value);
    return placeholder;
  }
}

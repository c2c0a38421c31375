/** Bidirectional formatting characters: a name must not reorder the text around it. */
const bidiControls = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** Who a contact is, as far as naming them goes. */
export interface NamedContact {
  /** The contact's (visitor's) id. */
  readonly id: string;
  readonly name?: string | undefined;
  /** Their email as the caller may show it (the inbox's is masked: `j***@ex***.com`). */
  readonly email?: string | undefined;
}

/**
 * The end of a contact's id that names one without a name or an email: the same for them everywhere and for ever.
 *
 * @example contactTag('v_9f2kQx7b') // 'Qx7b'
 */
export function contactTag(id: string): string {
  return id.slice(-4);
}

/**
 * How Parley names a contact wherever it shows one — the inbox's list, thread, visitor panel, contacts page and
 * notifications, the relay's emails and pushes to staff: their name, else their email, else "Visitor #" and the end
 * of their id ({@link contactTag}). Bidirectional controls are dropped and blanks trimmed, so a name of spaces is no
 * name.
 *
 * @param anonymous names one with neither, in the reader's language (default {@link anonymousVisitor})
 * @example
 * contactName({ id: 'v_1', name: 'Ada' }) // 'Ada'
 * contactName({ id: 'v_1', email: 'a***@ex***.com' }) // 'a***@ex***.com'
 * contactName({ id: 'v_9f2kQx7b' }) // 'Visitor #Qx7b'
 * contactName({ id: 'v_9f2kQx7b' }, (id) => `Visiteur #${contactTag(id)}`) // 'Visiteur #Qx7b'
 */
export function contactName(contact: NamedContact, anonymous: (id: string) => string = anonymousVisitor): string {
  const clean = (text: string | undefined): string => (text ?? '').replace(bidiControls, '').trim();
  return clean(contact.name) || clean(contact.email) || anonymous(contact.id);
}

/** A contact with neither a name nor an email, in English: `Visitor #` and the end of their id. */
export function anonymousVisitor(id: string): string {
  return `Visitor #${contactTag(id)}`;
}

/**
 * The strings of the inbox's Pre-chat form page (Settings → Pre-chat form), kept out of the shell: the page's chunk
 * brings the English ones. A translation goes in `AdminStrings.prechatFormPage`.
 */
export interface PrechatFormPageStrings {
  title: string;
  intro: string;
  when: string;
  whenNames: Record<'always' | 'outside-hours', string>;
  fields: string;
  none: string;
  /** A field's legend: its place and what it fills. */
  fieldLegend: (index: number, what: string) => string;
  fills: string;
  keys: Record<'name' | 'email' | 'phone', string>;
  /** A contact attribute in the list of what a field fills. */
  attribute: (label: string) => string;
  type: string;
  typeNames: Record<'text' | 'choice' | 'checkbox', string>;
  options: string;
  optionsHelp: string;
  required: string;
  label: string;
  labelHelp: string;
  otherLabels: string;
  otherLabelsHelp: string;
  add: string;
  up: (index: number) => string;
  down: (index: number) => string;
  remove: (index: number) => string;
  save: string;
  saved: string;
  /** Why the embed's attribute stops counting once the site has a form. */
  precedence: string;
}

/** English strings of the Pre-chat form page. */
export const prechatFormEn: PrechatFormPageStrings = {
  title: 'Pre-chat form',
  intro:
    'What visitors are asked before their first message: their name, email, phone, or any contact attribute. The answers are kept on the contact (attributes as the visitor’s claim, unverified). Identified visitors are not asked what your site already gave.',
  when: 'When to ask',
  whenNames: { always: 'Before every first message', 'outside-hours': 'Only outside business hours' },
  fields: 'Fields',
  none: 'No field: the site has no form of its own.',
  fieldLegend: (index, what) => `Field ${index}: ${what}`,
  fills: 'Fills',
  keys: { name: 'Name', email: 'Email', phone: 'Phone (the contact attribute phone)' },
  attribute: (label) => `Attribute: ${label}`,
  type: 'Type',
  typeNames: { text: 'Text', choice: 'Choice', checkbox: 'Checkbox' },
  options: 'Options',
  optionsHelp: 'One per line, each one of the attribute’s options.',
  required: 'Required',
  label: 'Label (English)',
  labelHelp: 'Empty: the widget’s own word (name, email, phone), else the attribute’s key: give an attribute a label.',
  otherLabels: 'Labels in other languages',
  otherLabelsHelp: 'One per line: a language tag, a colon, the label (fr: Formule).',
  add: 'Add a field',
  up: (index) => `Move field ${index} up`,
  down: (index) => `Move field ${index} down`,
  remove: (index) => `Remove field ${index}`,
  save: 'Save form',
  saved: 'Saved the pre-chat form.',
  precedence:
    'While the site has a form, it replaces the one the embed code’s prechat attribute asks for (name, email, consent); a consent the embed requires is still asked.',
};

// Its strings in the inbox's (a host's `strings`), added from here: admin-strings.ts imports no feature.
declare module '../../admin-strings.js' {
  interface AdminStrings {
    /** The Pre-chat form page's own strings; its chunk brings the English ones when this is not set. */
    prechatFormPage?: PrechatFormPageStrings;
  }
}

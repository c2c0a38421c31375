// German (de): the list's saved views (views-strings.ts). Glossary: docs/translations.md ("The inbox").
import type { ViewsStrings } from '../views-strings.js';
import { plural } from '../../../i18n/plural.js';

/** The saved views in German. */
export const savedViews: ViewsStrings = {
  group: 'Gespeicherte Ansichten',
  save: 'Ansicht speichern',
  edit: (name) => `Ansicht „${name}“ bearbeiten`,
  newTitle: 'Diese Ansicht speichern',
  editTitle: 'Ansicht bearbeiten',
  name: 'Name',
  status: 'Status',
  assignee: 'Zuständig',
  team: 'Team',
  company: 'Firma',
  noCompany: 'Keine Firma',
  labels: 'Labels',
  labelsHint: 'Durch Kommas getrennt; eine Unterhaltung braucht alle.',
  channel: 'Kanal',
  any: 'Beliebig',
  anyone: 'Alle',
  me: 'Ich',
  nobody: 'Nicht zugewiesen',
  chat: 'Chat',
  shared: 'Mit dem Team geteilt',
  sharedHint: 'Alle auf der Website sehen sie; nur Admins ändern sie.',
  sharedMark: 'geteilt',
  personalMark: 'persönlich',
  saveButton: 'Speichern',
  cancel: 'Abbrechen',
  delete: 'Löschen',
  confirmDelete: 'Ja, löschen',
  deleteAsk: (name) => `Die Ansicht „${name}“ löschen? Die Unterhaltungen bleiben, wie sie sind.`,
  count: (n) => plural('de', n, { one: '# Unterhaltung', other: '# Unterhaltungen' }),
  attributes: 'Eigene Attribute',
  attributesHint: 'Eine Unterhaltung braucht alle (ihre eigenen Attribute oder die ihres Kontakts).',
  addAttribute: 'Attribut hinzufügen',
  removeAttribute: (label) => `${label} entfernen`,
  verifiedOnly: 'Nur bestätigte Werte',
  verifiedHint:
    'Bestätigt: von Ihrem Team gesetzt oder von Ihrer Website signiert. Mit „Nur bestätigte Werte“ gilt, was die Seite eines Besuchers unsigniert angibt, als nicht gesetzt.',
  attribute: 'Attribut',
  comparison: 'Vergleich',
  value: 'Wert',
  ops: {
    is: 'ist',
    is_not: 'ist nicht',
    contains: 'enthält',
    gt: 'ist größer als',
    lt: 'ist kleiner als',
    is_set: 'ist gesetzt',
    not_set: 'ist nicht gesetzt',
  },
  yes: 'Ja',
  no: 'Nein',
  scopes: { contact: 'Kontakt', conversation: 'Unterhaltung' },
};

/** Words German writes as English does. */
export const sameAsEnglish = ['Name', 'Status', 'Team', 'Labels', 'Chat'];

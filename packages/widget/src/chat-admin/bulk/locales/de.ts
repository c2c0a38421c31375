// German (de): the list's bulk actions (bulk-strings.ts). Glossary: docs/translations.md ("The inbox").
import type { BulkStrings } from '../bulk-strings.js';
import { plural } from '../../../i18n/plural.js';

/** The bulk actions in German. */
export const bulk: BulkStrings = {
  bar: 'Sammelaktionen',
  picked: (n) => `${n} ausgewählt`,
  selectAll: (n) => `Alle ${n} auswählen`,
  selectMatching: (n) => `Alle ${n} Treffer auswählen`,
  pickedMatching: (n, more) => (more ? `Die ersten ${n} Treffer ausgewählt` : `Alle ${n} Treffer ausgewählt`),
  gathering: 'Alle Treffer werden ausgewählt…',
  clear: 'Auswahl aufheben',
  clearShort: 'Aufheben',
  resolve: 'Als gelöst markieren',
  action: 'Ändern',
  apply: 'Anwenden',
  status: 'Status',
  priority: 'Priorität',
  assign: 'Zuweisen an',
  unassign: 'Niemand (Zuweisung aufheben)',
  team: 'Team',
  noTeam: 'Kein Team',
  snooze: 'Zurückstellen bis',
  laterToday: 'Später heute',
  tomorrow: 'Morgen früh',
  nextWeek: 'Nächsten Montag',
  label: 'Label',
  addLabel: 'Hinzufügen',
  removeLabel: 'Entfernen',
  working: 'Wird ausgeführt…',
  done: (n, what) => `${plural('de', n, { one: '# Unterhaltung', other: '# Unterhaltungen' })} ${what}`,
  failed: (n, which) => `${n} fehlgeschlagen: ${which}`,
  resolved: 'als gelöst markiert',
  setTo: (value) => `auf ${value} gesetzt`,
  assignedTo: (name) => `${name} zugewiesen`,
  unassigned: 'Zuweisung aufgehoben',
  movedTo: (team) => `zu ${team} verschoben`,
  snoozed: 'zurückgestellt',
  labelled: (label) => `mit „${label}“ gelabelt`,
  unlabelled: (label) => `Label „${label}“ entfernt`,
  hint: 'x wählt die fokussierte Unterhaltung, Umschalt+x oder Umschalt+Klick einen Bereich, Escape hebt auf.',
};

/** Words German writes as English does. */
export const sameAsEnglish = ['Status', 'Team', 'Label'];

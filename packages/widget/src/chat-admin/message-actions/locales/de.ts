// German (de): a message's Edit and Delete (message-actions-strings.ts). Glossary: docs/translations.md ("The inbox").
import type { MessageActionsStrings } from '../message-actions-strings.js';

/** Edit and Delete of a message, in German. */
export const messageActions: MessageActionsStrings = {
  actions: 'Aktionen der Nachricht',
  edit: 'Bearbeiten',
  delete: 'Löschen',
  editLabel: 'Nachricht bearbeiten',
  save: 'Speichern',
  cancel: 'Abbrechen',
  editHint: 'Eingabe speichert, Escape bricht ab',
  confirmDelete: 'Diese Nachricht löschen? Alle sehen an ihrer Stelle „Nachricht gelöscht“.',
};

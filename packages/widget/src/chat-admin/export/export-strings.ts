/** The strings of the thread's Export menu and print view; the chunk brings the English ones (`AdminStrings.export`). */
export interface ExportStrings {
  export: string;
  menu: string;
  includeNotes: string;
  print: string;
  pdf: string;
  json: string;
  csv: string;
  preparing: string;
  pdfHint: string;
  downloaded: (file: string) => string;
  // The print view.
  title: (name: string) => string;
  visitor: string;
  contact: string;
  email: string;
  channel: string;
  channels: Record<'chat' | 'email' | 'api', string>;
  subject: string;
  status: string;
  statuses: Record<'open' | 'pending' | 'snoozed' | 'resolved', string>;
  assignee: string;
  team: string;
  labels: string;
  created: string;
  resolved: string;
  exported: (when: string, by: string) => string;
  none: string;
  messages: (count: number) => string;
  notesLeftOut: string;
  note: string;
  hidden: string;
  redacted: (kinds: string) => string;
  deleted: string;
  edited: string;
  authors: Record<'visitor' | 'staff' | 'bot' | 'system', string>;
  files: string;
  events: string;
  eventTypes: Record<'assigned' | 'team' | 'label_added' | 'label_removed' | 'priority' | 'status' | 'merged', string>;
  event: (type: string, what: string, by: string) => string;
}

/** English strings of the Export menu and print view. */
export const exportEn: ExportStrings = {
  export: 'Export',
  menu: 'Export this conversation',
  includeNotes: 'Include private notes',
  print: 'Print',
  pdf: 'Save as PDF',
  json: 'Download JSON',
  csv: 'Download CSV',
  preparing: 'Preparing the export…',
  pdfHint: 'In the print dialog, choose “Save as PDF” as the destination.',
  downloaded: (file) => `Downloaded ${file}.`,
  title: (name) => `Conversation with ${name}`,
  visitor: 'Visitor',
  contact: 'Contact',
  email: 'Email',
  channel: 'Channel',
  channels: { chat: 'Chat', email: 'Email', api: 'API' },
  subject: 'Subject',
  status: 'Status',
  statuses: { open: 'Open', pending: 'Pending', snoozed: 'Snoozed', resolved: 'Resolved' },
  assignee: 'Assignee',
  team: 'Team',
  labels: 'Labels',
  created: 'Started',
  resolved: 'Resolved',
  exported: (when, by) => `Exported ${when} by ${by}`,
  none: '—',
  messages: (count) => (count === 1 ? '1 message' : `${count} messages`),
  notesLeftOut: 'Private notes left out.',
  note: 'Private note',
  hidden: 'Hidden by the content filter',
  redacted: (kinds) => `Redacted: ${kinds}`,
  deleted: 'Deleted by its author',
  edited: 'edited',
  authors: { visitor: 'Visitor', staff: 'Staff', bot: 'Bot', system: 'System' },
  files: 'Files',
  events: 'Changes',
  eventTypes: {
    assigned: 'Assigned to',
    team: 'Moved to team',
    label_added: 'Label added',
    label_removed: 'Label removed',
    priority: 'Priority',
    status: 'Status',
    merged: 'Merged with',
  },
  event: (type, what, by) => `${type}: ${what} (by ${by})`,
};

// Its strings in the inbox's (a host's `strings`), added from here: admin-strings.ts imports no feature.
declare module '../admin-strings.js' {
  interface AdminStrings {
    /** The thread's Export menu and its print view (its chunk brings the English ones). */
    export?: Partial<ExportStrings>;
  }
}

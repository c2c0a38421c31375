import { inTimeOrder } from '@parley/protocol';
import { inboxName } from '../format.js';
import type { ConversationExport, ExportEvent, ExportMessage } from '@parley/protocol/admin';
import type { ExportStrings } from './export-strings.js';
import { inboxLocale } from '../intl-locale.js';

/**
 * The print view of a conversation (docs/export.md): a document of its own, drawn from the export's JSON, that the
 * browser prints or saves as PDF. Clean type, a header block, each message with its author and time, notes and
 * hidden messages marked, files listed; a message is never split across pages, and the colours are light whatever
 * the inbox's theme. Text goes in as text nodes (never markup), each message with `dir="auto"`, so Arabic or
 * Hebrew reads right to left among left-to-right ones.
 */

/** The print view's rules, adopted by its document as a constructed sheet (no inline style: CSP-safe). */
export const PRINT_CSS = `
:root { color-scheme: light; }
html {
  background: #fff;
  color: #1b1b1b;
  font: 10.5pt/1.5 system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', 'DejaVu Sans', 'Noto Sans Arabic',
    Tahoma, sans-serif, 'Noto Color Emoji', 'Apple Color Emoji', 'Segoe UI Emoji';
  -webkit-print-color-adjust: exact;
  print-color-adjust: exact;
}
body { margin: 0; }
main { max-width: 182mm; margin: 0 auto; padding: 8mm 0; }
h1 { font-size: 16pt; line-height: 1.25; margin: 0 0 1mm; }
h2 { font-size: 11.5pt; margin: 6mm 0 2mm; }
.meta { color: #555; font-size: 8.5pt; margin: 0 0 4mm; }
header.head { border-bottom: 1.2pt solid #1b1b1b; padding-bottom: 3mm; margin-bottom: 5mm; break-inside: avoid; }
dl.facts { display: grid; grid-template-columns: max-content 1fr max-content 1fr; gap: 1mm 4mm; margin: 0 0 3mm; font-size: 9.5pt; }
dl.facts dt { color: #5a5a5a; }
dl.facts dd { margin: 0; overflow-wrap: anywhere; }
.count { margin: 0; font-size: 9pt; color: #333; }
ol.messages { list-style: none; margin: 0; padding: 0; }
li.message { break-inside: avoid; page-break-inside: avoid; margin: 0 0 2.5mm; padding: 2mm 3mm;
  border: 0.7pt solid #d0d0d0; border-radius: 1.5mm; background: #fff; }
li.message.staff, li.message.bot { background: #f3f6fa; }
li.message.note { background: #fff7df; border: 0.9pt dashed #b8860b; }
li.message.hidden { border-color: #b3261e; }
.by { display: flex; flex-wrap: wrap; align-items: baseline; gap: 0 2.5mm; font-size: 8.5pt; color: #4a4a4a; }
.by .author { font-weight: 650; font-size: 9.5pt; color: #111; }
.by .seq { color: #8a8a8a; }
.mark { font-size: 7pt; font-weight: 700; letter-spacing: 0.04em; text-transform: uppercase; padding: 0 1.2mm;
  border: 0.6pt solid currentColor; border-radius: 1mm; }
.note .mark.note-mark { color: #7a5600; }
.mark.warn { color: #b3261e; }
p.text { margin: 1mm 0 0; white-space: pre-wrap; overflow-wrap: anywhere; unicode-bidi: plaintext; }
p.text.empty { color: #777; font-style: italic; }
ul.files { margin: 1mm 0 0; padding-inline-start: 5mm; font-size: 9pt; }
ul.files .type { color: #5a5a5a; }
section.events ul { margin: 0; padding-inline-start: 5mm; font-size: 9pt; }
section.events li { break-inside: avoid; }
@media print {
  main { max-width: none; padding: 0; }
  @page { margin: 15mm 14mm; }
}
`;

/** Dates with their day, always: a printed conversation is read later. */
function dateTime(t: number): string {
  return new Intl.DateTimeFormat(inboxLocale(), { dateStyle: 'medium', timeStyle: 'short' }).format(t);
}

/** A size as people read it: 12 KB, 3.4 MB. */
function size(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(bytes < 10 * 1024 ? 1 : 0)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** An element of `doc` with a class, its children appended (strings as text nodes). */
function el(
  doc: Document,
  tag: string,
  className: string | undefined,
  ...children: Array<Node | string | undefined>
): HTMLElement {
  const element = doc.createElement(tag);
  if (className) element.className = className;
  for (const child of children) if (child !== undefined) element.append(child);
  return element;
}

/** An element whose text may run either way (names, messages): the browser decides from its first strong letter. */
function auto<T extends HTMLElement>(element: T): T {
  element.dir = 'auto';
  return element;
}

function message(doc: Document, m: ExportMessage, t: ExportStrings, visitor: string): HTMLElement {
  const kinds = [m.author.kind, m.kind === 'note' ? 'note' : '', m.hidden ? 'hidden' : ''].filter(Boolean);
  const time = el(doc, 'time', 'time', dateTime(m.at));
  time.setAttribute('datetime', new Date(m.at).toISOString());
  const by = el(
    doc,
    'div',
    'by',
    auto(
      el(doc, 'span', 'author', m.author.name ?? (m.author.kind === 'visitor' ? visitor : t.authors[m.author.kind])),
    ),
    m.author.name !== null ? el(doc, 'span', 'role', t.authors[m.author.kind]) : undefined,
    time,
    el(doc, 'span', 'seq', `#${m.seq}`),
    m.kind === 'note' ? el(doc, 'span', 'mark note-mark', t.note) : undefined,
    m.hidden ? el(doc, 'span', 'mark warn', t.hidden) : undefined,
    m.redacted ? el(doc, 'span', 'mark', t.redacted(m.redacted.join(', '))) : undefined,
    m.editedAt !== undefined ? el(doc, 'span', 'edited', t.edited) : undefined,
  );
  const item = el(doc, 'li', `message ${kinds.join(' ')}`, by);
  item.dataset.seq = String(m.seq);
  if (m.deleted) item.append(el(doc, 'p', 'text empty', t.deleted));
  else if (m.text !== '') item.append(auto(el(doc, 'p', 'text', m.text)));
  if (m.files.length > 0) {
    const files = el(doc, 'ul', 'files');
    files.setAttribute('aria-label', t.files);
    for (const file of m.files)
      files.append(
        el(
          doc,
          'li',
          undefined,
          auto(el(doc, 'span', 'name', file.name)),
          ' ',
          el(doc, 'span', 'type', `(${file.type}, ${size(file.size)})`),
        ),
      );
    item.append(files);
  }
  return item;
}

function eventText(e: ExportEvent, t: ExportStrings): string {
  const what =
    e.type === 'assigned'
      ? (e.assignee?.name ?? t.none)
      : e.type === 'team'
        ? (e.team?.name ?? t.none)
        : e.type === 'label_added' || e.type === 'label_removed'
          ? (e.label ?? '')
          : e.type === 'priority'
            ? (e.priority ?? '')
            : e.type === 'merged'
              ? `#${e.from ?? e.into ?? ''}`
              : (e.status ?? '');
  return t.event(t.eventTypes[e.type], what, e.actor.name);
}

/**
 * Fills `doc` (an empty document: a print frame's) with the print view of `data`, and adopts its rules. `lang` and
 * `dir` are the inbox's, for the view's own words; each message sets its own direction.
 */
export function renderPrintView(
  doc: Document,
  data: ConversationExport,
  t: ExportStrings,
  options: { lang?: string; dir?: string; anonymous?: (id: string) => string } = {},
): void {
  const c = data.conversation;
  // Named as the inbox names them: their name, else "Visitor #…" (their masked email is a fact below, not a name).
  const name = inboxName(c.contact, options.anonymous);
  doc.title = `conversation-${c.id}`;
  if (options.lang) doc.documentElement.lang = options.lang;
  if (options.dir) doc.documentElement.dir = options.dir;
  const view = doc.defaultView as (Window & typeof globalThis) | null;
  if (view) {
    const sheet = new view.CSSStyleSheet();
    sheet.replaceSync(PRINT_CSS);
    doc.adoptedStyleSheets = [sheet];
  }
  const facts = el(doc, 'dl', 'facts');
  const fact = (term: string, value: string | null | undefined): void => {
    facts.append(el(doc, 'dt', undefined, term), auto(el(doc, 'dd', undefined, value || t.none)));
  };
  fact(t.contact, c.contact.name ?? name);
  fact(t.email, c.contact.emailMasked);
  fact(t.channel, c.provider?.label ?? t.channels[c.channel]);
  fact(t.subject, c.subject);
  fact(t.status, t.statuses[c.status]);
  fact(t.assignee, c.assignee?.name);
  fact(t.team, c.team?.name);
  fact(t.labels, c.labels.join(', '));
  fact(t.created, dateTime(c.createdAt));
  fact(t.resolved, c.resolvedAt === null ? null : dateTime(c.resolvedAt));
  const header = el(
    doc,
    'header',
    'head',
    auto(el(doc, 'h1', undefined, t.title(name))),
    el(doc, 'p', 'meta', t.exported(dateTime(data.exportedAt), data.exportedBy.name), ` · ${data.site.name} · ${c.id}`),
    facts,
    el(doc, 'p', 'count', t.messages(data.messages.length), data.includesNotes ? '' : ` ${t.notesLeftOut}`),
  );
  const list = el(doc, 'ol', 'messages');
  // One fragment, so the document lays out once however long the conversation.
  const items = doc.createDocumentFragment();
  // A merged conversation in the order it was written (docs/merge.md).
  for (const m of inTimeOrder(data.messages, (one) => one.at)) items.append(message(doc, m, t, name));
  list.append(items);
  const main = el(doc, 'main', 'print', header, list);
  if (data.events.length > 0) {
    const events = el(doc, 'ul', undefined);
    for (const e of data.events) {
      const time = el(doc, 'time', undefined, dateTime(e.at));
      events.append(el(doc, 'li', undefined, time, ' — ', auto(el(doc, 'span', undefined, eventText(e, t)))));
    }
    main.append(el(doc, 'section', 'events', el(doc, 'h2', undefined, t.events), events));
  }
  doc.body.replaceChildren(main);
}

import type { TemplateResult } from 'lit';
import type { Permission } from '@parley/protocol/admin';
import type { LocalMessage } from '@parley/sdk';
import type { AdminConversation, StaffMe } from './admin-types.js';
import type { InboxController } from './inbox-controller.js';
import { definePage } from './define-page.js';
import { holds } from './page-entry.js';

/*
 * The inbox's outlets: named places of its regions that features fill without the region importing them. A feature
 * declares what it puts in an outlet in a file of its own folder named for the outlet (`thread-action.ts` exporting
 * `threadAction`, `list-action.ts` exporting `listAction` (above the conversation list), `contact-section.ts` exporting `contactSection`, `composer-tool.ts` exporting `composerTools`,
 * `composer-hold.ts` exporting `composerHold`, `message-decoration.ts` exporting `messageDecoration`,
 * `report-section.ts` exporting `reportSection` (a card of the Reports page, given its range and filters:
 * pages/reports/report-sections.ts), `report-filter.ts` exporting `reportFilter` (a control of the Reports page's
 * filters, setting query parameters of its feature: pages/reports/report-filters.ts)); the outlet's index (`*.generated.ts`, written from the
 * folders by scripts/contributions.mjs) imports them, and the outlet's list orders them by rank. The region renders
 * its outlet (`outlet(...)`, or `decorations(...)` per message, message-decorations.ts), each entry an element of its own (an `AdminRegion`: it
 * gets `inbox`), fetched in a chunk of its own the first time the outlet is shown. An entry that takes a permission
 * is shown only to the members who hold it (as the relay says, `holds`): for the others it is not made, and its
 * chunk never fetched. The settings pages are filled the same way (`settings-page.ts`,
 * pages/settings/settings-pages.ts).
 */

/** What a feature puts in an outlet: an element, fetched in a chunk of its own. */
export interface OutletEntry {
  /** The element's tag, registered on first use (see `definePage`). */
  readonly tag: string;
  readonly load: () => Promise<CustomElementConstructor>;
  /** Its place in the outlet: lowest first (the entries have gaps of 10, for one to go between). */
  readonly rank: number;
  /**
   * The permission of @parley/protocol/admin its API takes (as a settings page's): a member who does not hold it
   * does not see the entry (its element is not made, its chunk not fetched). Everyone sees it when absent.
   */
  readonly permission?: Permission;
}

/**
 * A composer tool (`composer-tool.ts`, exporting `composerTools`: a feature may put a part in each place): where in
 * `<chat-admin-composer>` its element goes, `above` the reply form (over its Reply / Note row), beside its `send`
 * button, or `below` the form's fields (what a tool leaves about the text: the AI draft's sources, Undo). Its element
 * finds the form it is in (`closest('form')`) for the text being written.
 */
export interface ComposerTool extends OutletEntry {
  readonly place: 'above' | 'send' | 'below';
}

/**
 * A composer hold (`composer-hold.ts`, exporting `composerHold`): a feature's word on whether a reply may be sent to the
 * open conversation now, for a channel that limits when replies go (WhatsApp's 24-hour window). The composer asks
 * each hold when a conversation opens and whenever it changes (its `updatedAt`), and again when a verdict says until
 * when it stands; while one holds, Send (for a reply, not a note) is disabled with the hold's reason beside it. The
 * check is a function fetched in a chunk of its own the first time the composer shows; the relay refuses such a reply
 * anyway (`reply_window_closed`), so a hold spares the member a refusal, it does not enforce one.
 */
export interface ComposerHold {
  /** Its place among the holds: the reason of the lowest that holds is shown. */
  readonly rank: number;
  readonly load: () => Promise<SendCheck>;
}

/**
 * Whether a reply may be sent to `conversation` now: `held` says why not (shown to the member), `until` when to ask
 * again (a window that closes then). `undefined`: nothing to say (not this feature's conversation). It may fetch;
 * `signal` aborts once the composer moved on. A rejection counts as nothing to say.
 */
export type SendCheck = (
  conversation: AdminConversation,
  inbox: InboxController,
  signal: AbortSignal,
) => Promise<SendVerdict | undefined>;

/** A {@link SendCheck}'s answer. */
export interface SendVerdict {
  /** Why a reply may not be sent now, in the member's words; absent when it may. */
  readonly held?: string;
  /** When the verdict may change (ms since the epoch): the composer asks again then. */
  readonly until?: number;
}

/**
 * A message decoration (`message-decoration.ts`, exporting `messageDecoration`): what a feature shows on a message of
 * the thread, in its `place` (`body`: instead of its text; `meta`: in its row of time and status, after them). Per
 * message, so not an element made once: `render` gives the template of its element for the message, or undefined
 * where it shows nothing; a small function in the thread's chunk, while the element comes in a chunk of its own the
 * first time one is shown.
 */
export interface MessageDecoration extends OutletEntry {
  readonly place: 'body' | 'meta';
  readonly render: (message: LocalMessage, inbox: InboxController) => TemplateResult | undefined;
}

/**
 * A report filter (`report-filter.ts`, exporting `reportFilter`): a control of the Reports page's filters for query
 * parameters its feature adds to the conversation list (the relay's point `desk.conversationParams`), which the
 * reports' routes take too (docs/reports.md). `params` names them: the page keeps their values (in the history
 * entry, beside its own filters), passes them to the report, its exports and its sections, and gives the element
 * those of its own at every render (`params`, a `ReportParams`). The element says a choice with the event
 * `chat-report-filter-change` (pages/reports/report-filter-event.ts): the values of its parameters and its choice in
 * words, which the page's line of filters shows.
 */
export interface ReportFilter extends OutletEntry {
  /** The query parameters the filter sets (the conversation list's names, `company`, `attribute`). */
  readonly params: readonly string[];
}

/** The member an outlet is shown to: what they hold decides which entries they see (`holds`). */
export type OutletMember = Pick<StaffMe, 'role' | 'permissions'> | undefined;

/** `entries` in the outlet's order: by rank, lowest first. */
export const ranked = <T extends OutletEntry>(entries: readonly T[]): readonly T[] =>
  [...entries].sort((a, b) => a.rank - b.rank);

/**
 * An outlet's elements, for `inbox` and the signed-in member `me`: those of the entries `me` may use (an entry's
 * `permission`), each made once per outlet shown and kept (its state survives a render), defined once its chunk is
 * in, and given the inbox at every render.
 */
export function outlet(entries: readonly OutletEntry[]): (inbox: unknown, me: OutletMember) => HTMLElement[] {
  const made = new Map<string, HTMLElement & { inbox?: unknown }>();
  return (inbox, me) =>
    entries.flatMap((entry) => {
      if (entry.permission && !holds(me, entry.permission)) return [];
      let element = made.get(entry.tag);
      if (!element) {
        void definePage(entry).catch(() => undefined);
        element = document.createElement(entry.tag);
        made.set(entry.tag, element);
      }
      element.inbox = inbox;
      return element;
    });
}

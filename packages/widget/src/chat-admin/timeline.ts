import { css, html, type TemplateResult } from 'lit';
import type { LocalMessage } from '@parley/sdk';
import type { AdminConversation } from './admin-types.js';
import { longTime } from './format.js';

/*
 * The changes a conversation went through (assignee, labels, priority, status), shown in its thread between the
 * messages at the time they happened: "Ana assigned this to Bo", "Label billing added", "Priority set to high",
 * "Resolved by Ana" (issue #36). Fetched with the relay's timeline (`GET /v1/admin/conversations/{id}/events`,
 * from the audit log) the first time a conversation is shown, and again when it changes; kept out of the inbox's
 * first load.
 */

/** One event as the relay sends it. */
export type TimelineEvent = { at: number; actor: { id: string; name: string } } & (
  | { type: 'assigned'; assignee: { id: string; name: string } | null }
  | { type: 'team'; team: { id: string; name: string } | null }
  | { type: 'label_added' | 'label_removed'; label: string }
  | { type: 'priority'; priority: string }
  | { type: 'status'; status: string }
  | { type: 'merged'; from?: string; into?: string }
);

/** The sentences of the timeline; a translation goes in `AdminStrings.timeline`. */
export interface TimelineStrings {
  assigned: (actor: string, assignee: string) => string;
  assignedSelf: (actor: string) => string;
  unassigned: (actor: string) => string;
  team: (actor: string, team: string) => string;
  noTeam: (actor: string) => string;
  labelAdded: (label: string, actor: string) => string;
  labelRemoved: (label: string, actor: string) => string;
  priority: (priority: string, actor: string) => string;
  resolved: (actor: string) => string;
  reopened: (actor: string) => string;
  status: (status: string, actor: string) => string;
  /** Another conversation was merged into this one (`conversation`: its id). */
  mergedFrom: (conversation: string, actor: string) => string;
  /** This conversation was merged into another. */
  mergedInto: (conversation: string, actor: string) => string;
}

/** English sentences. */
export const timelineEn: TimelineStrings = {
  assigned: (actor, assignee) => `${actor} assigned this to ${assignee}`,
  assignedSelf: (actor) => `${actor} took this`,
  unassigned: (actor) => `${actor} unassigned this`,
  team: (actor, team) => `${actor} moved this to ${team}`,
  noTeam: (actor) => `${actor} took this out of its team`,
  labelAdded: (label, actor) => `Label ${label} added by ${actor}`,
  labelRemoved: (label, actor) => `Label ${label} removed by ${actor}`,
  priority: (priority, actor) => `Priority set to ${priority} by ${actor}`,
  resolved: (actor) => `Resolved by ${actor}`,
  reopened: (actor) => `Reopened by ${actor}`,
  status: (status, actor) => `${actor} set this to ${status}`,
  mergedFrom: (conversation, actor) => `Merged from #${conversation} by ${actor}`,
  mergedInto: (conversation, actor) => `Merged into #${conversation} by ${actor}`,
};

/** The thread the timeline is read for: it holds it, and renders again once it is read. */
export interface TimelineHost {
  readonly inbox: {
    readonly api?: { request<T>(method: 'GET', path: string): Promise<T> } | undefined;
    readonly strings: { readonly timeline?: Partial<TimelineStrings> };
    readonly conversation: { hasEarlier(): boolean };
  };
  timeline: Timeline | undefined;
  requestUpdate(): void;
  getRootNode(): Node;
}

/**
 * The timeline of the conversation a thread shows: given the messages of `thread`, the events to show after each
 * message (those until the next message). It reads them again when `current`'s workflow fields changed (the thread
 * renders again once they are in); none while another conversation's are held. A conversation starts with a
 * message, so every event follows one; those older than the first message held are left out while earlier messages
 * are not loaded.
 */
export type Timeline = (
  thread: readonly LocalMessage[],
  current: AdminConversation,
) => (message: LocalMessage) => TemplateResult[] | undefined;

const styles = css`
  .timeline-event {
    margin: 4px auto;
    text-align: center;
    font-size: 0.8125rem;
  }
`;

/** The fields whose change adds to the timeline. */
const key = (c: AdminConversation): string =>
  JSON.stringify([c.id, c.status, c.priority, c.assigneeId, c.teamId, c.labels]);

/** The sentence of one event. */
function sentence(event: TimelineEvent, s: TimelineStrings): string {
  const actor = event.actor.name;
  switch (event.type) {
    case 'assigned':
      if (!event.assignee) return s.unassigned(actor);
      return event.assignee.id === event.actor.id ? s.assignedSelf(actor) : s.assigned(actor, event.assignee.name);
    case 'team':
      return event.team ? s.team(actor, event.team.name) : s.noTeam(actor);
    case 'label_added':
      return s.labelAdded(event.label, actor);
    case 'label_removed':
      return s.labelRemoved(event.label, actor);
    case 'priority':
      return s.priority(event.priority, actor);
    case 'status':
      return event.status === 'resolved'
        ? s.resolved(actor)
        : event.status === 'open'
          ? s.reopened(actor)
          : s.status(event.status, actor);
    case 'merged':
      return event.from !== undefined ? s.mergedFrom(event.from, actor) : s.mergedInto(event.into ?? '', actor);
  }
}

/**
 * Gives the thread its timeline, which reads each conversation's events as it is shown and after it changes (none
 * when the relay cannot say: an older relay, or an error), and adds the timeline's style to the thread's root.
 */
export function attach(host: TimelineHost): void {
  // Renders before the chunk came each asked for it: the first attaches.
  if (host.timeline) return;
  const { inbox } = host;
  const root = host.getRootNode();
  if (root instanceof ShadowRoot && styles.styleSheet && !root.adoptedStyleSheets.includes(styles.styleSheet))
    root.adoptedStyleSheets = [...root.adoptedStyleSheets, styles.styleSheet];
  const s = { ...timelineEn, ...inbox.strings.timeline };
  const render = (event: TimelineEvent): TemplateResult =>
    html`<p class="timeline-event muted" part="timeline-event" role="note">
      ${sentence(event, s)} · <time datetime=${new Date(event.at).toISOString()}>${longTime(event.at)}</time>
    </p>`;
  /** The events held, of the conversation `id` as it was (`key`); what is being read (`reading`). */
  let held: { id: string; key: string; events: TimelineEvent[] } | undefined;
  let reading: string | undefined;
  const read = async (current: AdminConversation, want: string): Promise<void> => {
    reading = want;
    let events: TimelineEvent[] = [];
    try {
      const path = `/conversations/${encodeURIComponent(current.id)}/events`;
      events = (await inbox.api?.request<{ items: TimelineEvent[] }>('GET', path))?.items ?? [];
    } catch {
      // The thread shows its messages all the same.
    }
    if (reading !== want) return;
    reading = undefined;
    held = { id: current.id, key: want, events };
    host.requestUpdate();
  };
  host.timeline = (thread, current) => {
    const want = key(current);
    if (held?.key !== want && reading !== want) void read(current, want);
    const placed = new Map<LocalMessage, TemplateResult[]>();
    if (held?.id === current.id) {
      const { events } = held;
      // Each event goes after the last message at or before it; older ones wait for earlier messages.
      let next = inbox.conversation.hasEarlier() ? events.findIndex((event) => event.at >= (thread[0]?.ts ?? 0)) : 0;
      if (next < 0) next = events.length;
      for (const [index, message] of thread.entries()) {
        const following = thread[index + 1]?.ts ?? Infinity;
        const after: TemplateResult[] = [];
        for (; next < events.length && events[next]!.at < following; next++) after.push(render(events[next]!));
        if (after.length > 0) placed.set(message, after);
      }
    }
    return (message) => placed.get(message);
  };
  host.requestUpdate();
}

// Its strings in the inbox's (a host's `strings`), added from here: admin-strings.ts imports no feature.
declare module './admin-strings.js' {
  interface AdminStrings {
    /** The thread's timeline of changes (timeline.ts brings the English ones). */
    timeline?: Partial<TimelineStrings>;
  }
}

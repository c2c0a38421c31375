import type { CSSResult, TemplateResult } from 'lit';
import type { PastConversation } from '@parley/protocol';
import type { LocalMessage } from '@parley/sdk';
import { VisitorHistory } from '@parley/sdk/history';
import type { Strings } from '../i18n/en.js';
import type { Lit } from './automation-ui.js';
import type { VisitorClient } from '@parley/sdk/visitor';
import type { HistoryStrings } from './history-strings.js';
import type { PartsHost } from './parts-host.js';

/*
 * The widget's past conversations (issue #86): a returning visitor (identified, or on the same browser) finds their
 * earlier conversations behind the header's "Previous conversations" button, reads one (its messages fetched page by
 * page, read only), and continues it (a resolved one reopens when they write, as any customer message does) or
 * starts a new one. The relay lists only the visitor's own (`@parley/sdk/history`); an erased conversation is not
 * there. Fetched for a visitor who has a conversation (the welcome's `lastSeq`); the button shows once the relay's
 * list has something to go back to: another conversation, or the current one resolved. The view lies over the
 * panel, a dialog with its own heading: Escape or Back returns to the chat, and focus to the button.
 */

/** English, the default. */
export const historyStringsEn: HistoryStrings = {
  title: 'Previous conversations',
  back: 'Back to the chat',
  backToList: 'Back to your conversations',
  startNew: 'Start a new conversation',
  continue: 'Continue this conversation',
  current: 'Current',
  open: 'Open',
  resolved: 'Resolved',
  you: 'You',
  noText: 'A file, or a deleted message',
  empty: 'No messages',
  loading: 'Loading…',
  earlier: 'Earlier messages',
  failed: 'Your conversations could not be loaded. Try again in a moment.',
  readOnly: (when) => `Conversation of ${when}, read only`,
};

/** What the part uses of the element's client. */
export type PastClient = Pick<VisitorClient, 'request' | 'reads' | 'ready' | 'conversationId' | 'welcome'>;

/** What the element hands the part besides its lit. */
export interface HistorySide {
  readonly host: PartsHost;
  /** The element's client, when bound. */
  client(): PastClient | undefined;
  /** Continues as the visitor in the conversation `visitorToken` names (a new client, as for a link from an email). */
  follow(visitorToken: string): void;
}

export interface HistoryPart {
  /** The header's button (once there is something to go back to) and, while open, the view over the panel. */
  render(s: Strings, tag: string): TemplateResult | undefined;
  readonly styles: CSSResult;
}

/** A conversation being read: its messages held so far, oldest first. */
interface Reading {
  readonly conversation: PastConversation;
  messages: readonly LocalMessage[];
  hasMore: boolean;
  loading: boolean;
}

/** Builds the part on the element's lit. */
export function historyPart({ html, css }: Lit, { host, client, follow }: HistorySide): HistoryPart {
  let history: VisitorHistory | undefined;
  /** The list as last fetched (`undefined` until then), and the cursor of its next page. */
  let list: PastConversation[] | undefined;
  let next: string | undefined;
  let open = false;
  let reading: Reading | undefined;
  let busy = false;
  let failed = false;
  /** The client the list was fetched for: another (a continued conversation) fetches it again. */
  let listedFor: PastClient | undefined;

  const update = (): void => host.requestUpdate();
  const root = (): ParentNode => host.renderRoot;
  /** Focuses `selector` in the element once it has rendered. */
  const focus = (selector: string): void =>
    void host.updateComplete.then(() => root().querySelector<HTMLElement>(selector)?.focus());

  /** The client `history` asks through. */
  let historyFor: PastClient | undefined;
  const historyOf = (chat: PastClient): VisitorHistory => {
    if (historyFor !== chat) {
      history = new VisitorHistory(chat);
      historyFor = chat;
    }
    return history!;
  };

  /** Fetches the list's first page (`more`: the page after the held ones). */
  const fetchList = async (more = false): Promise<void> => {
    const chat = client();
    if (!chat || busy) return;
    busy = true;
    failed = false;
    update();
    try {
      const source = historyOf(chat);
      listedFor = chat;
      await chat.ready();
      const page = await source.list(more ? next : undefined);
      list = more ? [...(list ?? []), ...page.conversations] : [...page.conversations];
      next = page.next;
    } catch {
      failed = true;
    } finally {
      busy = false;
      update();
    }
  };

  /** Reads `conversation`'s newest page, or (`older`) the page before the held messages. */
  const read = async (conversation: PastConversation, older = false): Promise<void> => {
    const chat = client();
    if (!chat) return;
    const held: Reading = older && reading ? reading : { conversation, messages: [], hasMore: false, loading: true };
    reading = held;
    held.loading = true;
    failed = false;
    update();
    if (!older) focus('.past h3');
    try {
      const page = await historyOf(chat).read(conversation.id, older ? held.messages[0]?.seq : undefined);
      held.messages = [...page.messages, ...held.messages];
      held.hasMore = page.hasMore;
    } catch {
      failed = true;
    } finally {
      held.loading = false;
      update();
    }
    // The newest page opens at its end, as the chat does; an older page keeps the visitor's place.
    if (!older)
      void host.updateComplete.then(() => {
        const log = root().querySelector<HTMLElement>('.past-log');
        if (log) log.scrollTop = log.scrollHeight;
      });
  };

  /** Continues `conversation` (or starts a new one): the element says hello again with the relay's token. */
  const resume = async (conversation?: PastConversation): Promise<void> => {
    const chat = client();
    if (!chat || busy) return;
    if (conversation?.id === chat.conversationId) return close();
    busy = true;
    update();
    try {
      const { visitorToken } = await historyOf(chat).continueIn(conversation?.id);
      busy = false;
      open = false;
      reading = undefined;
      list = undefined;
      follow(visitorToken);
      update();
      focus('form textarea, form input');
    } catch {
      busy = false;
      failed = true;
      update();
    }
  };

  const show = (): void => {
    open = true;
    reading = undefined;
    void fetchList();
    focus('.past h2');
  };

  const close = (): void => {
    open = false;
    reading = undefined;
    update();
    focus('[part~="history-button"]');
  };

  const onKey = (event: KeyboardEvent): void => {
    if (event.key !== 'Escape') return;
    event.stopPropagation();
    if (reading) {
      reading = undefined;
      update();
      focus('.past h2');
    } else close();
  };

  /** A time as the visitor's locale writes a date and an hour. */
  const when = (ts: number, tag: string): string =>
    new Intl.DateTimeFormat(tag, { dateStyle: 'medium', timeStyle: 'short' }).format(ts);

  const status = (conversation: PastConversation, t: HistoryStrings): string =>
    conversation.status === 'resolved' ? t.resolved : t.open;

  const preview = (conversation: PastConversation, t: HistoryStrings): string => {
    const last = conversation.last;
    if (!last) return t.empty;
    const text = last.text.trim() || t.noText;
    const who = last.mine ? t.you : last.name;
    return who ? `${who}: ${text}` : text;
  };

  const row = (conversation: PastConversation, t: HistoryStrings, tag: string, current: boolean): TemplateResult =>
    html`<li>
      <button type="button" class="past-item" part="history-item" @click=${() => void read(conversation)}>
        <span class="past-line">
          <span class="past-status ${conversation.status === 'resolved' ? 'done' : ''}">${status(conversation, t)}</span>
          ${current ? html`<span class="past-status now">${t.current}</span>` : undefined}
          <time datetime=${new Date(conversation.updatedAt).toISOString()}>${when(conversation.updatedAt, tag)}</time>
        </span>
        <span class="past-preview">${preview(conversation, t)}</span>
      </button>
    </li>`;

  const listView = (t: HistoryStrings, tag: string): TemplateResult => {
    const current = client()?.conversationId;
    return html`<div class="past-bar">
        <button type="button" class="past-back" @click=${close}>← ${t.back}</button>
      </div>
      <h2 tabindex="-1" id="past-title">${t.title}</h2>
      ${failed ? html`<p class="past-note" role="alert">${t.failed}</p>` : undefined}
      ${
        list === undefined
          ? html`<p class="past-note" role="status">${t.loading}</p>`
          : html`<ul class="past-list" aria-labelledby="past-title">
              ${list.map((conversation) => row(conversation, t, tag, conversation.id === current))}
            </ul>`
      }
      ${
        next
          ? html`<button type="button" class="past-more" ?disabled=${busy} @click=${() => void fetchList(true)}>
              ${busy ? t.loading : t.earlier}
            </button>`
          : undefined
      }
      <button type="button" class="past-new" part="history-new" ?disabled=${busy} @click=${() => void resume()}>
        ${t.startNew}
      </button>`;
  };

  const messageView = (held: Reading, t: HistoryStrings, tag: string, title: string): TemplateResult => {
    const { conversation } = held;
    const date = when(conversation.createdAt, tag);
    return html`<div class="past-bar">
        <button
          type="button"
          class="past-back"
          @click=${() => {
            reading = undefined;
            update();
            focus('.past h2');
          }}
        >
          ← ${t.backToList}
        </button>
      </div>
      <h3 tabindex="-1" aria-label=${t.readOnly(date)}>${date} · ${status(conversation, t)}</h3>
      ${failed ? html`<p class="past-note" role="alert">${t.failed}</p>` : undefined}
      <div class="past-log" part="history-log" role="log" aria-busy=${held.loading ? 'true' : 'false'}>
        ${
          held.hasMore
            ? html`<button type="button" class="past-more" ?disabled=${held.loading} @click=${() => void read(conversation, true)}>
                ${held.loading ? t.loading : t.earlier}
              </button>`
            : undefined
        }
        <ol class="past-messages">
          ${held.messages.map(
            (message) => html`<li class=${message.mine ? 'mine' : 'theirs'}>
              <span class="who">${message.mine ? t.you : (message.author.name ?? title)}</span>
              <p>${message.text.trim() || t.noText}</p>
              <time datetime=${new Date(message.ts).toISOString()}>${when(message.ts, tag)}</time>
            </li>`,
          )}
        </ol>
        ${held.loading && held.messages.length === 0 ? html`<p class="past-note" role="status">${t.loading}</p>` : undefined}
      </div>
      <button type="button" class="past-new" part="history-continue" ?disabled=${busy} @click=${() => void resume(conversation)}>
        ${t.continue}
      </button>`;
  };

  /** Whether the list has something to go back to: another conversation, or the current one resolved. */
  const worthShowing = (): boolean => {
    const current = client()?.conversationId;
    return !!list?.some((conversation) => conversation.id !== current || conversation.status === 'resolved');
  };

  return {
    render(s, tag) {
      const chat = client();
      // Fetched once per client (a continued conversation is a new one): the button waits for the answer.
      if (chat && listedFor !== chat && !busy) {
        listedFor = chat;
        queueMicrotask(() => void fetchList());
      }
      if (!open && !worthShowing()) return undefined;
      const t = s.historyStrings ?? historyStringsEn;
      const title = chat?.welcome?.site.name ?? '';
      return html`<button
          class="icon-button"
          part="history-button"
          type="button"
          aria-haspopup="dialog"
          aria-expanded=${open ? 'true' : 'false'}
          aria-label=${t.title}
          title=${t.title}
          @click=${() => (open ? close() : show())}
        >
          <svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" d="M3 12a9 9 0 1 0 3-6.7L3 8M3 3v5h5M12 7v5l3 2"/></svg>
        </button>
        ${
          open
            ? html`<section class="past" part="history" role="dialog" aria-modal="true" aria-labelledby="past-title" @keydown=${onKey}>
                ${reading ? messageView(reading, t, tag, title) : listView(t, tag)}
              </section>`
            : undefined
        }`;
    },
    styles: css`
      .past {
        position: absolute;
        inset: 0;
        z-index: 3;
        display: flex;
        flex-direction: column;
        gap: 8px;
        padding: 12px 16px 16px;
        background: var(--_bg);
        color: var(--_fg);
        overflow: auto;
        text-align: start;
      }
      .past h2,
      .past h3 {
        margin: 4px 0;
        font-size: 17px;
      }
      .past h3 {
        font-size: 15px;
      }
      .past-bar {
        display: flex;
      }
      .past button {
        font: inherit;
        color: inherit;
        cursor: pointer;
      }
      .past-back {
        border: 0;
        background: none;
        padding: 8px 4px;
        color: var(--_muted);
      }
      .past-list,
      .past-messages {
        list-style: none;
        margin: 0;
        padding: 0;
        display: grid;
        gap: 8px;
      }
      .past-item {
        width: 100%;
        display: grid;
        gap: 4px;
        padding: 10px 12px;
        border: 1px solid var(--_border);
        border-radius: 12px;
        background: var(--_surface);
        text-align: start;
      }
      .past-item:hover {
        border-color: var(--_muted);
      }
      .past-line {
        display: flex;
        gap: 8px;
        align-items: center;
        font-size: 12px;
        color: var(--_muted);
      }
      .past-line time {
        margin-inline-start: auto;
      }
      .past-status {
        padding: 1px 8px;
        border-radius: 999px;
        border: 1px solid currentColor;
      }
      .past-status.done {
        border-style: dashed;
      }
      .past-status.now {
        color: var(--_fg);
      }
      .past-preview {
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
      }
      .past-log {
        flex: 1;
        min-height: 0;
        overflow: auto;
      }
      .past-messages li {
        display: grid;
        gap: 2px;
        max-width: 85%;
        padding: 8px 12px;
        border-radius: 12px;
        background: var(--_surface);
      }
      .past-messages li.mine {
        justify-self: end;
        border: 1px solid var(--_border);
        background: transparent;
      }
      .past-messages p {
        margin: 0;
        white-space: pre-wrap;
        overflow-wrap: anywhere;
      }
      .past-messages .who,
      .past-messages time {
        font-size: 12px;
        color: var(--_muted);
      }
      .past-note {
        margin: 0;
        color: var(--_muted);
      }
      .past-more {
        justify-self: center;
        align-self: center;
        border: 0;
        background: none;
        text-decoration: underline;
        padding: 6px;
      }
      .past-new {
        margin-top: auto;
        padding: 10px 14px;
        border: 0;
        border-radius: 10px;
        background: var(--_accent);
        color: var(--_accent-fg) !important;
        font-weight: 600;
      }
      .past-new:disabled {
        opacity: 0.6;
      }
      .past h2:focus,
      .past h3:focus {
        outline: none;
      }
      .past :focus-visible {
        outline: 2px solid currentColor;
        outline-offset: 2px;
      }
    `,
  };
}

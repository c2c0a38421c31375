import { html, nothing, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { AdminRegion } from './admin-region.js';
import type { AdminStrings } from './admin-strings.js';
import { STATUSES, VIEWS, type AdminConversation } from './admin-types.js';
import { stripBidiControls } from '../chat-widget/display-text.js';
import { chatAdminListStyles } from './chat-admin-list.styles.js';
import { channelBadge, duration, shortTime } from './format.js';
import { ADMIN_PARTS, definePage } from './pages.js';

/**
 * The conversation list of `<chat-admin>`: Mine / Unassigned / All and the status tabs with their counts, the
 * search, and a listbox of conversations (presence, priority, last message or typing, unread badge, labels)
 * with one tab stop, arrow keys, Home and End. Renders into `<chat-admin>`'s shadow root (see `AdminRegion`),
 * so its parts are `<chat-admin>`'s.
 *
 * @summary Inbox filters and the conversation list.
 * @tag chat-admin-list
 *
 * @csspart inbox - The conversation list column.
 * @csspart conversation-list - The list of conversations.
 */
export class ChatAdminList extends AdminRegion {
  static override styles = chatAdminListStyles;

  /** The SLA timers are read at render: render again every 30 s while one is shown, so they stay true. */
  #tick: ReturnType<typeof setInterval> | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    this.#tick = setInterval(() => {
      if (this.inbox?.state.items.some((item) => item.dueAt !== undefined && item.firstResponseAt === undefined))
        this.requestUpdate();
    }, 30_000);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearInterval(this.#tick);
  }

  #onKeydown = (event: KeyboardEvent): void => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const active = (event.target as HTMLElement).closest('[role=option]');
      this.inbox.list.move(event.key === 'ArrowDown' ? 1 : -1, active?.id.slice('option-'.length), true);
    } else if (event.key === 'Home' || event.key === 'End') {
      event.preventDefault();
      this.inbox.list.select(event.key === 'Home' ? 0 : this.inbox.state.items.length - 1, true);
    }
  };

  #firstRunElement: (HTMLElement & { inbox?: unknown }) | undefined;

  /** First steps while the site has no conversation: an element of its own chunk, which asks and decides. */
  #firstRun(): HTMLElement {
    if (!this.#firstRunElement) {
      void definePage(ADMIN_PARTS.firstRun).catch(() => undefined);
      this.#firstRunElement = document.createElement(ADMIN_PARTS.firstRun.tag);
    }
    this.#firstRunElement.inbox = this.inbox;
    return this.#firstRunElement;
  }

  protected override render(): TemplateResult {
    const s = this.inbox.strings;
    const { counts, view, status, query, listError, items, nextCursor } = this.inbox.state;
    // Saved views, picking conversations and the bulk bar: a chunk of their own, fetched once signed in, which
    // puts its element under the views. A fetch that fails (offline before it came) is made again by the next render.
    void import('./list-tools.js').then((tools) => tools.attach(this)).catch(() => undefined);
    return html`<section class="inbox" part="inbox" aria-label=${s.conversations}>
      <div class="filters">
        <div class="views" role="group" aria-label=${s.conversations}>
          ${VIEWS.map(
            (
              each,
            ) => html`<button type="button" aria-pressed=${view === each} @click=${() => this.inbox.list.setView(each)}>
              ${s.views[each]} <span class="count">${counts[each] ?? 0}</span>
            </button>`,
          )}
        </div>
        <div class="statuses" role="group" aria-label=${s.status}>
          ${STATUSES.map(
            (each) => html`<button
              type="button"
              aria-pressed=${status === each}
              @click=${() => this.inbox.list.setStatus(each)}
            >
              ${s.statuses[each]} <span class="count">${counts[each]}</span>
            </button>`,
          )}
        </div>
        <input id="search" class="search" type="search" aria-label=${s.search} placeholder=${s.search} aria-keyshortcuts="/" .value=${query} @input=${(event: Event) => this.inbox.list.search((event.currentTarget as HTMLInputElement).value)} />
      </div>
      ${listError ? html`<p class="error" role="alert">${s.error(listError)}</p>` : nothing}
      ${
        items.length === 0
          ? html`<p class="empty muted">${s.noConversations}</p>
              ${query ? nothing : this.#firstRun()}`
          : html`<ul
            class="list"
            part="conversation-list"
            role="listbox"
            aria-label=${s.conversations}
            aria-keyshortcuts="j k"
            @keydown=${this.#onKeydown}
          >
            ${repeat(
              items,
              (item) => item.id,
              (item, index) => this.#renderItem(s, item, index),
            )}
          </ul>`
      }
      ${nextCursor ? html`<button type="button" class="more ghost" @click=${() => this.inbox.list.loadMore()}>${s.loadEarlier}</button>` : nothing}
    </section>`;
  }

  /**
   * The conversation's timers: overdue, or its first reply due (or late) while unanswered; then how long the first
   * reply and the resolution took. Read at render: the list renders again on every change.
   */
  #renderSla(s: AdminStrings, item: AdminConversation): TemplateResult | typeof nothing {
    const now = Date.now();
    const marks: TemplateResult[] = [];
    const answered = item.firstResponseAt;
    if (answered === undefined && item.overdue)
      marks.push(
        html`<span class="overdue">${s.overdue}</span> ${s.firstReplyLate(duration((now - item.createdAt) / 1000))}`,
      );
    else if (answered === undefined && item.dueAt !== undefined && item.status !== 'resolved')
      marks.push(
        html`<span>${item.dueAt > now ? s.firstReplyDue(duration((item.dueAt - now) / 1000)) : s.firstReplyLate(duration((now - item.createdAt) / 1000))}</span>`,
      );
    if (answered !== undefined)
      marks.push(html`<span>${s.firstReplyAfter(duration((answered - item.createdAt) / 1000))}</span>`);
    if (item.status === 'resolved' && item.resolvedAt !== undefined)
      marks.push(html`<span>${s.resolvedAfter(duration((item.resolvedAt - item.createdAt) / 1000))}</span>`);
    const team = item.teamId && this.inbox.state.teams.find((each) => each.id === item.teamId);
    if (team) marks.push(html`<span class="team">${team.name}</span>`);
    return marks.length > 0 ? html`<span class="line sla">${marks}</span>` : nothing;
  }

  /** The name of the first file of a message the client holds (a message with files may have no text). */
  #fileName(conversationId: string, seq: number): string | undefined {
    return this.inbox.client?.messages(conversationId).find((entry) => entry.seq === seq)?.attachments?.[0]?.name;
  }

  /**
   * Who wrote a staff message, before its preview: "You" for the reader's own only; a colleague's (their note, their
   * scheduled reply) by their name as stored with it, else as the team list names them.
   */
  #author(s: AdminStrings, last: NonNullable<AdminConversation['lastMessage']>): string {
    if (last.authorRole !== 'staff') return '';
    const me = this.inbox.state.me?.id;
    // A relay from before authors were sent says nothing of who: it only ever said "You".
    if (last.authorId === undefined || last.authorId === me) return `${s.you}: `;
    const name =
      stripBidiControls(last.authorName ?? '') ||
      this.inbox.state.staff.find((member) => member.id === last.authorId)?.name ||
      s.colleague;
    return `${name}: `;
  }

  #renderItem(s: AdminStrings, item: AdminConversation, index: number): TemplateResult {
    const { current, items, typing: typingBy } = this.inbox.state;
    const selected = item.id === current?.id;
    // One tab stop: the open conversation, or the first when the open one is not listed.
    const focusable = selected || (index === 0 && (!current || !items.some((i) => i.id === current.id)));
    const name = this.inbox.list.nameOf(item);
    const typing = typingBy.get(item.id);
    const last = item.lastMessage;
    const badge = channelBadge(item, s.channels);
    return html`<li
      id=${`option-${item.id}`}
      role="option"
      class="item ${item.unread > 0 ? 'unread' : ''}"
      aria-selected=${selected}
      tabindex=${focusable ? '0' : '-1'}
      @click=${() => this.inbox.list.select(index, true)}
      @keydown=${(event: KeyboardEvent) => {
        if (event.key === 'Enter' || event.key === ' ') {
          event.preventDefault();
          this.inbox.list.select(index, true);
        }
      }}
    >
      <span class="line">
        <span class="dot ${item.visitor.online ? 'on' : ''}" aria-hidden="true"></span>
        <span class="name">${name}</span>
        ${badge ? html`<span class="channel ${item.channel}" data-provider=${item.provider?.id ?? nothing}>${badge}</span>` : nothing}
        ${item.visitor.online ? html`<span class="sr-only">${s.online}</span>` : nothing}
        ${item.priority !== 'none' ? html`<span class="priority ${item.priority}">${s.priorities[item.priority]}</span>` : nothing}
        ${last ? html`<time datetime=${new Date(last.ts).toISOString()}>${shortTime(last.ts)}</time>` : nothing}
      </span>
      ${item.subject ? html`<span class="line"><span class="subject" dir="auto">${item.subject}</span></span>` : nothing}
      <span class="line">
        <span class="preview" dir="auto">${typing ? s.typing(typing) : last ? `${this.#author(s, last)}${last.text || `📎 ${this.#fileName(item.id, last.seq) ?? s.attachment}`}` : ''}</span>
        ${item.unread > 0 ? html`<span class="badge" aria-label=${s.unread(item.unread)}>${item.unread > 99 ? '99+' : item.unread}</span>` : nothing}
      </span>
      ${this.#renderSla(s, item)}
      ${item.labels.length > 0 ? html`<span class="line labels">${item.labels.map((label) => html`<span class="label">${label}</span>`)}</span>` : nothing}
    </li>`;
  }
}

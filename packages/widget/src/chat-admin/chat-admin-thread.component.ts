import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import type { LocalMessage, MessageStatus } from '@parley/sdk';
import { mentionRanges } from '@parley/protocol';
import { stripBidiControls } from '../chat-widget/display-text.js';
import { linkify } from '../chat-widget/linkify.js';
import { AdminRegion } from './admin-region.js';
import type { AdminStrings } from './admin-strings.js';
import { PRIORITIES, STATUSES, type AdminConversation, type ConversationStatus, type StaffMe } from './admin-types.js';
import { chatAdminThreadStyles } from './chat-admin-thread.styles.js';
import { channelBadge, longTime } from './format.js';
import { decorations } from './message-decorations.js';
import { ADMIN_PARTS, definePage } from './pages.js';
import type { Timeline } from './timeline.js';

/**
 * The open conversation of `<chat-admin>`: its header (assignee, status, priority, resolve, the visitor panel's
 * toggle), the message log (a polite live region, with "load earlier"), the visitor's typing, and the
 * `<chat-admin-composer>`. The messages are the client's timeline (`ConversationController.thread()`); staff messages
 * show the visitor's read mark. Renders into `<chat-admin>`'s shadow root (see `AdminRegion`), so its parts are
 * `<chat-admin>`'s.
 *
 * @summary The open conversation: header, messages, typing, composer.
 * @tag chat-admin-thread
 *
 * @csspart conversation - The open conversation.
 * @csspart message-list - The message history (a log).
 * @csspart message - Every message; also `message-visitor`, `message-staff` or `message-note`.
 */
export class ChatAdminThread extends AdminRegion {
  static override styles = chatAdminThreadStyles;

  static override properties = {
    ...AdminRegion.properties,
    _dragging: { state: true },
  };

  /** Files are being dragged over the conversation (and the site accepts files). */
  declare private _dragging: boolean;

  /** Follow new messages while the log is scrolled to its end. */
  #stickToBottom = true;
  /** Where the log was last scrolled to its end. */
  #endAt = 0;
  #shown: string | undefined;
  /** The shown conversation's changes, placed among its messages: set by timeline.ts once fetched. */
  declare timeline: Timeline | undefined;

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    const id = this.inbox.state.current?.id;
    if (id !== this.#shown) this.#stickToBottom = true;
    this.#shown = id;
  }

  /**
   * Keeps the end in view while the messages grow after rendering: a message's files render in their own element,
   * then their images load (the log was left short of its newest message when a conversation opened, issue #36).
   */
  readonly #resized = new ResizeObserver(() => this.#follow());

  protected override updated(): void {
    super.updated();
    const log = this.querySelector('.log');
    // The messages shown now, and no longer those of a conversation left.
    this.#resized.disconnect();
    for (const message of log?.children ?? []) this.#resized.observe(message);
    this.#follow();
  }

  #follow(): void {
    const log = this.querySelector('.log');
    if (!log || !this.#stickToBottom) return;
    log.scrollTop = log.scrollHeight;
    this.#endAt = log.scrollTop;
  }

  #onScroll = (event: Event): void => {
    const log = event.currentTarget as HTMLElement;
    // Our own scroll to the end may be reported after the messages grew under it: only a scroll up leaves the end.
    this.#stickToBottom =
      log.scrollHeight - log.scrollTop - log.clientHeight < 40 || (this.#stickToBottom && log.scrollTop >= this.#endAt);
  };

  #onLoadEarlier = async (): Promise<void> => {
    const log = this.querySelector('.log');
    const fromBottom = log ? log.scrollHeight - log.scrollTop : 0;
    this.#stickToBottom = false;
    await this.inbox.conversation.loadEarlier();
    await this.updateComplete;
    if (log) log.scrollTop = log.scrollHeight - fromBottom;
  };

  #onDragOver = (event: DragEvent): void => {
    if (!this.inbox.files || !event.dataTransfer?.types.includes('Files')) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
    this._dragging = true;
  };

  #onDragLeave = (event: DragEvent): void => {
    // Leaving for a child of the conversation is not leaving it.
    if (!(event.currentTarget as Node).contains(event.relatedTarget as Node | null)) this._dragging = false;
  };

  #onDrop = (event: DragEvent): void => {
    this._dragging = false;
    const files = event.dataTransfer?.files;
    if (!this.inbox.files || !files?.length) return;
    event.preventDefault();
    this.inbox.files.attach(files);
  };

  protected override render(): TemplateResult {
    const s = this.inbox.strings;
    const { current, me, typing: typingBy, loadingEarlier } = this.inbox.state;
    if (!current || !me) {
      return html`<main class="conversation empty-state" part="conversation" aria-label=${s.messages}><p class="muted">${s.selectConversation}</p></main>`;
    }
    const typing = typingBy.get(current.id);
    const name = this.inbox.list.nameOf(current);
    // A fetch that fails (offline before the chunk came) is made again by the next render.
    if (!this.timeline) void import('./timeline.js').then(({ attach }) => attach(this)).catch(() => undefined);
    const thread = this.inbox.conversation.thread();
    const events = this.timeline?.(thread, current);
    // Sending moves the log to its end.
    return html`<main
      class="conversation ${this._dragging ? 'dragging' : ''}"
      part="conversation"
      aria-labelledby="conversation-title"
      @submit=${() => (this.#stickToBottom = true)}
      @dragover=${this.#onDragOver}
      @dragleave=${this.#onDragLeave}
      @drop=${this.#onDrop}
    >
      ${this._dragging ? html`<chat-admin-drop .inbox=${this.inbox}></chat-admin-drop>` : nothing}
      ${this.#renderHead(s, current, me, name)}
      ${this.#renderFlags()}
      <div class="log" part="message-list" role="log" aria-live="polite" aria-label=${s.messages} tabindex="0" @scroll=${this.#onScroll}>
        ${
          this.inbox.conversation.hasEarlier()
            ? html`<button class="earlier ghost" type="button" ?disabled=${loadingEarlier} @click=${this.#onLoadEarlier}>
              ${loadingEarlier ? s.loading : s.loadEarlier}
            </button>`
            : nothing
        }
        ${repeat(
          thread,
          (entry) => entry.clientId,
          (entry) => [this.#renderMessage(s, entry, current, name), events?.(entry)],
        )}
      </div>
      <p class="typing" aria-live="polite">${typing ? s.typing(typing) : nothing}</p>
      ${this.#renderComposer()}
    </main>`;
  }

  #renderHead(s: AdminStrings, current: AdminConversation, me: StaffMe, name: string): TemplateResult {
    const assignees = this.inbox.state.staff.filter((staff) => staff.id !== me.id);
    const { showVisitor } = this.inbox.state;
    return html`<header class="conversation-head">
        <button type="button" class="ghost back" @click=${() => this.inbox.conversation.back()}><span aria-hidden="true">←</span> <span class="sr-only">${s.back}</span></button>
        <div class="title">
          <h2 id="conversation-title" tabindex="-1">${name}</h2>
          ${
            current.channel
              ? html`<p class="subject"><span class="channel">${channelBadge(current, s.channels)}</span> <span dir="auto">${current.subject ?? ''}</span></p>`
              : nothing
          }
        </div>
        <div class="controls">
          <label
            >${s.assignee}
            <select
              @change=${(event: Event) => {
                const value = (event.currentTarget as HTMLSelectElement).value;
                void this.inbox.conversation.patch({ assigneeId: value || null });
              }}
            >
              <option value="" ?selected=${current.assigneeId === null}>${s.unassigned}</option>
              <option value=${me.id} ?selected=${current.assigneeId === me.id}>${s.me(me.name)}</option>
              ${assignees.map((staff) => html`<option value=${staff.id} ?selected=${current.assigneeId === staff.id}>${staff.name}</option>`)}
              ${
                current.assigneeId &&
                current.assigneeId !== me.id &&
                !assignees.some((a) => a.id === current.assigneeId)
                  ? html`<option value=${current.assigneeId} selected>${current.assigneeId}</option>`
                  : nothing
              }
            </select>
          </label>
          <label
            >${s.status}
            <select @change=${(event: Event) => void this.inbox.conversation.patch({ status: (event.currentTarget as HTMLSelectElement).value as ConversationStatus })}>
              ${STATUSES.map((status) => html`<option value=${status} ?selected=${current.status === status}>${s.statuses[status]}</option>`)}
            </select>
          </label>
          <label
            >${s.priority}
            <select @change=${(event: Event) => void this.inbox.conversation.patch({ priority: (event.currentTarget as HTMLSelectElement).value as AdminConversation['priority'] })}>
              ${PRIORITIES.map((priority) => html`<option value=${priority} ?selected=${current.priority === priority}>${s.priorities[priority]}</option>`)}
            </select>
          </label>
          ${
            this.inbox.state.teams.length > 0
              ? html`<label
                  >${s.team}
                  <select
                    id="team"
                    @change=${(event: Event) => {
                      const value = (event.currentTarget as HTMLSelectElement).value;
                      void this.inbox.conversation.patch({ teamId: value || null });
                    }}
                  >
                    <option value="" ?selected=${current.teamId === undefined}>${s.noTeam}</option>
                    ${this.inbox.state.teams.map((team) => html`<option value=${team.id} ?selected=${current.teamId === team.id}>${team.name}</option>`)}
                  </select>
                </label>`
              : nothing
          }
          ${this.#actions?.(this.inbox, this.inbox.state.me) ?? this.#loadActions()}
          <button type="button" class="primary resolve" aria-keyshortcuts="e" @click=${() => this.inbox.conversation.toggleResolved()}>
            ${current.status === 'resolved' ? s.reopen : s.resolve}
          </button>
          <button
            id="visitor-toggle"
            type="button"
            class="ghost visitor-toggle"
            aria-expanded=${showVisitor ? 'true' : 'false'}
            aria-controls="visitor-panel"
            @click=${() => this.inbox.conversation.showVisitor(!showVisitor)}
          >
            ${s.visitorPanel}
          </button>
        </div>
      </header>`;
  }

  /**
   * The features' thread actions (`thread-actions.ts`: their list, and the making of their elements, are a chunk of
   * their own, fetched when the first conversation is shown, so that an action adds nothing to the inbox's first
   * load); `null` while the chunk is fetched.
   */
  #actions: ReturnType<typeof import('./thread-actions.js').threadActions> | null | undefined;

  /** Fetches the thread actions' chunk; renders again once it is in. */
  #loadActions(): typeof nothing {
    if (this.#actions === undefined) {
      this.#actions = null;
      import('./thread-actions.js').then(
        (m) => {
          this.#actions = m.threadActions();
          this.requestUpdate();
        },
        // Offline, or a deploy replaced the chunk: asked again on the next render.
        () => (this.#actions = undefined),
      );
    }
    return nothing;
  }

  /** A note's text with its mentions of teammates (the relay's rule, `mentionRanges`) marked, as text nodes. */
  #withMentions(text: string): Array<string | TemplateResult> {
    const { staff, me } = this.inbox.state;
    const members = !me || staff.some((each) => each.id === me.id) ? staff : [...staff, me];
    const parts: Array<string | TemplateResult> = [];
    let last = 0;
    for (const { id, start, end } of mentionRanges(text, members)) {
      parts.push(
        text.slice(last, start),
        html`<span class="mention ${id === me?.id ? 'mention-me' : ''}">${text.slice(start, end)}</span>`,
      );
      last = end;
    }
    parts.push(text.slice(last));
    return parts;
  }

  /** Why the conversation is up for review, or marked as spam (a banner in its own chunk; nothing when neither). */
  #renderFlags(): TemplateResult {
    void definePage(ADMIN_PARTS.flags).catch(() => undefined);
    return html`<chat-admin-flags .inbox=${this.inbox}></chat-admin-flags>`;
  }

  /** The composer, in a chunk of its own (fetched when the first conversation opens). */
  #renderComposer(): TemplateResult {
    void definePage(ADMIN_PARTS.composer).catch(() => undefined);
    return html`<chat-admin-composer .inbox=${this.inbox}></chat-admin-composer>`;
  }

  /** A message's files: their element renders once its chunk is in. */
  #renderFiles(entry: LocalMessage): TemplateResult {
    void definePage(ADMIN_PARTS.files).catch(() => undefined);
    return html`<chat-admin-files .message=${entry} .inbox=${this.inbox}></chat-admin-files>`;
  }

  #renderMessage(
    s: AdminStrings,
    entry: LocalMessage,
    current: AdminConversation,
    visitorName: string,
  ): TemplateResult {
    const role =
      entry.kind === 'note'
        ? 'note'
        : entry.author.role === 'visitor'
          ? 'visitor'
          : entry.author.role === 'bot'
            ? 'bot'
            : 'staff';
    // A visitor's messages carry the name their page gave then; the contact's name now is the one the inbox shows.
    const who =
      entry.author.role === 'visitor'
        ? visitorName
        : entry.mine
          ? s.you
          : stripBidiControls(entry.author.name ?? '') || s.you;
    const read = role === 'staff' && entry.seq !== undefined && entry.seq <= current.visitorReadSeq;
    const status: MessageStatus = read ? 'read' : entry.status;
    const statusText = {
      queued: s.queued,
      sending: s.queued,
      sent: s.sent,
      delivered: s.delivered,
      read: s.read,
      failed: s.failed,
    }[status];
    const badge =
      role === 'note'
        ? html` <span class="note-badge">${s.noteBadge}</span>`
        : role === 'bot'
          ? html` <span class="note-badge bot-badge">${s.botBadge}</span>`
          : nothing;
    // The features' decorations (message-decorations.ts): one instead of the text (a redacted message), in the meta
    // row after the status (the email's original, Edit and Delete).
    const body = entry.deleted ? [] : decorations('body', entry, this.inbox);
    return html`<article class="msg ${role}" part="message message-${role}" aria-label=${role === 'note' ? `${s.noteBadge}, ${who}` : who}>
      <p class="author">${who}${badge}${entry.via === 'email' ? html` <span class="email-badge">${s.emailBadge}</span>` : nothing}</p>
      ${entry.rating ? html`<p class="rating" aria-label=${s.rated(entry.rating.score)}>${s.rated(entry.rating.score)}</p>` : nothing}
      ${
        entry.deleted
          ? html`<p class="bubble deleted muted">${s.messageDeleted}</p>`
          : body.length
            ? body
            : entry.text
              ? html`<p class="bubble" dir="auto">${linkify(entry.text).map((part) =>
                  part.kind === 'link'
                    ? html`<a href=${part.href} target="_blank" rel="noopener noreferrer">${part.text}</a>`
                    : role === 'note'
                      ? this.#withMentions(part.text)
                      : part.text,
                )}</p>`
              : nothing
      }
      ${entry.attachments?.length || entry.files?.length ? this.#renderFiles(entry) : nothing}
      ${
        entry.buttons
          ? html`<ul class="buttons" aria-label=${s.quickReplies}>
              ${entry.buttons.map(({ label }) => html`<li dir="auto">${label}</li>`)}
            </ul>`
          : nothing
      }
      <p class="meta">
        <time datetime=${new Date(entry.ts).toISOString()}>${longTime(entry.ts)}</time>
        ${
          entry.editedAt !== undefined && !entry.deleted
            ? html`<span class="edited" title=${s.editedAt(longTime(entry.editedAt))}>${s.edited}</span>`
            : nothing
        }
        ${role === 'staff' ? html`<span class="status ${status}">${statusText}</span>` : nothing}
        ${decorations('meta', entry, this.inbox)}
      </p>
    </article>`;
  }
}

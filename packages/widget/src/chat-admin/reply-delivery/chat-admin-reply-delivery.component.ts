import { html, nothing, type TemplateResult } from 'lit';
import type { ReplyDelivery } from '@parley/protocol/admin';
import type { LocalMessage } from '@parley/sdk';
import { AdminRegion } from '../admin-region.js';
import type { AdminApi } from '../admin-api.js';
import { ReplyDeliveryApi } from './reply-delivery-api.js';
import { replyDeliveryEn, type ReplyDeliveryStrings } from './reply-delivery-strings.js';
import { replyDeliveryStyles } from './reply-delivery.styles.js';

/** How long a conversation's deliveries are taken as read; a reply still on its way is asked about again after. */
const FRESH_MS = 10_000;
/** How long a reply the channel has not recorded yet is waited for. */
const RECENT_MS = 10 * 60_000;

/** A conversation's deliveries as last read, shared by its replies' marks: one request for the whole thread. */
interface Read {
  readonly at: number;
  /** The conversation's newest seq when read: a new message reads them again. */
  readonly lastSeq: number;
  readonly byMessage: ReadonlyMap<string, ReplyDelivery>;
}

const reads = new Map<string, Read>();
const reading = new Map<string, Promise<void>>();
/** The marks shown per conversation, told when a read comes in. */
const shown = new Map<string, Set<ChatAdminReplyDelivery>>();
let timer: ReturnType<typeof setTimeout> | undefined;

/** Reads `conversationId`'s deliveries unless a fresh read is there or one is under way; tells its marks. */
function refresh(api: AdminApi, conversationId: string, lastSeq: number, now = Date.now()): void {
  const read = reads.get(conversationId);
  if (reading.has(conversationId) || (read && read.lastSeq === lastSeq && now - read.at < FRESH_MS)) return;
  const done = new ReplyDeliveryApi(api)
    .list(conversationId)
    .then(({ items }) => {
      reads.set(conversationId, {
        at: Date.now(),
        lastSeq,
        byMessage: new Map(items.map((item) => [item.messageId, item])),
      });
      for (const mark of shown.get(conversationId) ?? []) mark.requestUpdate();
    })
    // A relay from before deliveries, or away: no mark, read again later.
    .catch(() => {
      reads.set(conversationId, { at: Date.now(), lastSeq, byMessage: new Map() });
    })
    .finally(() => {
      reading.delete(conversationId);
      schedule();
    });
  reading.set(conversationId, done);
}

/** While a shown reply is still on its way (queued, or not yet recorded), its conversation is read again later. */
function schedule(): void {
  if (timer !== undefined) return;
  const waiting = [...shown].filter(([id, marks]) => [...marks].some((mark) => mark.onItsWay(reads.get(id))));
  if (waiting.length === 0) return;
  timer = setTimeout(() => {
    timer = undefined;
    for (const [, marks] of waiting) {
      const mark = [...marks][0];
      mark?.requestUpdate();
    }
  }, FRESH_MS);
}

/**
 * A staff reply's delivery by the conversation's channel (a messaging provider, an API channel: ADR
 * 2026-11-30-channel-providers), in the message's meta row: "Not delivered: <reason>" when the channel gave up on
 * it, nothing otherwise. The thread's marks share one read of `GET /v1/admin/conversations/{id}/deliveries`, made
 * again when a message comes and, while a reply is still on its way, every few seconds.
 *
 * @summary A reply's "Not delivered" mark, with the channel's reason.
 * @tag chat-admin-reply-delivery
 */
export class ChatAdminReplyDelivery extends AdminRegion {
  static override properties = {
    ...AdminRegion.properties,
    message: { attribute: false },
  };

  /** The staff reply it marks. */
  declare message: LocalMessage;
  #conversationId: string | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    const root = this.getRootNode();
    const sheet = replyDeliveryStyles.styleSheet;
    if (root instanceof ShadowRoot && sheet && !root.adoptedStyleSheets.includes(sheet))
      root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#leave();
  }

  /** Whether its reply is still on its way as `read` says (queued, or not recorded yet). */
  onItsWay(read: Read | undefined): boolean {
    if (this.message.id === undefined) return false;
    const delivery = read?.byMessage.get(this.message.id);
    // A reply with no record is on its way while recent; an older one was sent before records were kept.
    return delivery ? delivery.status === 'queued' : Date.now() - this.message.ts < RECENT_MS;
  }

  #leave(): void {
    if (this.#conversationId === undefined) return;
    const marks = shown.get(this.#conversationId);
    marks?.delete(this);
    if (marks?.size === 0) shown.delete(this.#conversationId);
    this.#conversationId = undefined;
  }

  protected override render(): TemplateResult | typeof nothing {
    const current = this.inbox?.state.current;
    const api = this.inbox?.api;
    const conversationId = this.message?.conversationId ?? current?.id;
    if (!current || !api || !conversationId || this.message.id === undefined) return nothing;
    if (this.#conversationId !== conversationId) {
      this.#leave();
      this.#conversationId = conversationId;
      const marks = shown.get(conversationId) ?? new Set();
      marks.add(this);
      shown.set(conversationId, marks);
    }
    refresh(api, conversationId, current.id === conversationId ? current.lastSeq : 0);
    const delivery = reads.get(conversationId)?.byMessage.get(this.message.id);
    if (delivery?.status !== 'failed') return nothing;
    const t: ReplyDeliveryStrings = { ...replyDeliveryEn, ...this.inbox.strings.replyDelivery };
    return html`<span class="reply-failed" role="status">${delivery.error ? t.failed(delivery.error) : t.failedWithoutReason}</span>`;
  }
}

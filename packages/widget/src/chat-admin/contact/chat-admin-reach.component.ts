import { html, nothing, type TemplateResult } from 'lit';
import type { ContactReach } from '@parley/protocol/admin';
import { AdminRegion } from '../admin-region.js';
import { ContactsApi } from '../pages/contacts/contacts-api.js';
import { adoptReachStyles, reachLines } from './contact-reach.js';
import { contactEn, type ContactStrings } from './contact-strings.js';
import { channelNames } from '../format.js';

/**
 * Where the open conversation's contact is reached, in its header (a thread element, `thread-actions.ts`): for a
 * conversation that came in on a channel (`channel` set: not the chat), the contact's `reach` as the relay gives it,
 * e.g. *Reached at +15550001111 SMS (API)*. Read with the contact (`GET /v1/admin/contacts/{id}`), again when the relay
 * says the contact changed; a chat conversation reads nothing.
 *
 * @summary The open conversation's contact's channels and handles.
 * @tag chat-admin-reach
 */
export class ChatAdminReach extends AdminRegion {
  static override properties = {
    ...AdminRegion.properties,
    _reach: { state: true },
  };

  /** The reach shown, and what it was read for. */
  declare private _reach: readonly ContactReach[] | undefined;
  #readFor = '';

  override connectedCallback(): void {
    super.connectedCallback();
    adoptReachStyles(this);
  }

  get #texts(): ContactStrings {
    return { ...contactEn, ...this.inbox.strings.contact };
  }

  protected override willUpdate(changed: Parameters<AdminRegion['willUpdate']>[0]): void {
    super.willUpdate(changed);
    const current = this.inbox?.state.current;
    const api = this.inbox?.api;
    const key =
      current?.channel && api
        ? `${current.visitor.id}\0${this.inbox.state.contactChanges.get(current.visitor.id) ?? 0}`
        : '';
    if (key === this.#readFor) return;
    if (!this.#readFor.startsWith(`${current?.visitor.id}\0`)) this._reach = undefined;
    this.#readFor = key;
    if (!key || !current || !api) return;
    void new ContactsApi(api)
      .get(current.visitor.id)
      .then((contact) => {
        if (this.#readFor === key) this._reach = contact.reach;
      })
      .catch(() => undefined);
  }

  protected override render(): TemplateResult | typeof nothing {
    const t = this.#texts;
    if (!this.inbox.state.current?.channel || !this._reach?.length) return nothing;
    return html`<div class="thread-reach">
      <span class="muted">${t.reachedAt}</span>
      ${reachLines(this._reach, t, channelNames(this.inbox.strings.channels, this.inbox.state.current))}
    </div>`;
  }
}

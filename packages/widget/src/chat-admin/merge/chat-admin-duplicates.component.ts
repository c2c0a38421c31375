import { html, nothing, type TemplateResult } from 'lit';
import { AdminRegion } from '../admin-region.js';
import { definePage } from '../define-page.js';
import { holds } from '../page-entry.js';

/**
 * The visitor panel's suggestion of a likely duplicate of the open conversation's contact (issue #81): another record
 * with the same vouched-for email, "Possible duplicate: Ada · Merge…", which opens the contact merge with it chosen
 * (`<chat-admin-contact-merge quiet>`). Only for those who may merge contacts (`contacts.manage`); nothing otherwise,
 * and nothing when there is none. A section of the contact card (`contact/contact-sections.ts`), in a chunk of its own.
 *
 * @summary A likely duplicate of the open contact, one click from its merge.
 * @tag chat-admin-duplicates
 */
export class ChatAdminDuplicates extends AdminRegion {
  override connectedCallback(): void {
    super.connectedCallback();
    void definePage({
      tag: 'chat-admin-contact-merge',
      load: async () => (await import('./chat-admin-contact-merge.component.js')).ChatAdminContactMerge,
    }).catch(() => undefined);
  }

  protected override render(): TemplateResult | typeof nothing {
    const { current, me } = this.inbox.state;
    if (!current || !holds(me, 'contacts.manage')) return nothing;
    const visitor = current.visitor;
    // The merge reads only the contact's id and how to name them: the conversation says both.
    const contact = {
      id: visitor.id,
      ...(visitor.name ? { name: visitor.name } : {}),
      ...(visitor.emailMasked ? { emailMasked: visitor.emailMasked } : {}),
      verified: visitor.verified,
      subscribed: false,
      online: visitor.online,
      createdAt: 0,
      lastSeenAt: 0,
      conversationIds: [],
    };
    return html`<chat-admin-contact-merge
      quiet
      theme=${this.inbox.host.getAttribute('theme') ?? 'auto'}
      .api=${this.inbox.api}
      .contact=${contact}
      .strings=${this.inbox.strings.contactMerge}
      .anonymous=${this.inbox.strings.anonymous}
    ></chat-admin-contact-merge>`;
  }
}

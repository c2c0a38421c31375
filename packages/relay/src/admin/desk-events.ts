import type { OutboxInsert } from '../outbox/outbox.js';
import type { ContactTouch } from '../store/admin-store.js';
import type { ConversationChange, DeskHooks } from '../features/desk-hooks.js';

/** The features' {@link DeskHooks}, asked in the order they were attached; their answers concatenated. */
export class DeskEvents {
  readonly #hooks: DeskHooks[] = [];

  use(hooks: DeskHooks): void {
    this.#hooks.push(hooks);
  }

  conversationChanged(change: ConversationChange): OutboxInsert[] | undefined {
    return this.#collect((hooks) => hooks.conversationChanged?.(change));
  }

  wantsContactsCreated(siteIds: ReadonlySet<string>): boolean {
    return this.#hooks.some((hooks) => hooks.contactsCreated && hooks.wantsContactsCreated?.(siteIds) !== false);
  }

  contactsCreated(created: readonly ContactTouch[]): OutboxInsert[] | undefined {
    return this.#collect((hooks) => hooks.contactsCreated?.(created));
  }

  contactErased(siteId: string, contactId: string, conversationIds: readonly string[]): OutboxInsert[] | undefined {
    return this.#collect((hooks) => hooks.contactErased?.(siteId, contactId, conversationIds));
  }

  #collect(ask: (hooks: DeskHooks) => readonly OutboxInsert[] | undefined): OutboxInsert[] | undefined {
    let inserts: OutboxInsert[] | undefined;
    for (const hooks of this.#hooks) {
      const more = ask(hooks);
      if (more && more.length > 0) (inserts ??= []).push(...more);
    }
    return inserts;
  }
}

import type {
  AttributeBreakdown,
  AttributeDefinition,
  AttributeDefinitionCreate,
  AttributeDefinitionPatch,
  AttributeValues,
  ConversationAttributes,
} from '@parley/protocol/admin';
import { AreaApi, at, search } from '../../area-api.js';

/** A value to set (`null` clears it): text, a number, a boolean, as the attribute's type takes it. */
export type AttributeEdit = string | number | boolean | null;

/** Custom attributes' calls: definitions (the settings page; admins write), values (the visitor panel). */
export class AttributesApi extends AreaApi {
  async list(): Promise<AttributeDefinition[]> {
    return (await this.api.request<{ items: AttributeDefinition[] }>('GET', '/attributes')).items;
  }

  create(body: AttributeDefinitionCreate): Promise<AttributeDefinition> {
    return this.api.request('POST', '/attributes', body);
  }

  update(id: string, patch: AttributeDefinitionPatch): Promise<AttributeDefinition> {
    return this.api.request('PATCH', `/attributes/${at(id)}`, patch);
  }

  delete(id: string): Promise<void> {
    return this.api.request('DELETE', `/attributes/${at(id)}`);
  }

  /** Conversations per value of a list or checkbox attribute, over a range (default: the last 30 days). */
  breakdown(id: string, range: { from?: number; to?: number } = {}): Promise<AttributeBreakdown> {
    return this.api.request('GET', `/attributes/${at(id)}/breakdown${search(range)}`);
  }

  /** A conversation's values and its contact's, with the definitions to show them by. */
  ofConversation(conversationId: string): Promise<ConversationAttributes> {
    return this.api.request('GET', `/conversations/${at(conversationId)}/attributes`);
  }

  /** Sets values of a contact or a conversation (by key); answers what it holds now. */
  set(
    scope: 'contact' | 'conversation',
    id: string,
    values: Readonly<Record<string, AttributeEdit>>,
  ): Promise<AttributeValues> {
    return this.api.request('PATCH', `/${scope === 'contact' ? 'contacts' : 'conversations'}/${at(id)}/attributes`, {
      values,
    });
  }
}

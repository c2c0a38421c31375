import { lastInboundAt } from '../messaging/public.js';
import type { SqlDb } from '../store/sql/sql-db.js';
import type { WhatsAppApi } from './whatsapp-api.js';
import type { WhatsAppTemplates } from './whatsapp-templates.js';

/** WhatsApp's customer-service window: free text within 24 hours of the customer's last message. */
export const WINDOW_MS = 24 * 60 * 60 * 1000;

/** A template a staff member sent, recorded before its message is stored, so the delivery sends it as a template. */
export interface TemplateSend {
  readonly name: string;
  readonly language: string;
  readonly variables: readonly string[];
  readonly values: readonly string[];
}

/**
 * The templates sent from the inbox (`whatsapp_template_sends`), by the conversation and the client id of the
 * message that shows them: the delivery of that message finds its template by the message.
 */
export class TemplateSends {
  constructor(private readonly db: SqlDb) {}

  /** Records a template for the message the conversation will store under `clientId` (once: a retry keeps the first). */
  async record(
    siteId: string,
    conversationId: string,
    clientId: string,
    template: TemplateSend,
    now: number,
  ): Promise<void> {
    await this.db.run(
      `INSERT INTO whatsapp_template_sends (conversation_id, client_id, site_id, name, language, variables, template_values, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (conversation_id, client_id) DO NOTHING`,
      [
        conversationId,
        clientId,
        siteId,
        template.name,
        template.language,
        JSON.stringify(template.variables),
        JSON.stringify(template.values),
        now,
      ],
    );
  }

  /** Whether a template was recorded for the message the conversation stores under `clientId`. */
  async recorded(conversationId: string, clientId: string): Promise<boolean> {
    const rows = await this.db.all(
      'SELECT 1 AS found FROM whatsapp_template_sends WHERE conversation_id = ? AND client_id = ?',
      [conversationId, clientId],
    );
    return rows.length > 0;
  }

  /** The template a stored message is, or `undefined` for a free text. */
  async forMessage(messageId: string): Promise<TemplateSend | undefined> {
    if (!/^\d{1,19}$/.test(messageId)) return undefined;
    const [row] = await this.db.all<{ name: string; language: string; variables: string; template_values: string }>(
      `SELECT t.name, t.language, t.variables, t.template_values FROM messages m
       JOIN whatsapp_template_sends t ON t.conversation_id = m.conversation_id AND t.client_id = m.client_id
       WHERE m.id = ?`,
      [Number(messageId)],
    );
    if (!row) return undefined;
    return {
      name: row.name,
      language: row.language,
      variables: JSON.parse(row.variables) as string[],
      values: JSON.parse(row.template_values) as string[],
    };
  }
}

/** What {@link WhatsApp} is made of. */
export interface WhatsAppOptions {
  readonly api: WhatsAppApi;
  readonly templates: WhatsAppTemplates;
  readonly db: SqlDb;
  readonly now?: () => number;
}

/**
 * The WhatsApp feature's running part (`use('whatsapp')`): the Graph API's client, the business accounts'
 * templates, the templates sent, and the 24-hour window of each customer.
 */
export class WhatsApp {
  readonly api: WhatsAppApi;
  readonly templates: WhatsAppTemplates;
  readonly sends: TemplateSends;
  readonly #db: SqlDb;
  readonly #now: () => number;

  constructor(options: WhatsAppOptions) {
    this.api = options.api;
    this.templates = options.templates;
    this.sends = new TemplateSends(options.db);
    this.#db = options.db;
    this.#now = options.now ?? Date.now;
  }

  /** When the channel's customer last wrote (ms), or `undefined` when they never did. */
  async lastInbound(channelId: string, handle: string): Promise<number | undefined> {
    return lastInboundAt(this.#db, channelId, handle);
  }

  /** Whether free text may be sent to the customer now: they wrote within 24 hours. */
  async windowOpen(channelId: string, handle: string): Promise<boolean> {
    const last = await this.lastInbound(channelId, handle);
    return last !== undefined && this.#now() - last < WINDOW_MS;
  }

  /** The window's end for the customer (`undefined` when they never wrote). */
  async windowClosesAt(channelId: string, handle: string): Promise<number | undefined> {
    const last = await this.lastInbound(channelId, handle);
    return last === undefined ? undefined : last + WINDOW_MS;
  }

  /** Now, on the feature's clock. */
  now(): number {
    return this.#now();
  }
}

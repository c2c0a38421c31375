import * as z from 'zod/mini';
import { doc, millis } from './document.js';

/**
 * WhatsApp's 24-hour customer-service window and its message templates (issue #84, docs/channels.md, "WhatsApp"):
 * a business may write freely to a customer within 24 hours of the customer's last message; after that, only an
 * approved template.
 */

/** An approved template a WhatsApp number may send, as Parley sends it (its body's variables text only). */
export const WhatsAppTemplate = z.object({
  name: z.string(),
  language: z.string().check(doc({ description: 'Its language code: `en_US`.' })),
  category: z.string().check(doc({ description: 'Meta’s category: `UTILITY`, `MARKETING`, `AUTHENTICATION`.' })),
  text: z.string().check(doc({ description: 'Its header, body and footer, with placeholders (`{{1}}`).' })),
  variables: z.array(z.string()).check(doc({ description: 'The body’s placeholders, in order: `["1", "2"]`.' })),
});

/** `GET /v1/admin/conversations/{id}/whatsapp`: whether free text may be sent now, and the templates. */
export const WhatsAppConversation = z.object({
  channelId: z
    .nullable(z.string())
    .check(doc({ description: 'The WhatsApp channel; `null` for a conversation no WhatsApp number opened.' })),
  window: z.object({
    open: z.boolean(),
    closesAt: z.nullable(millis).check(doc({ description: 'When it closes (or closed); `null` before any message.' })),
    reason: z.nullable(z.string()).check(doc({ description: 'Why free text is refused, when it is.' })),
  }),
  templates: z.array(WhatsAppTemplate),
  templatesError: z
    .nullable(z.string())
    .check(doc({ description: 'Why WhatsApp did not list them, when it did not.' })),
});

/** `POST /v1/admin/conversations/{id}/whatsapp/template`. */
export const WhatsAppTemplateSend = z
  .strictObject({
    id: z
      .string()
      .check(
        z.regex(/^[A-Za-z0-9_-]{1,64}$/),
        doc({ description: 'The client’s id of the message: a retry with the same id stores it once.' }),
      ),
    name: z.string().check(z.minLength(1), z.maxLength(512)),
    language: z.string().check(z.regex(/^[A-Za-z_]{2,20}$/)),
    values: z
      .array(z.string().check(z.minLength(1), z.maxLength(1024), z.regex(/^[^\r\n\t]*$/, 'must be one line')))
      .check(z.maxLength(30), doc({ description: 'Each of the template’s variables, in order.' })),
  })
  .check(doc({ example: { id: 'c-1', name: 'order_update', language: 'en_US', values: ['Ada', '#1042'] } }));

export type WhatsAppTemplate = z.output<typeof WhatsAppTemplate>;
export type WhatsAppConversation = z.output<typeof WhatsAppConversation>;
export type WhatsAppTemplateSend = z.output<typeof WhatsAppTemplateSend>;

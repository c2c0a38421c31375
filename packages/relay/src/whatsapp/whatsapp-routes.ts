import { MessageResult, WhatsAppConversation, WhatsAppTemplateSend } from '@parley/protocol/admin';
import { RefusedMessage } from '../core/screening.js';
import { ApiError } from '../http/admin-http.js';
import {
  adminRoute,
  audit,
  conversationOr404,
  type AdminRoute,
  type Call,
} from '../features/admin-routes/admin-route.js';
import { errorResponse, ok } from '../http/openapi/openapi-parts.js';
import { OUTSIDE_WINDOW, type WhatsAppCredentials } from './whatsapp-provider.js';
import { renderTemplate } from './whatsapp-templates.js';
import type { WhatsApp } from './whatsapp.js';

/** The API document's tag of WhatsApp's routes. */
export const whatsappTag = 'whatsapp';

const NOT_WHATSAPP = 'No WhatsApp number opened this conversation.';

/** How long listing the templates may take on a composer's ask. */
const templatesTimeoutMs = 10_000;

/**
 * The conversation's WhatsApp channel and customer, `undefined` for a conversation of this site that no WhatsApp
 * number opened (404 for one that is not this site's).
 */
async function whatsappConversation(call: Call) {
  const whatsapp: WhatsApp | undefined = call.use('whatsapp');
  const messaging = call.use('messaging');
  if (!whatsapp || !messaging) throw new ApiError('not_found', 'WhatsApp is not part of this relay.');
  const conversation = await conversationOr404(call);
  // The handle the conversation is with (its contact may hold another on the number, after a merge of contacts).
  const row = await messaging.channels.customer(call.site.id, conversation.id);
  const channel = row ? await messaging.channels.get(call.site.id, row.channelId) : undefined;
  if (!row || !channel || channel.provider !== 'whatsapp') return undefined;
  const credentials = messaging.credentialsOf(channel) as WhatsAppCredentials;
  return { whatsapp, conversation, channel, handle: row.handle, credentials };
}

/**
 * WhatsApp's composer outlet on the relay's side (docs/channels.md, "WhatsApp"): whether free text may be sent to a
 * conversation's customer now (the 24-hour window) with the number's approved templates, and sending one of them.
 */
export const whatsappRoutes: readonly AdminRoute[] = [
  adminRoute({
    method: 'GET',
    path: '/v1/admin/conversations/{id}/whatsapp',
    resource: 'conversation',
    permission: null,
    doc: {
      summary: 'A WhatsApp conversation’s 24-hour window and templates',
      description:
        'Whether free text may be sent now (the customer wrote within 24 hours), when that ends, and the number’s approved templates (kept 5 minutes) that may be sent after it. For a conversation no WhatsApp number opened, `channelId` is `null`, the window closed and no templates.',
      tag: whatsappTag,
      responses: ok('The window and the templates.', WhatsAppConversation),
    },
    run: async (call) => {
      const opened = await whatsappConversation(call);
      if (!opened)
        return {
          status: 200,
          body: {
            channelId: null,
            window: { open: false, closesAt: null, reason: NOT_WHATSAPP },
            templates: [],
            templatesError: null,
          },
        };
      const { whatsapp, channel, handle, credentials } = opened;
      const closesAt = (await whatsapp.windowClosesAt(channel.id, handle)) ?? null;
      const open = closesAt !== null && whatsapp.now() < closesAt;
      const templates = await whatsapp.templates.list(channel.id, credentials, AbortSignal.timeout(templatesTimeoutMs));
      return {
        status: 200,
        body: {
          channelId: channel.id,
          window: { open, closesAt, reason: open ? null : OUTSIDE_WINDOW },
          templates: 'error' in templates ? [] : templates,
          templatesError: 'error' in templates ? templates.error : null,
        },
      };
    },
  }),
  adminRoute({
    method: 'POST',
    path: '/v1/admin/conversations/{id}/whatsapp/template',
    resource: 'conversation',
    permission: null,
    requestBody: WhatsAppTemplateSend,
    doc: {
      summary: 'Send an approved WhatsApp template',
      description:
        'Stores a staff reply showing the template with its values, and sends it through the outbox as the template (`type: template`), inside or outside the 24-hour window. The template must be one of the number’s approved ones, with a value for each variable (400 otherwise). Idempotent on `id`.',
      tag: whatsappTag,
      responses: {
        ...ok('Stored; being sent.', MessageResult, '201'),
        ...ok('Stored before under the same id; nothing was stored again.', MessageResult),
        '503': errorResponse('The store or WhatsApp is unavailable; nothing was stored. Retry with the same id.'),
      },
    },
    run: async (call) => {
      const body = call.body;
      const opened = await whatsappConversation(call);
      if (!opened) throw new ApiError('not_found', NOT_WHATSAPP);
      const { whatsapp, conversation, channel, credentials } = opened;
      const listed = await whatsapp.templates.list(channel.id, credentials, AbortSignal.timeout(templatesTimeoutMs));
      if ('error' in listed) throw new ApiError('store_unavailable', listed.error, { 'retry-after': '5' });
      const template = listed.find((t) => t.name === body.name && t.language === body.language);
      if (!template)
        throw new ApiError('bad_request', `Invalid body.name: no approved template ${body.name} in ${body.language}.`);
      if (body.values.length !== template.variables.length)
        throw new ApiError(
          'bad_request',
          `Invalid body.values: the template has ${template.variables.length} variable(s), ${body.values.length} given.`,
        );
      await whatsapp.sends.record(
        call.site.id,
        conversation.id,
        body.id,
        { name: template.name, language: template.language, variables: template.variables, values: body.values },
        call.now,
      );
      let result;
      try {
        result = await call.core.storeMessage(
          {
            siteId: call.site.id,
            conversationId: conversation.id,
            visitorId: conversation.visitorId,
            clientId: body.id,
            author: { role: 'staff', id: call.staff.id, name: call.staff.name },
            text: renderTemplate(template, body.values),
            kind: 'text',
          },
          'admin',
        );
      } catch (error) {
        if (error instanceof RefusedMessage) throw new ApiError(error.refusal.code, error.refusal.message);
        call.core.log.warn('whatsapp: a template was not stored', { error: String(error) });
        throw new ApiError('store_unavailable', undefined, { 'retry-after': '1' });
      }
      if (!result.duplicate)
        await audit(call, 'message.create', 'conversation', conversation.id, { whatsappTemplate: template.name });
      return { status: result.duplicate ? 200 : 201, body: { message: result.message, duplicate: result.duplicate } };
    },
  }),
];

import { RevealedMessage, SafetySettings } from '@parley/protocol/admin';
import { ApiError } from '../http/admin-http.js';
import {
  adminRoute,
  audit,
  conversationOr404,
  type AdminRoute,
  type Call,
} from '../features/admin-routes/admin-route.js';
import { type Json, ok } from '../http/openapi/openapi-parts.js';
import { patternError } from './content-filter.js';
import type { MessageSafety } from './message-safety.js';

function safetyOf(call: Call): MessageSafety {
  const safety = call.use('safety');
  if (!safety) throw new ApiError('not_found', 'Message safety is not part of this relay.');
  return safety;
}

const seqParam: Json = {
  name: 'seq',
  in: 'path',
  required: true,
  description: 'The message’s sequence in its conversation.',
  schema: { type: 'integer', minimum: 1 },
};

/** Message safety's routes (docs/safety.md): the site's settings, and revealing a masked message. */
export const safetyRoutes: readonly AdminRoute[] = [
  adminRoute({
    method: 'GET',
    path: '/v1/admin/safety',
    doc: {
      summary: 'Message safety settings',
      description:
        'What the site does with sensitive data found in messages (card numbers, IBANs, SSNs, keys and tokens), its content filter, its link rules and its spam limits (docs/safety.md). A site that never saved any has the defaults: cards and secrets redacted, IBANs and SSNs masked for agents, no filter.',
      tag: 'safety',
      responses: ok('The settings.', SafetySettings),
    },
    run: async (call) => ({ status: 200, body: safetyOf(call).settings(call.site.id) }),
  }),
  adminRoute({
    method: 'PUT',
    path: '/v1/admin/safety',
    permission: 'settings.manage',
    requestBody: SafetySettings,
    doc: {
      summary: 'Set message safety',
      description:
        'Every section, whole. Applies to the next message on this relay at once, on the others within 10 seconds. Nothing already stored changes. Audited (`safety.update`).',
      tag: 'safety',
      responses: ok('Saved.', SafetySettings),
    },
    run: async (call) => {
      const settings = call.body;
      settings.filter.patterns.forEach((pattern, i) => {
        const problem = patternError(pattern);
        if (problem) throw new ApiError('bad_request', `Invalid body.filter.patterns.${i}: ${problem}.`);
      });
      const safety = safetyOf(call);
      await safety.put(call.site.id, settings);
      await audit(call, 'safety.update', 'site', call.site.id, {
        sensitive: settings.sensitive,
        filter: { words: settings.filter.words.length, patterns: settings.filter.patterns.length },
      });
      return { status: 200, body: settings };
    },
  }),
  adminRoute({
    method: 'POST',
    path: '/v1/admin/conversations/{id}/messages/{seq}/reveal',
    resource: 'conversation',
    doc: {
      summary: 'Reveal a masked message',
      description:
        'The message’s text with the parts masked for agents put back (parts set to `redact` were never kept). Only for a message whose `redacted.sealed` is true. Every reveal is in the audit log (`message.reveal`); the inbox shows it once and keeps nothing.',
      tag: 'safety',
      parameters: [seqParam],
      responses: ok('The revealed text.', RevealedMessage),
    },
    run: async (call) => {
      await call.request.body;
      const conversation = await conversationOr404(call);
      const seq = Number(call.params['seq']);
      if (!Number.isSafeInteger(seq) || seq < 1)
        throw new ApiError('bad_request', 'Invalid path: seq is a message’s sequence, from 1.');
      const [message] = await call.core.store.messagesBefore(conversation.id, seq + 1, 1, { includeNotes: true });
      if (message?.seq !== seq) throw new ApiError('not_found', 'No such message in this conversation.');
      const text = await safetyOf(call).revealable(call.site.id, message);
      if (text === undefined) throw new ApiError('not_found', 'This message has nothing masked to reveal.');
      await audit(call, 'message.reveal', 'conversation', conversation.id, { seq, messageId: message.id });
      return { status: 200, body: { seq, text } satisfies RevealedMessage };
    },
  }),
];

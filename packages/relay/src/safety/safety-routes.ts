import { SafetySettings, type RevealedMessage } from '@parley/protocol/admin';
import { ApiError, parseBody } from '../http/admin-http.js';
import { audit, conversationOr404, type AdminRoute, type Call } from '../http/admin-routes/admin-route.js';
import { patternError } from './content-filter.js';
import type { MessageSafety } from './message-safety.js';

function safetyOf(call: Call): MessageSafety {
  const safety = call.use('safety');
  if (!safety) throw new ApiError('not_found', 'Message safety is not part of this relay.');
  return safety;
}

/** Message safety's routes (docs/safety.md): the site's settings, and revealing a masked message. */
export const safetyRoutes: readonly AdminRoute[] = [
  {
    method: 'GET',
    path: '/v1/admin/safety',
    run: async (call) => ({ status: 200, body: safetyOf(call).settings(call.site.id) }),
  },
  {
    method: 'PUT',
    path: '/v1/admin/safety',
    permission: 'settings.manage',
    requestBody: SafetySettings,
    run: async (call) => {
      const settings = await parseBody(call.request, SafetySettings);
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
  },
  {
    method: 'POST',
    path: '/v1/admin/conversations/{id}/messages/{seq}/reveal',
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
  },
];

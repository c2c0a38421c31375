import { RevealedMessage, SafetySettings } from '@parley/protocol/admin';
import { type Json, body, idParam, ok, operation } from '../http/openapi/openapi-parts.js';

const seqParam: Json = {
  name: 'seq',
  in: 'path',
  required: true,
  description: 'The message’s sequence in its conversation.',
  schema: { type: 'integer', minimum: 1 },
};

/** How the API document describes message safety's routes (`safety-routes.ts` serves them). */
export const safetyPaths = (): Record<string, Json> => ({
  '/v1/admin/safety': {
    get: operation(
      'Message safety settings',
      'What the site does with sensitive data found in messages (card numbers, IBANs, SSNs, keys and tokens), its content filter, its link rules and its spam limits (docs/safety.md). A site that never saved any has the defaults: cards and secrets redacted, IBANs and SSNs masked for agents, no filter.',
      { tag: 'safety', responses: ok('The settings.', SafetySettings) },
    ),
    put: operation(
      'Set message safety',
      'Every section, whole. Applies to the next message on this relay at once, on the others within 10 seconds. Nothing already stored changes. Audited (`safety.update`).',
      { tag: 'safety', adminOnly: true, requestBody: body(SafetySettings), responses: ok('Saved.', SafetySettings) },
    ),
  },
  '/v1/admin/conversations/{id}/messages/{seq}/reveal': {
    post: operation(
      'Reveal a masked message',
      'The message’s text with the parts masked for agents put back (parts set to `redact` were never kept). Only for a message whose `redacted.sealed` is true. Every reveal is in the audit log (`message.reveal`); the inbox shows it once and keeps nothing.',
      {
        tag: 'safety',
        parameters: [idParam('conversation'), seqParam],
        notFound: true,
        responses: ok('The revealed text.', RevealedMessage),
      },
    ),
  },
});

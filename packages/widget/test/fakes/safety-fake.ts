import { AdminApiError } from '../../src/chat-admin/chat-admin.js';
import type { RevealedMessage, SafetySettings } from '@parley/protocol/admin';
import type { FakeBase, FakeRoutes } from './fake-requests.js';

/** The site's safety settings (`/safety`) and a masked message's reveal, in the fake admin API. */
export function withSafety<B extends FakeBase>(Base: B) {
  return class extends Base {
    safetyValue: SafetySettings = {
      sensitive: { card: 'redact', iban: 'mask', ssn: 'mask', secret: 'redact' },
      filter: { words: [], patterns: [], profanity: [], action: 'flag', message: null },
      links: { allow: [], flag: [], refuse: [], otherwise: 'allow' },
      spam: { repeatLimit: 3, networkLimit: 30, blockHours: 168 },
    };
    savedSafety: SafetySettings[] = [];
    /** The originals the relay keeps sealed, by `conversationId/seq`. */
    sealed = new Map<string, string>();
    /** Each reveal asked, as `conversationId/seq` (the relay's audit log). */
    revealed: string[] = [];

    constructor(...args: any[]) {
      super(...args);
      Object.assign(this.routes, {
        'GET /safety': async () => structuredClone(this.safetyValue),
        'PUT /safety': async (c) => {
          if (this.role === 'agent') throw new AdminApiError('forbidden', 'Admins only.', 403);
          const body = c.body as SafetySettings;
          // As the relay: the first wrong field named by its path (RE2 refuses look-around).
          const bad = body.filter.patterns.findIndex((pattern) => /\(\?[=!<]/.test(pattern));
          if (bad >= 0)
            throw new AdminApiError(
              'bad_request',
              `Invalid body.filter.patterns.${bad}: not a pattern RE2 accepts (no look-around or back-references).`,
              400,
            );
          if (!Number.isInteger(body.spam.repeatLimit) || body.spam.repeatLimit < 2)
            throw new AdminApiError('bad_request', 'Invalid body.spam.repeatLimit: at least 2.', 400);
          this.savedSafety.push(structuredClone(body));
          this.safetyValue = structuredClone(body);
          return structuredClone(body);
        },
        'POST /conversations/{id}/messages/{seq}/reveal': async (c): Promise<RevealedMessage> => {
          const key = `${c.params[0]}/${c.params[1]}`;
          this.revealed.push(key);
          const text = this.sealed.get(key);
          if (text === undefined) throw new AdminApiError('not_found', 'Nothing sealed in this message.', 404);
          return { seq: Number(c.params[1]), text };
        },
      } satisfies FakeRoutes);
    }
  };
}

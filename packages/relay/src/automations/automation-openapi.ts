import { AutomationSettings, AutomationsAnswer } from '@parley/protocol/admin';
import { type Json, body, ok, operation } from '../http/openapi/openapi-parts.js';

/** Automations (issue #17): business hours, welcome, away reply, ratings. (`automation-routes.ts` serves them.) */
export const automationPaths = (): Record<string, Json> => ({
  '/v1/admin/automations': {
    get: operation(
      "The site's automations",
      "Business hours (weekly spans in the site's time zone, and holidays), the welcome message sent by the bot after a visitor's first message, the away reply (once per conversation per away period, to a visitor who writes out of hours) and the rating request sent when a conversation is resolved. See docs/automations.md.",
      {
        tag: 'automations',
        responses: ok('The settings, the built-in texts, and whether the site is open now.', AutomationsAnswer),
      },
    ),
    put: operation(
      "Replace the site's automations",
      'The whole document (read it first, change it, put it back). Takes effect at once on this relay and within about 10 s on the others; recorded in the audit log (`automations.update`).',
      {
        tag: 'automations',
        adminOnly: true,
        requestBody: body(AutomationSettings),
        responses: ok('The settings now.', AutomationsAnswer),
      },
    ),
  },
});

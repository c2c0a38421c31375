import { VisitorLinkBody, VisitorLinkSession } from '@parley/protocol/admin';
import { type Json, body, errorRef, errorResponse, ok } from '../http/openapi/openapi-parts.js';

/** What the widget calls over HTTP. (`visitor-link-http.ts` serves it.) */
export const visitorPaths = (): Record<string, Json> => ({
  '/v1/visitor/link': {
    post: {
      summary: 'Use a link from an email',
      description: [
        'Exchanges the one-time token of a link the relay emailed a visitor (`https://…/page#parley-link=<token>`: the token is in the fragment, which browsers never send to a server or in `Referer`) for that visitor’s session: a `visitorToken` to send in the next `hello`, and the conversation. The widget does it by itself, and removes the fragment from the address bar first.',
        'A token works once, within 7 days; the relay keeps only its SHA-256. A used one answers 410 `link_used`, an expired one 410 `link_expired`, an unknown one 404 `not_found`: nothing is granted. A forwarded link that was used grants nothing.',
        'No staff token. CORS: the origins of the link’s site (its `allowedOrigins`), checked before the link is used up (403 `origin_refused` otherwise). Limited per client address (429 `rate_limited`).',
      ].join('\n\n'),
      tags: ['visitor'],
      security: [],
      'x-admin-only': false,
      'x-visitor': true,
      requestBody: body(VisitorLinkBody),
      responses: {
        ...ok('The visitor’s session.', VisitorLinkSession),
        '400': errorRef('BadRequest'),
        '403': errorResponse('The request’s origin is not one of the site’s (`origin_refused`).'),
        '404': errorRef('NotFound'),
        '410': errorResponse('The link was used already (`link_used`) or has expired (`link_expired`).'),
        '429': errorRef('RateLimited'),
      },
    },
  },
});

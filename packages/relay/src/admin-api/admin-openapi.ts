import { components } from '../http/openapi/components.js';
import { body, idParam, operation, type Json } from '../http/openapi/openapi-parts.js';
import { accountOperation } from './auth-openapi.js';
import { AUTH_ROUTES } from './auth-api.js';
import type { AnyFeature } from '../features/feature.js';
import { adminRoutesOf } from '../features/feature-host.js';
import { queryDocs } from '../features/admin-routes/route-query.js';
import { assertUniqueOperationIds, withOperationIds, withWebhookOperationIds } from '../http/openapi/operation-ids.js';

/**
 * The OpenAPI 3.1 description of the admin HTTP API, served at `GET /v1/openapi.json` and kept verbatim in
 * `docs/api/openapi.json` (a test checks that the two match and that every route the relay serves is described,
 * and nothing else). Generated: each feature's prose (summary, description, tag) is written in its folder beside its
 * routes (`<feature>-openapi.ts`) and given by its feature module (`apiPaths`, `apiWebhooks`, `apiSecuritySchemes`),
 * and its bodies and answers are the zod schemas of the admin API's contract (`@parley/protocol/admin`), turned into
 * JSON Schema by `openapi/schema-json.ts` (ADR 0019). This file names no feature, nor imports their list: it is given
 * it (the relay's start, or the build, which carries the document made: `served-openapi.ts`).
 */

/**
 * The operations of a feature's routes that carry their prose (`doc`), by path and method; their query parameters
 * with those the features of `all` contribute.
 */
export function routePaths(feature: AnyFeature, all: readonly AnyFeature[]): Record<string, Record<string, Json>> {
  const paths: Record<string, Record<string, Json>> = {};
  for (const route of adminRoutesOf([feature], all)) {
    if (!route.doc) continue;
    const { summary, description, tag, parameters, responses, notFound, conflict, operationId } = route.doc;
    const idParameters = route.resource !== undefined ? [idParam(route.resource)] : [];
    const all = [...idParameters, ...queryDocs(route.query), ...(parameters ?? [])];
    (paths[route.path] ??= {})[route.method.toLowerCase()] = operation(summary, description, {
      tag,
      adminOnly: route.adminOnly,
      ...(all.length > 0 ? { parameters: all } : {}),
      ...(route.requestBody ? { requestBody: body(route.requestBody) } : {}),
      responses: { ...responses },
      notFound: notFound ?? route.resource !== undefined,
      conflict: conflict ?? false,
      ...(operationId ? { operationId } : {}),
    });
  }
  return paths;
}

/** The accounts' operations (`/v1/auth/*`), each made from its route's prose (`doc`), by path and method. */
function accountPaths(): Record<string, Json> {
  const paths: Record<string, Record<string, Json>> = {};
  for (const route of AUTH_ROUTES) (paths[route.path] ??= {})[route.method.toLowerCase()] = accountOperation(route);
  return withOperationIds('accounts', paths);
}

/**
 * A feature's paths: its routes' operations (with the query parameters the features of `all` contribute), and what
 * its `apiPaths` still describes (routes served elsewhere).
 */
export function featurePaths(feature: AnyFeature, all: readonly AnyFeature[]): Record<string, Json> {
  const paths: Record<string, Record<string, Json>> = routePaths(feature, all);
  for (const [path, methods] of Object.entries(feature.apiPaths?.() ?? {}))
    paths[path] = { ...paths[path], ...(methods as Record<string, Json>) };
  return withOperationIds(feature.name, paths);
}

/** Each admin route's permission, from the route itself, in its operation's prose. */
function withPermissions(paths: Record<string, Json>, features: readonly AnyFeature[]): Record<string, Json> {
  for (const route of adminRoutesOf(features)) {
    if (route.permission === undefined) continue;
    const operation = (paths[route.path] as Record<string, Record<string, Json>> | undefined)?.[
      route.method.toLowerCase()
    ];
    if (!operation) continue;
    operation.description = `${String(operation.description)}\n\n**Permission**: \`${route.permission}\`.`;
  }
  return paths;
}

/**
 * The accounts' paths (the relay's own), then every feature's, in the order of the feature list, ids checked unique;
 * and apart, the steps of a browser's flow (`x-browser-navigation`: single sign-on's redirects), which are not calls a
 * client makes, so a client generator makes no method of them.
 */
function documentPaths(features: readonly AnyFeature[]): {
  paths: Record<string, Json>;
  navigations: Record<string, Json>;
} {
  const all = Object.assign(accountPaths(), ...features.map((feature) => featurePaths(feature, features))) as Record<
    string,
    Record<string, Json>
  >;
  const paths: Record<string, Json> = {};
  const navigations: Record<string, Json> = {};
  for (const [path, item] of Object.entries(all)) {
    const browser = Object.values(item).every(
      (operation) => (operation as Record<string, Json>)['x-browser-navigation'],
    );
    (browser ? navigations : paths)[path] = item;
  }
  assertUniqueOperationIds({ ...paths, ...navigations });
  return { paths: withPermissions(paths, features), navigations };
}

/** The requests features send, each with its `operationId`, ids checked unique (as a generator would need them). */
function webhooks(features: readonly AnyFeature[]): Record<string, Json> {
  const all = Object.assign(
    {},
    ...features.map((feature) => withWebhookOperationIds(feature.name, feature.apiWebhooks?.() ?? {})),
  ) as Record<string, Json>;
  assertUniqueOperationIds(all);
  return all;
}

/** The document of the relay made of `features` (the feature list, in its order). */
export function openApiDocument(features: readonly AnyFeature[]): Json {
  const { paths, navigations } = documentPaths(features);
  return {
    openapi: '3.1.0',
    info: {
      title: 'Parley admin API',
      version: '1.0.0',
      license: { name: 'MIT', identifier: 'MIT' },
      description: [
        'Everything staff do in `<chat-admin>`, over HTTP. A request carries either the inbox’s session cookie (`/v1/auth/login`; every change also sends `X-Parley-CSRF` and the relay’s own `Origin`) or an API token: `Authorization: Bearer <token>` (never in the URL). See docs/accounts.md.',
        'A member has a role on the site: a built-in one (owner, admin or agent; an owner counts as an admin) or one of the site’s own (`/v1/admin/roles`), a named set of permissions. A route that takes a permission says which (**Permission**); without it the answer is 403 `forbidden`. Owners and admins hold every permission, agents `reports.view` and `emails.reveal`. An API token belongs to one site and has scopes (read, write, admin) and maybe an expiry: `admin` holds every permission, a token without it an agent’s and `conversations.all`. Every route acts on the caller’s site only, so another site’s resources answer 404 `not_found`.',
        'Errors are `{ "error": { "code", "message" } }` with a stable code from the protocol’s catalog (docs/protocol.md) and its HTTP status.',
        'Request bodies are strict (`additionalProperties: false` at every depth): a field a route does not know is refused with 400 `bad_request` naming it (`Invalid body: unknown field kind.`, `Invalid body.buttons.1: unknown field colour.`), and nothing is done; it is never ignored. The one exception is `POST /v1/inbound/email`, whose JSON a mail provider’s bridge writes.',
        'Query parameters are strict too: each route takes the ones it lists, and any other is refused with 400 `bad_request` naming it (`Invalid query: unknown parameter sort.`), and nothing is done.',
        "Rate limits are per token (a token bucket; contact exports have a stricter one). Requests without a valid token are limited per client address (behind a trusted proxy, the address it forwards), in buckets of their own that never touch a signed-in token's. A refusal is 429 `rate_limited` with `retry-after` in seconds.",
        "CORS: same-origin (the inbox the relay serves) and the origins in `PARLEY_ADMIN_ALLOWED_ORIGINS`, apart from the widget's origins; `null` never. Preflights (`OPTIONS`) are answered without a token.",
        'Every change, reveal and export is written to the audit log (`GET /v1/admin/audit`).',
        'Live updates come over the staff WebSocket (`message`, `typing`, `read`, `delivered`, `presence` and `conversation` frames; see docs/protocol.md).',
        "One route is not staff's: `POST /v1/inbound/email`, where a mail provider's inbound-parse webhook posts replies by email, with the relay's inbound secret instead of a staff token.",
      ].join('\n\n'),
    },
    servers: [{ url: '/', description: 'The relay itself' }],
    security: [{ staffToken: [] }, { sessionCookie: [] }],
    tags: [
      {
        name: 'accounts',
        description:
          'Staff accounts: sign-in with a password and two-factor, sessions, setup, invitations, password resets.',
      },
      {
        name: 'conversations',
        description:
          'The inbox’s conversations: listing and filtering, status, assignment and priority, messages and notes, events, saved views, bulk changes, snoozes and scheduled messages.',
      },
      {
        name: 'contacts',
        description:
          'Visitors who said hello. Emails are encrypted at rest (AES-256-GCM) and shown masked until revealed.',
      },
      {
        name: 'broadcasts',
        description:
          'One message to a segment of contacts (those online, chosen ones, by email, or all), each getting it in their conversation, sent in the background with its figures.',
      },
      {
        name: 'staff',
        description:
          'The site’s members and invitations, API tokens, roles and permissions, who sees which conversations, and the audit log.',
      },
      { name: 'sites', description: 'The sites one relay serves: for admins of its default (the operator’s) site.' },
      {
        name: 'canned responses',
        description: 'Saved replies staff insert with `/` in the inbox’s composer.',
      },
      {
        name: 'stats',
        description:
          'Live counts for the inbox, and reports over a range in the site’s time zone (docs/reports.md), as JSON or CSV.',
      },
      { name: 'settings', description: 'Site settings: how long conversations are kept, the colour of its emails.' },
      {
        name: 'notifications',
        description: 'Staff members’ email notifications: their address (kept encrypted) and whether they want them.',
      },
      { name: 'mentions', description: 'Where colleagues named a staff member with `@` in a private note.' },
      {
        name: 'visitor',
        description:
          'Called by the widget, not by staff: no staff token. CORS allows the origins of the site the request is about.',
      },
      {
        name: 'automations',
        description: 'Business hours, the welcome and away messages, ratings (CSAT), FAQ answers.',
      },
      {
        name: 'routing',
        description: 'Who gets a conversation: routing mode, capacities, availability, teams; the first-reply SLA.',
      },
      {
        name: 'outbox',
        description:
          'Side effects the relay owes (emails, webhook deliveries): written with their cause, delivered at least once, dead-lettered and replayable.',
      },
      {
        name: 'inbound email',
        description:
          "Replies by email and mail to support addresses, from a mail provider's webhook: not a staff route (the inbound secret, not a token).",
      },
      {
        name: 'support addresses',
        description: 'A site’s support addresses: mail to each opens a conversation in the inbox (docs/email.md).',
      },
      {
        name: 'api channels',
        description:
          'Bridges to SMS, WhatsApp or an app (docs/api-channel.md): a channel’s token posts its contacts’ messages, its webhook receives staff replies.',
      },
      {
        name: 'attachments',
        description:
          'Files in conversations (docs/attachments.md): uploaded by the visitor or staff, checked from their bytes, served so that nothing runs. A visitor token or a staff token.',
      },
      {
        name: 'webhooks',
        description:
          'Signed HTTP POSTs of events to a site’s endpoints, at least once and in order per conversation (docs/webhooks.md). The `webhooks` section lists the events and their bodies.',
      },
      // The tags features bring with their routes.
      ...features.flatMap((feature) => (feature.apiTag ? [feature.apiTag] : [])),
    ],
    paths,
    'x-browser-navigations': navigations,
    // The requests features send (webhooks' events, API channels' replies), and the schemes of their own tokens: each
    // feature's, in the order of the feature list.
    webhooks: webhooks(features),
    components: {
      ...components,
      securitySchemes: Object.assign(
        { ...(components.securitySchemes as Record<string, Json>) },
        ...features.map((feature) => feature.apiSecuritySchemes ?? {}),
      ) as Record<string, Json>,
    },
  };
}

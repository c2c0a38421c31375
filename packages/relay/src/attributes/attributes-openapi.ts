import {
  AttributeBreakdown,
  AttributeDefinition,
  AttributeDefinitionCreate,
  AttributeDefinitionList,
  AttributeDefinitionPatch,
  AttributeValues,
  AttributeValuesPatch,
  ConversationAttributes,
} from '@parley/protocol/admin';
import { type Json, body, idParam, ok, operation, query } from '../http/openapi/openapi-parts.js';

const millis: Json = { type: 'string', pattern: '^\\d{1,15}$' };

/** How the API document describes custom attributes' routes (`attributes-routes.ts` serves them). */
export const attributesPaths = (): Record<string, Json> => ({
  '/v1/admin/attributes': {
    get: operation(
      'List attribute definitions',
      'The site’s custom attributes, contact ones first, each scope by `position`; archived ones included (flagged).',
      { tag: 'attributes', responses: ok('The definitions.', AttributeDefinitionList) },
    ),
    post: operation(
      'Define an attribute',
      'A typed field of contacts or conversations. `key` is a stable slug, unique per site and scope; `key`, `type` and `scope` never change. A list attribute needs its `options`. A site keeps at most 100 (409 `conflict` beyond, and for a key taken).',
      {
        tag: 'attributes',
        adminOnly: true,
        requestBody: body(AttributeDefinitionCreate),
        conflict: true,
        responses: ok('Defined.', AttributeDefinition, '201'),
      },
    ),
  },
  '/v1/admin/attributes/{id}': {
    patch: operation(
      'Change an attribute',
      'Its label, description, options (list attributes), position, or archive it (`archived: true`: hidden from the inbox, filters, rules and `identify()`, its values kept).',
      {
        tag: 'attributes',
        adminOnly: true,
        parameters: [idParam('attribute')],
        requestBody: body(AttributeDefinitionPatch),
        notFound: true,
        responses: ok('Changed.', AttributeDefinition),
      },
    ),
    delete: operation('Delete an attribute', 'The definition and every value of it, for good.', {
      tag: 'attributes',
      adminOnly: true,
      parameters: [idParam('attribute')],
      notFound: true,
      responses: { '204': { description: 'Deleted, with its values.' } },
    }),
  },
  '/v1/admin/attributes/{id}/breakdown': {
    get: operation(
      'Conversations by an attribute’s value',
      'Conversations created in `[from, to)` (at most 400 days; default the last 30) per value of a list or checkbox attribute (a contact attribute counts each conversation by its contact’s value), and how many have none.',
      {
        tag: 'attributes',
        parameters: [
          idParam('attribute'),
          query('from', 'Start of the range, ms since 1970 (default: 30 days before `to`).', millis),
          query('to', 'End of the range (excluded), ms since 1970 (default: now).', millis),
        ],
        notFound: true,
        responses: ok('The breakdown.', AttributeBreakdown),
      },
    ),
  },
  '/v1/admin/conversations/{id}/attributes': {
    get: operation(
      'A conversation’s attributes',
      'Its own values and its contact’s, with the definitions (not archived) to show them by: the visitor panel’s read.',
      {
        tag: 'attributes',
        parameters: [idParam('conversation')],
        notFound: true,
        responses: ok('The values.', ConversationAttributes),
      },
    ),
    patch: operation(
      'Set a conversation’s attributes',
      'Values by key (`null` clears one), each checked against its definition: a number is a number, a date `YYYY-MM-DD`, a list value one of its options, a checkbox a boolean, a link an http(s) address. One bad value (400 naming `body.values.<key>`) changes nothing. Audited (the keys).',
      {
        tag: 'attributes',
        parameters: [idParam('conversation')],
        requestBody: body(AttributeValuesPatch),
        notFound: true,
        responses: ok('Its values now.', AttributeValues),
      },
    ),
  },
  '/v1/admin/contacts/{id}/attributes': {
    get: operation('A contact’s attributes', 'The values set (definitions not archived).', {
      tag: 'attributes',
      parameters: [idParam('contact')],
      notFound: true,
      responses: ok('The values.', AttributeValues),
    }),
    patch: operation(
      'Set a contact’s attributes',
      'As for a conversation’s. A value staff set counts as verified: an unsigned `identify()` never replaces it.',
      {
        tag: 'attributes',
        parameters: [idParam('contact')],
        requestBody: body(AttributeValuesPatch),
        notFound: true,
        responses: ok('Their values now.', AttributeValues),
      },
    ),
  },
});

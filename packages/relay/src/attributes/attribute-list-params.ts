import * as z from 'zod/mini';
import { ATTRIBUTE_VALUES } from '@parley/protocol/admin';
import { text } from '../features/admin-routes/route-query.js';

/**
 * The conversation list's parameters custom attributes' filters read (`conversationFilters` in the feature's parts),
 * contributed to the desk's `desk.conversationParams`: the list takes them and the document lists them. Their values
 * are checked by the filters (`Invalid query.attribute: …`), which know the site's attributes.
 */
export const attributeListParams = {
  attribute: text(
    z.string(),
    'Only conversations whose custom attribute (their own, or their contact’s) compares so: `<scope>.<key>:<op>[:<value>]`, e.g. `contact.plan:is:Pro`, `conversation.seats:gt:10`, `contact.vip:is_set`. Ops by type: text and link `is`, `is_not`, `contains`; list `is`, `is_not`; number and date (`YYYY-MM-DD`) `is`, `gt`, `lt`; checkbox `is` (`true`/`false`); every type `is_set`, `not_set`. Text compares without regard to case. docs/attributes.md.',
    { type: 'string', maxLength: 2100 },
  ),
  attributeValues: text(
    z.string(),
    'Which custom attribute values `attribute`, a saved view’s criteria and `q`’s search in attribute values read: `all` (default), or `verified`: only those set by staff or by the site’s signed `identify()`; a visitor’s unsigned claim counts as not set (so `not_set` and `is_not` hold for it), as in a rule condition with `verified`. A saved view’s criterion with `verified` reads so whatever this says. docs/attributes.md.',
    { type: 'string', enum: [...ATTRIBUTE_VALUES] },
  ),
};

import {
  ATTRIBUTE_LIMITS,
  AttributeBreakdown,
  AttributeDefinition,
  AttributeDefinitionCreate,
  AttributeDefinitionList,
  AttributeDefinitionPatch,
  AttributeValues,
  AttributeValuesPatch,
  ConversationAttributes,
  type AttributeScope,
} from '@parley/protocol/admin';
import { randomId } from '../auth/tokens.js';
import { ApiError } from '../http/admin-http.js';
import {
  adminRoute,
  audit,
  conversationOr404,
  type AdminRoute,
  type Call,
} from '../features/admin-routes/admin-route.js';
import { ok } from '../http/openapi/openapi-parts.js';
import { millis } from '../features/admin-routes/route-query.js';
import type { Attributes } from './attributes.js';
import { wireValues, type DefinitionRecord } from './attributes-repository.js';

const DAY = 86_400_000;
/** The longest range of a breakdown. */
const MAX_RANGE = 400 * DAY;
const tag = 'attributes';

function attributesOf(call: Call): Attributes {
  const attributes = call.use('attributes');
  if (!attributes) throw new ApiError('not_found', 'Custom attributes are not part of this relay.');
  return attributes;
}

/** The definition as the wire shows it (without its site). */
export function wireDefinition({ siteId: _site, ...definition }: DefinitionRecord): AttributeDefinition {
  return definition;
}

async function definitionOr404(call: Call): Promise<DefinitionRecord> {
  const found = await attributesOf(call).definition(call.site.id, call.params.id!);
  if (!found) throw new ApiError('not_found', 'No such attribute on this site.');
  return found;
}

async function contactOr404(call: Call): Promise<string> {
  await call.admin.flushContacts();
  const found = await call.admin.repos.contacts.getContact(call.site.id, call.params.id!);
  if (!found) throw new ApiError('not_found', 'No such contact on this site.');
  return call.params.id!;
}

/** Sets values of one contact or conversation from a `PATCH …/attributes` body; audited with the keys changed. */
async function patchValues(
  call: Call<AttributeValuesPatch>,
  scope: AttributeScope,
  subjectId: string,
): Promise<AttributeValues> {
  const attributes = attributesOf(call);
  const changed = await attributes.setValues(call.site.id, scope, subjectId, call.body.values, {
    source: 'staff',
    by: call.staff.name,
  });
  if (changed.keys.length > 0)
    // The keys only: values can be personal data, and the audit log outlives erasure.
    await audit(call, 'attributes.set', scope, subjectId, { keys: changed.keys });
  return attributes.values(call.site.id, scope, subjectId);
}

/** Custom attributes (docs/attributes.md): definitions (admins), values (any staff member), a breakdown. */
export const attributesRoutes: readonly AdminRoute[] = [
  adminRoute({
    method: 'GET',
    path: '/v1/admin/attributes',
    doc: {
      summary: 'List attribute definitions',
      description:
        'The site’s custom attributes, contact ones first, each scope by `position`; archived ones included (flagged).',
      tag,
      responses: ok('The definitions.', AttributeDefinitionList),
    },
    run: async (call) => {
      const items = await attributesOf(call).repository.definitions(call.site.id);
      return { status: 200, body: { items: items.map(wireDefinition) } satisfies AttributeDefinitionList };
    },
  }),
  adminRoute({
    method: 'POST',
    path: '/v1/admin/attributes',
    permission: 'settings.manage',
    requestBody: AttributeDefinitionCreate,
    doc: {
      summary: 'Define an attribute',
      description:
        'A typed field of contacts or conversations. `key` is a stable slug, unique per site and scope; `key`, `type` and `scope` never change. A list attribute needs its `options`. A site keeps at most 100 (409 `conflict` beyond, and for a key taken).',
      tag,
      conflict: true,
      responses: ok('Defined.', AttributeDefinition, '201'),
    },
    run: async (call) => {
      const body = call.body;
      if (body.type === 'list' && (body.options ?? []).length === 0)
        throw new ApiError('bad_request', 'Invalid body.options: a list attribute needs at least one option.');
      if (body.type !== 'list' && body.options !== undefined && body.options.length > 0)
        throw new ApiError('bad_request', 'Invalid body.options: only list attributes have options.');
      const attributes = attributesOf(call);
      const existing = await attributes.repository.definitions(call.site.id);
      const record: DefinitionRecord = {
        id: randomId('attr'),
        siteId: call.site.id,
        key: body.key,
        label: body.label,
        type: body.type,
        scope: body.scope,
        description: body.description || null,
        options: body.type === 'list' ? (body.options ?? []) : [],
        position: existing.filter((found) => found.scope === body.scope).length,
        archived: false,
        createdAt: call.now,
        updatedAt: call.now,
      };
      const made = await attributes.repository.insert(record, ATTRIBUTE_LIMITS.definitions);
      if (made === 'full')
        throw new ApiError(
          'conflict',
          `A site keeps at most ${ATTRIBUTE_LIMITS.definitions} attributes; delete one first.`,
        );
      if (made === 'taken')
        throw new ApiError(
          'conflict',
          `Invalid body.key: the site has a ${body.scope} attribute “${body.key}” already.`,
        );
      await audit(call, 'attribute.create', 'attribute', made.id, {
        key: made.key,
        scope: made.scope,
        type: made.type,
      });
      return { status: 201, body: wireDefinition(made) };
    },
  }),
  adminRoute({
    method: 'PATCH',
    path: '/v1/admin/attributes/{id}',
    permission: 'settings.manage',
    resource: 'attribute',
    requestBody: AttributeDefinitionPatch,
    doc: {
      summary: 'Change an attribute',
      description:
        'Its label, description, options (list attributes), position, or archive it (`archived: true`: hidden from the inbox, filters, rules and `identify()`, its values kept).',
      tag,
      responses: ok('Changed.', AttributeDefinition),
    },
    run: async (call) => {
      const patch = call.body;
      const before = await definitionOr404(call);
      if (patch.options !== undefined && before.type !== 'list')
        throw new ApiError('bad_request', 'Invalid body.options: only list attributes have options.');
      if (patch.options !== undefined && patch.options.length === 0)
        throw new ApiError('bad_request', 'Invalid body.options: a list attribute needs at least one option.');
      const after: DefinitionRecord = {
        ...before,
        ...(patch.label !== undefined ? { label: patch.label } : {}),
        ...(patch.description !== undefined ? { description: patch.description || null } : {}),
        ...(patch.options !== undefined ? { options: patch.options } : {}),
        ...(patch.position !== undefined ? { position: patch.position } : {}),
        ...(patch.archived !== undefined ? { archived: patch.archived } : {}),
        updatedAt: call.now,
      };
      if (!(await attributesOf(call).repository.update(after)))
        throw new ApiError('not_found', 'No such attribute on this site.');
      await audit(call, 'attribute.update', 'attribute', after.id, { key: after.key, changed: Object.keys(patch) });
      return { status: 200, body: wireDefinition(after) };
    },
  }),
  adminRoute({
    method: 'DELETE',
    path: '/v1/admin/attributes/{id}',
    permission: 'settings.manage',
    resource: 'attribute',
    doc: {
      summary: 'Delete an attribute',
      description: 'The definition and every value of it, for good.',
      tag,
      responses: { '204': { description: 'Deleted, with its values.' } },
    },
    run: async (call) => {
      await call.request.body;
      const before = await definitionOr404(call);
      const values = await attributesOf(call).repository.delete(call.site.id, before.id);
      if (values === undefined) throw new ApiError('not_found', 'No such attribute on this site.');
      await audit(call, 'attribute.delete', 'attribute', before.id, { key: before.key, scope: before.scope, values });
      return { status: 204 };
    },
  }),
  adminRoute({
    method: 'GET',
    path: '/v1/admin/attributes/{id}/breakdown',
    resource: 'attribute',
    doc: {
      summary: 'Conversations by an attribute’s value',
      description:
        'Conversations created in `[from, to)` (at most 400 days; default the last 30) per value of a list or checkbox attribute (a contact attribute counts each conversation by its contact’s value), and how many have none.',
      tag,
      responses: ok('The breakdown.', AttributeBreakdown),
    },
    query: {
      from: millis('Start of the range, ms since 1970 (default: 30 days before `to`).'),
      to: millis('End of the range (excluded), ms since 1970 (default: now).'),
    },
    run: async (call) => {
      // The last 30 days, unless said otherwise.
      const to = call.query.to ?? call.now;
      const from = call.query.from ?? to - 30 * DAY;
      if (from >= to) throw new ApiError('bad_request', 'Invalid query.to: it must come after query.from.');
      if (to - from > MAX_RANGE) throw new ApiError('bad_request', 'Invalid query range: at most 400 days.');
      const found = await definitionOr404(call);
      if (found.type !== 'list' && found.type !== 'checkbox')
        throw new ApiError(
          'bad_request',
          `Invalid attribute: ${found.label} is a ${found.type}; only list and checkbox attributes break down.`,
        );
      const { counts, unset } = await attributesOf(call).repository.breakdown(found, from, to);
      const values: readonly string[] = found.type === 'checkbox' ? ['true', 'false'] : found.options;
      const items = values.map((value) => ({
        value: found.type === 'checkbox' ? value === 'true' : value,
        count: counts.get(value) ?? 0,
      }));
      // Values of options since removed are still counted, after the current ones.
      for (const [value, count] of counts)
        if (!values.includes(value)) items.push({ value: found.type === 'checkbox' ? value === 'true' : value, count });
      return {
        status: 200,
        body: { attribute: wireDefinition(found), range: { from, to }, items, unset } satisfies AttributeBreakdown,
      };
    },
  }),
  adminRoute({
    method: 'GET',
    path: '/v1/admin/conversations/{id}/attributes',
    resource: 'conversation',
    doc: {
      summary: 'A conversation’s attributes',
      description:
        'Its own values and its contact’s, with the definitions (not archived) to show them by: the visitor panel’s read.',
      tag,
      responses: ok('The values.', ConversationAttributes),
    },
    run: async (call) => {
      const conversation = await conversationOr404(call);
      const { repository } = attributesOf(call);
      const [definitions, own, contact] = await Promise.all([
        repository.definitions(call.site.id),
        repository.values(call.site.id, 'conversation', conversation.id),
        repository.values(call.site.id, 'contact', conversation.visitorId),
      ]);
      return {
        status: 200,
        body: {
          definitions: definitions.filter((found) => !found.archived).map(wireDefinition),
          contact: { scope: 'contact', id: conversation.visitorId, items: wireValues(definitions, contact) },
          conversation: { scope: 'conversation', id: conversation.id, items: wireValues(definitions, own) },
        } satisfies ConversationAttributes,
      };
    },
  }),
  adminRoute({
    method: 'PATCH',
    path: '/v1/admin/conversations/{id}/attributes',
    resource: 'conversation',
    requestBody: AttributeValuesPatch,
    doc: {
      summary: 'Set a conversation’s attributes',
      description:
        'Values by key (`null` clears one), each checked against its definition: a number is a number, a date `YYYY-MM-DD`, a list value one of its options, a checkbox a boolean, a link an http(s) address. One bad value (400 naming `body.values.<key>`) changes nothing. Audited (the keys).',
      tag,
      responses: ok('Its values now.', AttributeValues),
    },
    run: async (call) => {
      const conversation = await conversationOr404(call);
      return { status: 200, body: await patchValues(call, 'conversation', conversation.id) };
    },
  }),
  adminRoute({
    method: 'GET',
    path: '/v1/admin/contacts/{id}/attributes',
    resource: 'contact',
    doc: {
      summary: 'A contact’s attributes',
      description: 'The values set (definitions not archived).',
      tag,
      responses: ok('The values.', AttributeValues),
    },
    run: async (call) => {
      const contactId = await contactOr404(call);
      return { status: 200, body: await attributesOf(call).values(call.site.id, 'contact', contactId) };
    },
  }),
  adminRoute({
    method: 'PATCH',
    path: '/v1/admin/contacts/{id}/attributes',
    resource: 'contact',
    requestBody: AttributeValuesPatch,
    doc: {
      summary: 'Set a contact’s attributes',
      description:
        'As for a conversation’s. A value staff set counts as verified: an unsigned `identify()` never replaces it.',
      tag,
      responses: ok('Their values now.', AttributeValues),
    },
    run: async (call) => {
      const contactId = await contactOr404(call);
      return { status: 200, body: await patchValues(call, 'contact', contactId) };
    },
  }),
];

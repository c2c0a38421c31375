import * as z from 'zod/mini';
import {
  ATTRIBUTE_LIMITS,
  AttributeDefinitionCreate,
  AttributeDefinitionPatch,
  AttributeValuesPatch,
  type AttributeBreakdown,
  type AttributeDefinition,
  type AttributeDefinitionList,
  type AttributeScope,
  type AttributeValues,
  type ConversationAttributes,
} from '@parley/protocol/admin';
import { randomId } from '../auth/tokens.js';
import { ApiError, check, parseBody } from '../http/admin-http.js';
import {
  audit,
  conversationOr404,
  QueryMillis,
  queryObject,
  type AdminRoute,
  type Call,
} from '../http/admin-routes/admin-route.js';
import type { Attributes } from './attributes.js';
import { wireValues, type DefinitionRecord } from './attributes-repository.js';

const DAY = 86_400_000;
/** The longest range of a breakdown. */
const MAX_RANGE = 400 * DAY;

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
async function patchValues(call: Call, scope: AttributeScope, subjectId: string): Promise<AttributeValues> {
  const body = await parseBody(call.request, AttributeValuesPatch);
  const attributes = attributesOf(call);
  const changed = await attributes.setValues(call.site.id, scope, subjectId, body.values, {
    source: 'staff',
    by: call.staff.name,
  });
  if (changed.keys.length > 0)
    // The keys only: values can be personal data, and the audit log outlives erasure.
    await audit(call, 'attributes.set', scope, subjectId, { keys: changed.keys });
  return attributes.values(call.site.id, scope, subjectId);
}

const BreakdownQuery = z.object({ from: z.optional(QueryMillis), to: z.optional(QueryMillis) });

/** Custom attributes (docs/attributes.md): definitions (admins), values (any staff member), a breakdown. */
export const attributesRoutes: readonly AdminRoute[] = [
  {
    method: 'GET',
    path: '/v1/admin/attributes',
    run: async (call) => {
      const items = await attributesOf(call).repository.definitions(call.site.id);
      return { status: 200, body: { items: items.map(wireDefinition) } satisfies AttributeDefinitionList };
    },
  },
  {
    method: 'POST',
    path: '/v1/admin/attributes',
    permission: 'settings.manage',
    requestBody: AttributeDefinitionCreate,
    run: async (call) => {
      const body = await parseBody(call.request, AttributeDefinitionCreate);
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
  },
  {
    method: 'PATCH',
    path: '/v1/admin/attributes/{id}',
    permission: 'settings.manage',
    requestBody: AttributeDefinitionPatch,
    run: async (call) => {
      const patch = await parseBody(call.request, AttributeDefinitionPatch);
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
  },
  {
    method: 'DELETE',
    path: '/v1/admin/attributes/{id}',
    permission: 'settings.manage',
    run: async (call) => {
      await call.request.body;
      const before = await definitionOr404(call);
      const values = await attributesOf(call).repository.delete(call.site.id, before.id);
      if (values === undefined) throw new ApiError('not_found', 'No such attribute on this site.');
      await audit(call, 'attribute.delete', 'attribute', before.id, { key: before.key, scope: before.scope, values });
      return { status: 204 };
    },
  },
  {
    method: 'GET',
    path: '/v1/admin/attributes/{id}/breakdown',
    run: async (call) => {
      const query = check(BreakdownQuery, queryObject(call.request), 'query');
      // The last 30 days, unless said otherwise.
      const to = query.to === undefined ? call.now : Number(query.to);
      const from = query.from === undefined ? to - 30 * DAY : Number(query.from);
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
  },
  {
    method: 'GET',
    path: '/v1/admin/conversations/{id}/attributes',
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
  },
  {
    method: 'PATCH',
    path: '/v1/admin/conversations/{id}/attributes',
    requestBody: AttributeValuesPatch,
    run: async (call) => {
      const conversation = await conversationOr404(call);
      return { status: 200, body: await patchValues(call, 'conversation', conversation.id) };
    },
  },
  {
    method: 'GET',
    path: '/v1/admin/contacts/{id}/attributes',
    run: async (call) => {
      const contactId = await contactOr404(call);
      return { status: 200, body: await attributesOf(call).values(call.site.id, 'contact', contactId) };
    },
  },
  {
    method: 'PATCH',
    path: '/v1/admin/contacts/{id}/attributes',
    requestBody: AttributeValuesPatch,
    run: async (call) => {
      const contactId = await contactOr404(call);
      return { status: 200, body: await patchValues(call, 'contact', contactId) };
    },
  },
];

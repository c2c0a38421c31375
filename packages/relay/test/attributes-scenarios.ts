/**
 * Custom attributes (issue #40, docs/attributes.md), as a user of the admin API and a site's page would use them:
 * definitions, values checked by type, `identify()` signed and unsigned, the conversation list's filter, rules,
 * the breakdown and erasure. Run on SQLite (attributes.test.ts) and on PostgreSQL with two relays
 * (test-services/attributes-postgres.test.ts): `relays[0]` writes, the last one reads.
 */
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { attributesSigningText } from '@parley/protocol/admin';
import { identityHash } from '../src/index.js';
import { TestClient } from './support/client.js';
import { identitySecret, siteKey, type Desk } from './support/desk.js';
import { until } from './support/until.js';

/** What the scenarios need of the relays under test. */
export interface AttributeRelays {
  /** Writes go to the first, reads to the last (the same relay on SQLite). */
  readonly relays: readonly Desk[];
}

type Values = Record<string, string | number | boolean | null>;

/** What a site's backend computes: the user hash, and the attributes' signature (docs/attributes.md). */
export function signedUser(id: string, attributes: Values, sign = true) {
  return {
    id,
    hash: identityHash(identitySecret, id),
    attributes,
    ...(sign
      ? {
          attributesHash: createHmac('sha256', identitySecret)
            .update(attributesSigningText(id, attributes))
            .digest('hex'),
        }
      : {}),
  };
}

async function define(relay: Desk, body: Record<string, unknown>): Promise<{ id: string; key: string }> {
  const made = await relay.call('POST', '/v1/admin/attributes', body);
  assert.equal(made.status, 201, JSON.stringify(made.body));
  return made.body;
}

/** The site's attributes used below (made once per relay set). */
export async function defineAll(relay: Desk): Promise<Record<string, string>> {
  const ids: Record<string, string> = {};
  for (const body of [
    { key: 'plan', label: 'Plan', type: 'list', scope: 'contact', options: ['Free', 'Pro', 'Enterprise'] },
    { key: 'seats', label: 'Seats', type: 'number', scope: 'contact' },
    { key: 'renews_on', label: 'Renews on', type: 'date', scope: 'contact' },
    { key: 'vip', label: 'VIP', type: 'checkbox', scope: 'contact' },
    { key: 'crm', label: 'CRM record', type: 'link', scope: 'contact' },
    { key: 'order', label: 'Order number', type: 'text', scope: 'conversation', description: 'From the shop.' },
    { key: 'refund', label: 'Refund asked', type: 'checkbox', scope: 'conversation' },
  ])
    ids[body.key] = (await define(relay, body)).id;
  return ids;
}

/** An identified visitor who says something (a contact with a conversation). */
export async function identified(relay: Desk, id: string, attributes: Values, sign = true, text = 'Hello') {
  const { client, welcome } = await TestClient.hello(
    relay.wsUrl,
    { siteKey, user: signedUser(id, attributes, sign) },
    { protocol: 'parley.v2' },
  );
  await client.say(`m-${id}`, text);
  return { client, conversationId: welcome.conversationId!, contactId: welcome.visitorId! };
}

async function contactValues(relay: Desk, contactId: string): Promise<Record<string, [unknown, boolean]>> {
  const got = await relay.call('GET', `/v1/admin/contacts/${contactId}/attributes`);
  assert.equal(got.status, 200, JSON.stringify(got.body));
  return Object.fromEntries(
    (got.body.items as { key: string; value: unknown; verified: boolean }[]).map((item) => [
      item.key,
      [item.value, item.verified],
    ]),
  );
}

async function listed(relay: Desk, filter: string): Promise<string[]> {
  const page = await relay.call('GET', `/v1/admin/conversations?attribute=${encodeURIComponent(filter)}&limit=100`);
  assert.equal(page.status, 200, `${filter}: ${JSON.stringify(page.body)}`);
  return (page.body.items as { id: string }[]).map((item) => item.id).sort();
}

/** Definitions: made, checked, changed, archived, capped; agents read them and no more. */
export async function definitionsCase({ relays }: AttributeRelays, agentToken: string): Promise<void> {
  const relay = relays[0]!;
  const refusals: [Record<string, unknown>, number, RegExp][] = [
    [{ key: 'Plan', label: 'Plan', type: 'text', scope: 'contact' }, 400, /body\.key/],
    [{ key: 'plan', label: 'Plan', type: 'list', scope: 'contact' }, 400, /body\.options: a list attribute needs/],
    [{ key: 'x', label: 'X', type: 'text', scope: 'contact', options: ['a'] }, 400, /only list attributes/],
    [{ key: 'x', label: 'X', type: 'colour', scope: 'contact' }, 400, /body\.type/],
    [{ key: 'x', label: 'X', type: 'list', scope: 'contact', options: ['A', 'a'] }, 400, /repeat/],
    [{ key: 'plan', label: 'Plan again', type: 'text', scope: 'contact' }, 409, /contact attribute “plan” already/],
  ];
  for (const [body, status, message] of refusals) {
    const refused = await relay.call('POST', '/v1/admin/attributes', body);
    assert.equal(refused.status, status, JSON.stringify([body, refused.body]));
    assert.match(refused.body.error.message, message);
  }
  // The same key in the other scope is another attribute.
  const twin = await define(relay, { key: 'plan', label: 'Plan (deal)', type: 'text', scope: 'conversation' });
  assert.equal(
    (
      await relay.call(
        'POST',
        '/v1/admin/attributes',
        { key: 'y', label: 'Y', type: 'text', scope: 'contact' },
        agentToken,
      )
    ).status,
    403,
  );
  const reader = relays.at(-1)!;
  const list = await reader.call('GET', '/v1/admin/attributes', undefined, agentToken);
  assert.equal(list.status, 200);
  assert.deepEqual(
    (list.body.items as { scope: string; key: string }[]).map((item) => `${item.scope}.${item.key}`),
    [
      'contact.plan',
      'contact.seats',
      'contact.renews_on',
      'contact.vip',
      'contact.crm',
      'conversation.order',
      'conversation.refund',
      'conversation.plan',
    ],
  );
  const plan = (list.body.items as { id: string; key: string; scope: string }[]).find(
    (item) => item.key === 'plan' && item.scope === 'contact',
  )!;
  const changed = await relay.call('PATCH', `/v1/admin/attributes/${plan.id}`, {
    label: 'Plan tier',
    options: ['Free', 'Pro', 'Enterprise', 'Team'],
  });
  assert.equal(changed.status, 200, JSON.stringify(changed.body));
  assert.deepEqual(
    [changed.body.label, changed.body.options, changed.body.type],
    ['Plan tier', ['Free', 'Pro', 'Enterprise', 'Team'], 'list'],
  );
  assert.equal((await relay.call('PATCH', `/v1/admin/attributes/${plan.id}`, { type: 'text' })).status, 400);
  assert.equal((await relay.call('PATCH', `/v1/admin/attributes/${plan.id}`, { label: 'x' }, agentToken)).status, 403);
  assert.equal((await relay.call('DELETE', `/v1/admin/attributes/${twin.id}`)).status, 204);
  assert.equal((await relay.call('DELETE', `/v1/admin/attributes/${twin.id}`)).status, 404);

  const audit = await reader.call('GET', '/v1/admin/audit?limit=50');
  const actions = (audit.body.items as { action: string }[]).map((item) => item.action);
  for (const action of ['attribute.create', 'attribute.update', 'attribute.delete'])
    assert.ok(actions.includes(action), `${action} in ${actions.join(', ')}`);
}

/** Values from the admin API: checked by type, all or nothing, cleared by null, audited. */
export async function valuesCase({ relays }: AttributeRelays, agentToken: string): Promise<void> {
  const relay = relays[0]!;
  const reader = relays.at(-1)!;
  const { conversationId, contactId, client } = await identified(relay, 'user-values', {});
  const path = `/v1/admin/contacts/${contactId}/attributes`;
  const set = await relay.call(
    'PATCH',
    path,
    { values: { plan: 'pro', seats: 12, renews_on: '2027-01-31', vip: true, crm: 'https://crm.test/c/1' } },
    agentToken,
  );
  assert.equal(set.status, 200, JSON.stringify(set.body));
  assert.deepEqual(await contactValues(reader, contactId), {
    plan: ['Pro', true],
    seats: [12, true],
    renews_on: ['2027-01-31', true],
    vip: [true, true],
    crm: ['https://crm.test/c/1', true],
  });
  const bad: [Values, RegExp][] = [
    [{ seats: 'twelve' }, /body\.values\.seats: Seats must be a number/],
    [{ renews_on: '31/01/2027' }, /body\.values\.renews_on: Renews on must be a date, YYYY-MM-DD/],
    [{ renews_on: '2027-02-30' }, /must be a date that exists/],
    [{ plan: 'Gold' }, /body\.values\.plan: Plan tier must be one of: Free, Pro, Enterprise, Team/],
    [{ crm: 'javascript:alert(1)' }, /body\.values\.crm: CRM record must be an http\(s\) address/],
    [{ vip: 'yes' }, /body\.values\.vip: VIP must be true or false/],
    [{ nope: 'x' }, /body\.values\.nope: no such contact attribute/],
    [{ order: 'A-1' }, /body\.values\.order: no such contact attribute/],
    [{ seats: 3, plan: 'Gold' }, /body\.values\.plan/],
  ];
  for (const [values, message] of bad) {
    const refused = await relay.call('PATCH', path, { values });
    assert.equal(refused.status, 400, JSON.stringify([values, refused.body]));
    assert.match(refused.body.error.message, message);
  }
  assert.equal((await contactValues(reader, contactId)).seats![0], 12, 'one bad value changes nothing');
  const cleared = await relay.call('PATCH', path, { values: { crm: null, seats: 13 } });
  assert.equal(cleared.status, 200);
  assert.deepEqual(
    (cleared.body.items as { key: string }[]).map((item) => item.key),
    ['plan', 'seats', 'renews_on', 'vip'],
  );

  const own = await relay.call('PATCH', `/v1/admin/conversations/${conversationId}/attributes`, {
    values: { order: '  A-1042 ', refund: 'true' },
  });
  assert.equal(own.status, 200, JSON.stringify(own.body));
  const panel = await reader.call('GET', `/v1/admin/conversations/${conversationId}/attributes`, undefined, agentToken);
  assert.equal(panel.status, 200);
  assert.deepEqual(
    (panel.body.conversation.items as { key: string; value: unknown; updatedBy: string }[]).map((item) => [
      item.key,
      item.value,
      item.updatedBy,
    ]),
    [
      ['order', 'A-1042', 'Admin'],
      ['refund', true, 'Admin'],
    ],
  );
  assert.equal(panel.body.contact.id, contactId);
  assert.equal(panel.body.contact.items.length, 4);

  const audit = await reader.call('GET', '/v1/admin/audit?limit=50');
  const entry = (audit.body.items as { action: string; targetId: string; details: { keys: string[] } }[]).find(
    (item) => item.action === 'attributes.set' && item.targetId === conversationId,
  );
  assert.deepEqual(entry?.details.keys.sort(), ['order', 'refund']);
  assert.ok(!JSON.stringify(audit.body).includes('A-1042'), 'the audit log keeps keys, not values');

  // Another site sees none of it.
  const site = await relay.call('POST', '/v1/admin/sites', { name: 'Other shop' });
  assert.equal(site.status, 201, JSON.stringify(site.body));
  const other = site.body.adminToken as string;
  for (const [method, where, body] of [
    ['GET', path, undefined],
    ['PATCH', path, { values: { seats: 1 } }],
    ['GET', `/v1/admin/conversations/${conversationId}/attributes`, undefined],
    ['PATCH', `/v1/admin/conversations/${conversationId}/attributes`, { values: { order: 'x' } }],
  ] as const)
    assert.equal((await relay.call(method, where, body, other)).status, 404, `${method} ${where}`);
  const theirs = await relay.call('GET', '/v1/admin/attributes', undefined, other);
  assert.deepEqual(theirs.body.items, []);
  client.close();
}

/** identify(): signed values are verified; unsigned ones are claims that never replace a verified value. */
export async function identifyCase({ relays }: AttributeRelays): Promise<void> {
  const relay = relays[0]!;
  const reader = relays.at(-1)!;
  const signed = await identified(relay, 'user-signed', { plan: 'Enterprise', seats: 40, unknown_key: 'x' });
  await until(async () => (await contactValues(reader, signed.contactId)).seats, 'the signed values');
  assert.deepEqual(await contactValues(reader, signed.contactId), {
    plan: ['Enterprise', true],
    seats: [40, true],
  });
  signed.client.close();

  // The same user later, unsigned (a page making claims): new keys are stored as unverified, verified ones kept.
  const claim = await TestClient.hello(
    relay.wsUrl,
    { siteKey, user: signedUser('user-signed', { plan: 'Free', vip: true }, false) },
    { protocol: 'parley.v2' },
  );
  await until(async () => (await contactValues(reader, signed.contactId)).vip, 'the unsigned claim');
  assert.deepEqual(await contactValues(reader, signed.contactId), {
    plan: ['Enterprise', true],
    seats: [40, true],
    vip: [true, false],
  });
  claim.client.close();

  // A wrong signature is no signature; a tampered value with the old signature neither.
  const good = signedUser('user-forged', { plan: 'Pro' });
  const forged = await TestClient.hello(
    relay.wsUrl,
    { siteKey, user: { ...good, attributes: { plan: 'Enterprise' } } },
    { protocol: 'parley.v2' },
  );
  await forged.client.say('m-forged', 'hi');
  const forgedId = forged.welcome.visitorId!;
  await until(async () => (await contactValues(reader, forgedId)).plan, 'the forged claim');
  assert.deepEqual(await contactValues(reader, forgedId), { plan: ['Enterprise', false] });
  forged.client.close();

  // A signed value replaces a claim; a staff edit is verified too.
  const again = await identified(relay, 'user-forged', { plan: 'Pro' }, true, 'again');
  await until(async () => (await contactValues(reader, forgedId)).plan?.[1] === true, 'the signed value');
  assert.deepEqual(await contactValues(reader, forgedId), { plan: ['Pro', true] });
  again.client.close();

  // A visitor who never writes leaves nothing; their first message brings what their hello said.
  const silent = await TestClient.hello(
    relay.wsUrl,
    { siteKey, user: signedUser('user-silent', { seats: 3 }) },
    { protocol: 'parley.v2' },
  );
  const silentId = silent.welcome.visitorId!;
  await new Promise((resolve) => setTimeout(resolve, 100));
  assert.equal((await reader.call('GET', `/v1/admin/contacts/${silentId}/attributes`)).status, 404);
  await silent.client.say('m-silent', 'Now I write');
  await until(async () => (await contactValues(reader, silentId)).seats, 'the held values');
  assert.deepEqual(await contactValues(reader, silentId), { seats: [3, true] });
  silent.client.close();

  // Two hellos before the first message, signed then unsigned: both held, written in turn; the claim adds, never undoes.
  const first = await TestClient.hello(
    relay.wsUrl,
    { siteKey, user: signedUser('user-twice', { seats: 7 }) },
    { protocol: 'parley.v2' },
  );
  first.client.close();
  const second = await TestClient.hello(
    relay.wsUrl,
    { siteKey, user: signedUser('user-twice', { seats: 70, plan: 'Free' }, false) },
    { protocol: 'parley.v2' },
  );
  await second.client.say('m-twice', 'First words');
  const twiceId = second.welcome.visitorId!;
  await until(async () => (await contactValues(reader, twiceId)).plan, 'both hellos’ values');
  assert.deepEqual(await contactValues(reader, twiceId), { seats: [7, true], plan: ['Free', false] });
  second.client.close();
}

/** The conversation list's `attribute` filter: by type and scope, with counts; bad filters named. */
export async function filterCase({ relays }: AttributeRelays): Promise<void> {
  const relay = relays[0]!;
  const reader = relays.at(-1)!;
  const people: [string, Values][] = [
    ['f-alice', { plan: 'Pro', seats: 5, renews_on: '2027-03-01', vip: true }],
    ['f-bob', { plan: 'Free', seats: 50, renews_on: '2026-12-01' }],
    ['f-carol', { plan: 'Enterprise', seats: 500, crm: 'https://crm.test/carol' }],
  ];
  const ids: Record<string, string> = {};
  for (const [user, values] of people) {
    const made = await identified(relay, user, values);
    ids[user] = made.conversationId;
    made.client.close();
  }
  await until(
    async () =>
      (await reader.call('GET', `/v1/admin/conversations/${ids['f-carol']}/attributes`)).body.contact.items.length ===
      3,
    'the identified values',
  );
  await relay.call('PATCH', `/v1/admin/conversations/${ids['f-bob']}/attributes`, { values: { order: 'ORD-77' } });
  const only = (names: string[]) => names.map((name) => ids[name]!).sort();
  const mine = (found: string[]) => found.filter((id) => Object.values(ids).includes(id));
  assert.deepEqual(mine(await listed(reader, 'contact.plan:is:pro')), only(['f-alice']));
  assert.deepEqual(mine(await listed(reader, 'contact.plan:is_not:Pro')), only(['f-bob', 'f-carol']));
  assert.deepEqual(mine(await listed(reader, 'contact.seats:gt:10')), only(['f-bob', 'f-carol']));
  assert.deepEqual(mine(await listed(reader, 'contact.seats:lt:50')), only(['f-alice']));
  assert.deepEqual(mine(await listed(reader, 'contact.seats:is:50.0')), only(['f-bob']));
  assert.deepEqual(mine(await listed(reader, 'contact.renews_on:gt:2027-01-01')), only(['f-alice']));
  assert.deepEqual(mine(await listed(reader, 'contact.vip:is:true')), only(['f-alice']));
  assert.deepEqual(mine(await listed(reader, 'contact.crm:contains:CAROL')), only(['f-carol']));
  assert.deepEqual(mine(await listed(reader, 'contact.crm:not_set')), only(['f-alice', 'f-bob']));
  assert.deepEqual(mine(await listed(reader, 'conversation.order:is:ord-77')), only(['f-bob']));
  assert.deepEqual(mine(await listed(reader, 'conversation.order:is_set')), only(['f-bob']));
  // Counts follow the filter, as they do `label`.
  const page = await reader.call(
    'GET',
    `/v1/admin/conversations?attribute=${encodeURIComponent('contact.plan:is:Pro')}`,
  );
  assert.equal(page.body.counts.all, page.body.items.length);
  const refusals: [string, RegExp][] = [
    ['plan=Pro', /query\.attribute: write <scope>\.<key>:<op>/],
    ['contact.plan:is', /query\.attribute/],
    ['contact.nope:is:x', /no contact attribute nope/],
    ['contact.plan:gt:Pro', /Plan tier \(list\) takes is, is_not, is_set, not_set/],
    ['contact.seats:is:many', /Seats must be a number/],
    ['contact.plan:is:Gold', /must be one of/],
  ];
  for (const [filter, message] of refusals) {
    const refused = await reader.call('GET', `/v1/admin/conversations?attribute=${encodeURIComponent(filter)}`);
    assert.equal(refused.status, 400, filter);
    assert.match(refused.body.error.message, message, filter);
  }

  // A saved view keeps attribute criteria (all of them hold): its count and its list are the parameter's.
  const criteria = [
    { scope: 'contact', key: 'plan', op: 'is', value: 'Pro' },
    { scope: 'contact', key: 'seats', op: 'lt', value: '50' },
  ];
  const made = await relay.call('POST', '/v1/admin/views', { name: 'Small Pro', filter: { attributes: criteria } });
  assert.equal(made.status, 201, JSON.stringify(made.body));
  const viewed = await reader.call('GET', `/v1/admin/conversations?view=${made.body.id}&limit=100`);
  assert.equal(viewed.status, 200, JSON.stringify(viewed.body));
  const inView = (viewed.body.items as { id: string }[]).map((item) => item.id).sort();
  const both = (await listed(reader, 'contact.plan:is:Pro')).filter((id) => inView.includes(id));
  assert.deepEqual(inView, both, 'the view shows what both criteria show');
  assert.deepEqual(mine(inView), only(['f-alice']));
  const views = (await reader.call('GET', '/v1/admin/views')).body.items as { id: string; count: number }[];
  assert.equal(views.find((view) => view.id === made.body.id)?.count, inView.length, 'the count is the list’s');
  // A criterion the site cannot use is refused before anything is saved, naming its place.
  const before = views.length;
  for (const [attribute, message] of [
    [{ scope: 'contact', key: 'nope', op: 'is', value: 'x' }, /body\.filter\.attributes\.0: no contact attribute nope/],
    [
      { scope: 'contact', key: 'plan', op: 'gt', value: 'Pro' },
      /body\.filter\.attributes\.0: Plan tier \(list\) takes/,
    ],
    [{ scope: 'contact', key: 'plan', op: 'is' }, /body\.filter\.attributes\.0/],
  ] as const) {
    const refused = await relay.call('POST', '/v1/admin/views', { name: 'Bad', filter: { attributes: [attribute] } });
    assert.equal(refused.status, 400, JSON.stringify(attribute));
    assert.match(refused.body.error.message, message);
  }
  assert.equal((await reader.call('GET', '/v1/admin/views')).body.items.length, before, 'nothing saved');
  assert.equal((await relay.call('DELETE', `/v1/admin/views/${made.body.id}`)).status, 204);
}

/** The list's search (`q`) finds conversations by their attribute values and their contact's, beside their messages. */
export async function searchCase({ relays }: AttributeRelays): Promise<void> {
  const relay = relays[0]!;
  const reader = relays.at(-1)!;
  const dana = await identified(relay, 's-dana', { seats: 4217, crm: 'https://crm.test/Globex-dana', vip: true });
  const erin = await identified(relay, 's-erin', { plan: 'Pro' }, true, 'My Globex order never came');
  for (const made of [dana, erin]) made.client.close();
  await until(
    async () =>
      (await reader.call('GET', `/v1/admin/conversations/${dana.conversationId}/attributes`)).body.contact.items
        .length === 3,
    'the identified values',
  );
  const set = await relay.call('PATCH', `/v1/admin/conversations/${dana.conversationId}/attributes`, {
    values: { order: 'ORD-90417' },
  });
  assert.equal(set.status, 200, JSON.stringify(set.body));
  const ours = [dana.conversationId, erin.conversationId];
  const searched = async (q: string): Promise<string[]> => {
    const page = await reader.call('GET', `/v1/admin/conversations?q=${encodeURIComponent(q)}&limit=100`);
    assert.equal(page.status, 200, `${q}: ${JSON.stringify(page.body)}`);
    const items = (page.body.items as { id: string }[]).map((item) => item.id);
    assert.equal(page.body.counts.all, items.length, `${q}: the count is the list's`);
    return items.filter((id) => ours.includes(id)).sort();
  };
  const only = (...ids: string[]) => [...ids].sort();
  // A conversation's own value, anywhere in it and case aside; the contact's; a number's digits.
  assert.deepEqual(await searched('ord-90417'), only(dana.conversationId));
  assert.deepEqual(await searched('9041'), only(dana.conversationId));
  assert.deepEqual(await searched('4217'), only(dana.conversationId));
  // A message's words, as before, beside a contact's link holding the same word.
  assert.deepEqual(await searched('globex'), only(dana.conversationId, erin.conversationId));
  // Every word must be found: one in the contact's value and one in the conversation's will do.
  assert.deepEqual(await searched('globex 90417'), only(dana.conversationId));
  assert.deepEqual(await searched('globex nowhere'), []);
  // A checkbox is not text to search; `_` and `%` are not wildcards.
  assert.deepEqual(await searched('true'), []);
  assert.deepEqual(await searched('_'), []);
  assert.deepEqual(await searched('ord_90417'), []);
  // Search and an attribute filter narrow together.
  const both = await reader.call(
    'GET',
    `/v1/admin/conversations?q=globex&attribute=${encodeURIComponent('contact.plan:is:Pro')}&limit=100`,
  );
  assert.deepEqual(
    (both.body.items as { id: string }[]).map((item) => item.id).filter((id) => ours.includes(id)),
    [erin.conversationId],
  );

  // A contact's export (an access request) holds their values and their conversations'.
  const exported = await reader.call('GET', `/v1/admin/contacts/${dana.contactId}/export`);
  assert.equal(exported.status, 200, JSON.stringify(exported.body));
  const held = exported.body.features.attributes as {
    contact: { key: string; value: unknown; label: string; source: string }[];
    conversations: Record<string, { key: string; value: unknown; source: string; archived: boolean }[]>;
  };
  assert.deepEqual(
    held.contact.map((value) => [value.key, value.value, value.source]),
    [
      ['seats', 4217, 'signed'],
      ['vip', true, 'signed'],
      ['crm', 'https://crm.test/Globex-dana', 'signed'],
    ],
  );
  assert.equal(held.contact[0]!.label, 'Seats');
  assert.deepEqual(
    held.conversations[dana.conversationId]!.map((value) => [value.key, value.value, value.source, value.archived]),
    [['order', 'ORD-90417', 'staff', false]],
  );
  assert.deepEqual(Object.keys(held.conversations), [dana.conversationId]);
}

/** Rules: an attribute condition holds on the contact's or the conversation's value. */
export async function rulesCase({ relays }: AttributeRelays): Promise<void> {
  const relay = relays[0]!;
  const reader = relays.at(-1)!;
  const refused = await relay.call('POST', '/v1/admin/rules', {
    name: 'Bad',
    trigger: 'message.visitor',
    conditions: [{ field: 'attribute', scope: 'contact', key: 'seats', op: 'contains', value: '1' }],
    actions: [{ type: 'add_labels', labels: ['x'] }],
  });
  assert.equal(refused.status, 400);
  assert.match(refused.body.error.message, /body\.conditions\.0\.op: Seats \(number\) takes is, gt, lt/);
  const rule = await relay.call('POST', '/v1/admin/rules', {
    name: 'Big Pro accounts',
    trigger: 'message.visitor',
    conditions: [
      { field: 'attribute', scope: 'contact', key: 'plan', op: 'is', value: 'Pro' },
      { field: 'attribute', scope: 'contact', key: 'seats', op: 'gt', value: '10' },
    ],
    actions: [{ type: 'add_labels', labels: ['big-pro'] }],
  });
  assert.equal(rule.status, 201, JSON.stringify(rule.body));
  // Rules are read again on the other relays within their poll; the relay that wrote it knows at once.
  const hit = await identified(relay, 'r-hit', { plan: 'Pro', seats: 25 }, true, 'first');
  const miss = await identified(relay, 'r-miss', { plan: 'Pro', seats: 2 }, true, 'first');
  // The values are written a moment after the hello: the second message is surely tried on them.
  await until(async () => (await contactValues(reader, miss.contactId)).seats, 'the values');
  await until(async () => (await contactValues(reader, hit.contactId)).seats, 'the values');
  await hit.client.say('m-hit-2', 'second');
  await miss.client.say('m-miss-2', 'second');
  const labels = async (id: string) => (await reader.call('GET', `/v1/admin/conversations/${id}`)).body.labels;
  await until(async () => (await labels(hit.conversationId)).includes('big-pro'), 'the rule to fire');
  await new Promise((resolve) => setTimeout(resolve, 200));
  assert.deepEqual(await labels(miss.conversationId), []);
  assert.equal((await relay.call('DELETE', `/v1/admin/rules/${rule.body.id}`)).status, 204);

  // On a change: the attributes are not in memory, so the rule is tried when its job runs (and holds for one).
  const onChange = await relay.call('POST', '/v1/admin/rules', {
    name: 'Urgent for big accounts',
    trigger: 'conversation.updated',
    conditions: [
      { field: 'priority', op: 'is', value: 'high' },
      { field: 'attribute', scope: 'contact', key: 'seats', op: 'gt', value: '10' },
    ],
    actions: [{ type: 'add_labels', labels: ['big-urgent'] }],
  });
  assert.equal(onChange.status, 201, JSON.stringify(onChange.body));
  for (const { conversationId } of [hit, miss])
    assert.equal(
      (await relay.call('PATCH', `/v1/admin/conversations/${conversationId}`, { priority: 'high' })).status,
      200,
    );
  await until(async () => (await labels(hit.conversationId)).includes('big-urgent'), 'the change’s rule to fire');
  await new Promise((resolve) => setTimeout(resolve, 200));
  assert.ok(!(await labels(miss.conversationId)).includes('big-urgent'));
  assert.equal((await relay.call('DELETE', `/v1/admin/rules/${onChange.body.id}`)).status, 204);
  hit.client.close();
  miss.client.close();
}

/** The breakdown of conversations by a list attribute; erasure and deletion take values with them. */
export async function breakdownAndErasureCase({ relays }: AttributeRelays): Promise<void> {
  const relay = relays[0]!;
  const reader = relays.at(-1)!;
  const list = (await reader.call('GET', '/v1/admin/attributes')).body.items as {
    id: string;
    key: string;
    scope: string;
  }[];
  const plan = list.find((item) => item.key === 'plan' && item.scope === 'contact')!;
  const seats = list.find((item) => item.key === 'seats')!;
  const now = Date.now();
  const breakdown = await reader.call(
    'GET',
    `/v1/admin/attributes/${plan.id}/breakdown?from=${now - 3_600_000}&to=${now + 60_000}`,
  );
  assert.equal(breakdown.status, 200, JSON.stringify(breakdown.body));
  const counts = Object.fromEntries(
    (breakdown.body.items as { value: string; count: number }[]).map((item) => [item.value, item.count]),
  );
  assert.deepEqual(Object.keys(counts), ['Free', 'Pro', 'Enterprise', 'Team']);
  assert.ok(counts.Pro! >= 3 && counts.Free! >= 1 && counts.Enterprise! >= 1, JSON.stringify(counts));
  assert.equal(counts.Team, 0);
  assert.ok(breakdown.body.unset >= 1);
  const numeric = await reader.call('GET', `/v1/admin/attributes/${seats.id}/breakdown?from=${now - 1000}&to=${now}`);
  assert.equal(numeric.status, 400);
  assert.match(numeric.body.error.message, /only list and checkbox/);

  // Erasing a contact erases their values, and their conversations'.
  const gone = await identified(relay, 'e-gone', { plan: 'Team' });
  await relay.call('PATCH', `/v1/admin/conversations/${gone.conversationId}/attributes`, { values: { order: 'E-1' } });
  await until(async () => (await contactValues(reader, gone.contactId)).plan, 'the values');
  gone.client.close();
  assert.equal((await relay.call('DELETE', `/v1/admin/contacts/${gone.contactId}`)).status, 204);
  assert.equal((await reader.call('GET', `/v1/admin/contacts/${gone.contactId}/attributes`)).status, 404);
  const again = await reader.call(
    'GET',
    `/v1/admin/attributes/${plan.id}/breakdown?from=${now - 3_600_000}&to=${Date.now() + 60_000}`,
  );
  assert.equal(
    (again.body.items as { value: string; count: number }[]).find((item) => item.value === 'Team')!.count,
    0,
  );

  // Archived: hidden from values and refused when set; deleted: its values go with it.
  assert.equal((await relay.call('PATCH', `/v1/admin/attributes/${seats.id}`, { archived: true })).status, 200);
  const carol = (await listed(reader, 'contact.plan:is:Enterprise'))[0]!;
  const panel = await reader.call('GET', `/v1/admin/conversations/${carol}/attributes`);
  assert.ok(!(panel.body.contact.items as { key: string }[]).some((item) => item.key === 'seats'));
  const archived = await relay.call('PATCH', `/v1/admin/contacts/${panel.body.contact.id}/attributes`, {
    values: { seats: 1 },
  });
  assert.match(archived.body.error.message, /archived/);
  assert.equal((await relay.call('DELETE', `/v1/admin/attributes/${plan.id}`)).status, 204);
  const filtered = await reader.call(
    'GET',
    `/v1/admin/conversations?attribute=${encodeURIComponent('contact.plan:is_set')}`,
  );
  assert.equal(filtered.status, 400);
}

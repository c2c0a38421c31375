/**
 * Companies (issue #86, docs/companies.md), as a user of the admin API and a site's page would use them: companies
 * made, found, edited and deleted by staff; a contact's company set by staff or by `identify()` (signed, or an
 * unsigned claim that never replaces staff's or a signature's word); the company's page with its contacts and their
 * conversations; the conversation list's `company` filter; erasure and the export; another site seeing nothing. Run
 * on SQLite (companies.test.ts) and on PostgreSQL with two relays (test-services/companies-postgres.test.ts):
 * `relays[0]` writes, the last one reads.
 */
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { companySigningText, type UserCompany } from '@parley/protocol';
import { identityHash } from '../src/index.js';
import { TestClient } from './support/client.js';
import { identitySecret, siteKey, type Desk } from './support/desk.js';
import { until } from './support/until.js';

/** What the scenarios need of the relays under test. */
export interface CompanyRelays {
  /** Writes go to the first, reads to the last (the same relay on SQLite). */
  readonly relays: readonly Desk[];
}

/** What a site's backend computes: the user hash, and the company's signature (docs/companies.md). */
export function userWithCompany(id: string, company: UserCompany, sign = true) {
  return {
    id,
    hash: identityHash(identitySecret, id),
    company,
    ...(sign
      ? { companyHash: createHmac('sha256', identitySecret).update(companySigningText(id, company)).digest('hex') }
      : {}),
  };
}

/** An identified visitor's hello with a company, and a first message (their contact is stored). */
async function identified(relay: Desk, id: string, company: UserCompany, sign = true, text = 'Hello') {
  const { client, welcome } = await TestClient.hello(
    relay.wsUrl,
    { siteKey, user: userWithCompany(id, company, sign) },
    { protocol: 'parley.v2' },
  );
  await client.say(`m-${id}-${text.length}`, text);
  return { client, conversationId: welcome.conversationId!, contactId: welcome.visitorId! };
}

interface ContactCompanyAnswer {
  company: {
    id: string;
    externalId?: string;
    name: string;
    attributes: Record<string, unknown>;
    source: string;
  } | null;
  source?: string;
}

async function companyOf(relay: Desk, contactId: string): Promise<ContactCompanyAnswer> {
  const got = await relay.call('GET', `/v1/admin/contacts/${contactId}/company`);
  assert.equal(got.status, 200, JSON.stringify(got.body));
  return got.body as ContactCompanyAnswer;
}

async function listed(relay: Desk, company: string): Promise<string[]> {
  const page = await relay.call('GET', `/v1/admin/conversations?company=${encodeURIComponent(company)}&limit=100`);
  assert.equal(page.status, 200, `${company}: ${JSON.stringify(page.body)}`);
  return (page.body.items as { id: string }[]).map((item) => item.id).sort();
}

/** Staff: companies made, found, edited and deleted; bad bodies refused, named, with nothing changed. */
export async function staffCase({ relays }: CompanyRelays): Promise<void> {
  const relay = relays[0]!;
  const reader = relays.at(-1)!;
  const made = await relay.call('POST', '/v1/admin/companies', {
    name: ' Globex ',
    externalId: 'globex',
    domains: ['Globex.com', 'globex.io'],
    attributes: { plan: 'Pro', seats: 12, trial: false },
  });
  assert.equal(made.status, 201, JSON.stringify(made.body));
  assert.equal(made.body.name, 'Globex');
  assert.deepEqual(made.body.domains, ['globex.com', 'globex.io']);
  assert.deepEqual(made.body.attributes, { plan: 'Pro', seats: 12, trial: false });
  assert.equal(made.body.source, 'staff');
  assert.equal(made.body.contactCount, 0);
  const id = made.body.id as string;
  assert.match(id, /^co_/);

  // The same site id twice is a conflict; bad bodies are 400s naming the field, and change nothing.
  const twice = await relay.call('POST', '/v1/admin/companies', { name: 'Other', externalId: 'globex' });
  assert.equal(twice.status, 409, JSON.stringify(twice.body));
  for (const [body, field] of [
    [{}, 'name'],
    [{ name: '' }, 'name'],
    [{ name: 'x'.repeat(201) }, 'name'],
    [{ name: 'A', domains: ['not a domain'] }, 'domains'],
    [{ name: 'A', attributes: { 'Bad Key': 1 } }, 'attributes'],
    [{ name: 'A', attributes: { plan: { nested: true } } }, 'attributes'],
    [{ name: 'A', attributes: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, i])) }, 'attributes'],
    [{ name: 'A', colour: 'red' }, 'colour'],
  ] as const) {
    const refused = await relay.call('POST', '/v1/admin/companies', body);
    assert.equal(refused.status, 400, JSON.stringify(body));
    assert.match(refused.body.error.message, new RegExp(field), JSON.stringify(refused.body));
  }
  const patchRefused = await relay.call('PATCH', `/v1/admin/companies/${id}`, { name: 'New', domains: ['-bad-'] });
  assert.equal(patchRefused.status, 400);
  assert.match(patchRefused.body.error.message, /domains/);
  assert.equal((await reader.call('GET', `/v1/admin/companies/${id}`)).body.company.name, 'Globex');

  // Edited: attributes merged, `null` removes one; the site id may move but not onto another's.
  const other = await relay.call('POST', '/v1/admin/companies', { name: 'Initech', externalId: 'initech' });
  assert.equal(other.status, 201);
  const patched = await relay.call('PATCH', `/v1/admin/companies/${id}`, {
    name: 'Globex Corporation',
    attributes: { seats: 20, trial: null },
  });
  assert.equal(patched.status, 200, JSON.stringify(patched.body));
  assert.deepEqual(patched.body.attributes, { plan: 'Pro', seats: 20 });
  assert.equal(
    (await relay.call('PATCH', `/v1/admin/companies/${id}`, { externalId: 'initech' })).status,
    409,
    'another company’s site id',
  );

  // Found by name, by domain, by site id; paged.
  const search = async (q: string): Promise<string[]> => {
    const page = await reader.call('GET', `/v1/admin/companies?q=${encodeURIComponent(q)}`);
    assert.equal(page.status, 200, JSON.stringify(page.body));
    return (page.body.items as { name: string }[]).map((item) => item.name);
  };
  assert.deepEqual(await search('corporation'), ['Globex Corporation']);
  assert.deepEqual(await search('globex.io'), ['Globex Corporation']);
  assert.deepEqual(await search('initech'), ['Initech']);
  assert.deepEqual(await search('100%_'), []);
  const first = await reader.call('GET', '/v1/admin/companies?limit=1');
  assert.equal(first.body.items.length, 1);
  assert.ok(first.body.nextCursor, 'a next page');
  const second = await reader.call('GET', `/v1/admin/companies?limit=1&cursor=${first.body.nextCursor}`);
  assert.equal(second.body.items.length, 1);
  assert.notEqual(second.body.items[0].id, first.body.items[0].id);
  assert.equal((await reader.call('GET', '/v1/admin/companies?colour=red')).status, 400);

  // Audited, by name of the fields changed.
  const audit = await reader.call('GET', '/v1/admin/audit?limit=50');
  const actions = (audit.body.items as { action: string; targetId: string }[])
    .filter((item) => item.targetId === id)
    .map((item) => item.action);
  assert.ok(actions.includes('company.create') && actions.includes('company.update'), JSON.stringify(actions));
}

/**
 * identify(): a signed company is the site's word (made, joined, its fields written); an unsigned claim joins a
 * contact in no company and names a company no one else named, but never replaces staff's or a signature's word.
 */
export async function identifyCase({ relays }: CompanyRelays): Promise<void> {
  const relay = relays[0]!;
  const reader = relays.at(-1)!;
  const signed = await identified(relay, 'user-acme', {
    id: 'acme',
    name: 'Acme Inc.',
    attributes: { plan: 'Enterprise', seats: 120, 'Bad Key': 'dropped', long: 'x'.repeat(1001) },
  });
  await until(async () => (await companyOf(reader, signed.contactId)).company, 'the signed company');
  const joined = await companyOf(reader, signed.contactId);
  assert.equal(joined.source, 'signed');
  assert.equal(joined.company?.externalId, 'acme');
  assert.equal(joined.company?.name, 'Acme Inc.');
  assert.equal(joined.company?.source, 'signed');
  assert.deepEqual(joined.company?.attributes, { plan: 'Enterprise', seats: 120 });
  signed.client.close();

  // The same user, unsigned, claiming another company and other fields: nothing of the signed word moves.
  const claim = await identified(
    relay,
    'user-acme',
    { id: 'acme', name: 'Acme Hacked', attributes: { plan: 'Free' } },
    false,
    'again',
  );
  const claimOther = await identified(relay, 'user-acme', { id: 'evil', name: 'Evil' }, false, 'third one');
  await until(
    async () => (await reader.call('GET', '/v1/admin/companies?q=evil')).body.items.length === 1,
    'the claimed company made',
  );
  const still = await companyOf(reader, signed.contactId);
  assert.equal(still.company?.externalId, 'acme');
  assert.equal(still.company?.name, 'Acme Inc.');
  assert.deepEqual(still.company?.attributes, { plan: 'Enterprise', seats: 120 });
  assert.equal(still.source, 'signed');
  claim.client.close();
  claimOther.client.close();

  // A wrong signature is no signature: a claim, which joins a contact in no company.
  const good = userWithCompany('user-forged', { id: 'forged', name: 'Forged' });
  const forged = await TestClient.hello(
    relay.wsUrl,
    { siteKey, user: { ...good, company: { id: 'forged', name: 'Tampered' } } },
    { protocol: 'parley.v2' },
  );
  await forged.client.say('m-forged', 'hi');
  const forgedId = forged.welcome.visitorId!;
  await until(async () => (await companyOf(reader, forgedId)).company, 'the forged claim');
  const claimed = await companyOf(reader, forgedId);
  assert.equal(claimed.source, 'visitor');
  assert.equal(claimed.company?.name, 'Tampered');
  assert.equal(claimed.company?.source, 'visitor');
  forged.client.close();

  // Signed later: the signature replaces the claim (fields and membership).
  const again = await identified(relay, 'user-forged', { id: 'forged', name: 'Forged Ltd' }, true, 'signed now');
  await until(async () => (await companyOf(reader, forgedId)).source === 'signed', 'the signed membership');
  assert.equal((await companyOf(reader, forgedId)).company?.name, 'Forged Ltd');
  again.client.close();

  // Staff's word: an unsigned claim does not move a contact staff put elsewhere; a signed one does.
  const initech = (await reader.call('GET', '/v1/admin/companies?q=initech')).body.items[0].id as string;
  const set = await relay.call('PUT', `/v1/admin/contacts/${forgedId}/company`, { companyId: initech });
  assert.equal(set.status, 200, JSON.stringify(set.body));
  assert.equal(set.body.company.name, 'Initech');
  assert.equal(set.body.source, 'staff');
  const claimBack = await identified(relay, 'user-forged', { id: 'forged' }, false, 'claim back');
  await relay.use('companies')!.settled();
  await new Promise((resolve) => setTimeout(resolve, 50));
  assert.equal((await companyOf(reader, forgedId)).company?.name, 'Initech');
  claimBack.client.close();

  // A visitor who never writes is no contact: their company waits for their first message.
  const silent = await TestClient.hello(
    relay.wsUrl,
    { siteKey, user: userWithCompany('user-silent', { id: 'hooli', name: 'Hooli' }) },
    { protocol: 'parley.v2' },
  );
  await relay.use('companies')!.settled();
  assert.equal((await reader.call('GET', '/v1/admin/companies?q=hooli')).body.items.length, 0);
  await silent.client.say('m-silent', 'Now I write');
  await until(async () => (await companyOf(reader, silent.welcome.visitorId!)).company, 'the held company');
  assert.equal((await companyOf(reader, silent.welcome.visitorId!)).company?.name, 'Hooli');
  silent.client.close();
}

/**
 * A company's page: its contacts (most recently seen first, paged) and their conversations; the list's `company`
 * filter; a contact taken out; the company deleted, its contacts kept; a contact erased leaves it; the export.
 */
export async function pageCase({ relays }: CompanyRelays): Promise<void> {
  const relay = relays[0]!;
  const reader = relays.at(-1)!;
  const made = await relay.call('POST', '/v1/admin/companies', { name: 'Umbrella', externalId: 'umbrella' });
  const id = made.body.id as string;
  const a = await identified(relay, 'user-u1', { id: 'umbrella' }, true, 'first');
  const b = await identified(relay, 'user-u2', { id: 'umbrella' }, true, 'second');
  const outsider = await identified(relay, 'user-out', { id: 'stark' }, true, 'outsider');
  await until(async () => (await companyOf(reader, b.contactId)).company, 'the members');
  await until(async () => (await companyOf(reader, outsider.contactId)).company, 'the outsider');

  const page = await reader.call('GET', `/v1/admin/companies/${id}`);
  assert.equal(page.status, 200, JSON.stringify(page.body));
  assert.equal(page.body.company.contactCount, 2);
  const contacts = page.body.contacts as { id: string; source: string; conversations: { id: string }[] }[];
  assert.deepEqual(contacts.map((contact) => contact.id).sort(), [a.contactId, b.contactId].sort());
  assert.deepEqual(
    contacts.find((contact) => contact.id === a.contactId)!.conversations.map((conversation) => conversation.id),
    [a.conversationId],
  );
  const one = await reader.call('GET', `/v1/admin/companies/${id}?limit=1`);
  assert.equal(one.body.contacts.length, 1);
  const rest = await reader.call('GET', `/v1/admin/companies/${id}?limit=1&cursor=${one.body.nextCursor}`);
  assert.equal(rest.body.contacts.length, 1);
  assert.notEqual(rest.body.contacts[0].id, one.body.contacts[0].id);

  // The conversation list by company; an unknown company is named.
  assert.deepEqual(await listed(reader, id), [a.conversationId, b.conversationId].sort());
  assert.ok(!(await listed(reader, 'none')).includes(a.conversationId));
  const unknown = await reader.call('GET', '/v1/admin/conversations?company=co_nothing');
  assert.equal(unknown.status, 400);
  assert.match(unknown.body.error.message, /query\.company/);

  // A saved view by company lists the same; one naming no company of the site is refused, named.
  const view = await relay.call('POST', '/v1/admin/views', { name: 'Umbrella', filter: { company: id } });
  assert.equal(view.status, 201, JSON.stringify(view.body));
  const viewed = await reader.call('GET', `/v1/admin/conversations?view=${view.body.id}&limit=100`);
  assert.equal(viewed.status, 200, JSON.stringify(viewed.body));
  assert.deepEqual(
    (viewed.body.items as { id: string }[]).map((item) => item.id).sort(),
    [a.conversationId, b.conversationId].sort(),
  );
  const badView = await relay.call('POST', '/v1/admin/views', { name: 'Nope', filter: { company: 'co_nothing' } });
  assert.equal(badView.status, 400);
  assert.match(badView.body.error.message, /filter\.company: no such company/);

  // The export holds the contact's company.
  const exported = await reader.call('GET', `/v1/admin/contacts/${a.contactId}/export`);
  assert.equal(exported.status, 200, JSON.stringify(exported.body));
  assert.equal(exported.body.features.companies.company.name, 'Umbrella');

  // Taken out by staff; a company that is not the site's is refused, named.
  assert.equal(
    (await relay.call('PUT', `/v1/admin/contacts/${b.contactId}/company`, { companyId: 'co_nothing' })).status,
    400,
  );
  const out = await relay.call('PUT', `/v1/admin/contacts/${b.contactId}/company`, { companyId: null });
  assert.equal(out.status, 200);
  assert.equal(out.body.company, null);
  assert.deepEqual(await listed(reader, id), [a.conversationId]);

  // A contact erased leaves the company.
  assert.equal((await relay.call('DELETE', `/v1/admin/contacts/${a.contactId}`)).status, 204);
  assert.equal((await reader.call('GET', `/v1/admin/companies/${id}`)).body.company.contactCount, 0);

  // Deleted: its members are in no company, the contacts kept.
  const stark = (await companyOf(reader, outsider.contactId)).company!.id;
  assert.equal((await relay.call('DELETE', `/v1/admin/companies/${stark}`)).status, 204);
  assert.equal((await reader.call('GET', `/v1/admin/companies/${stark}`)).status, 404);
  assert.equal((await companyOf(reader, outsider.contactId)).company, null);
  assert.equal((await reader.call('GET', `/v1/admin/contacts/${outsider.contactId}`)).status, 200);
  assert.equal((await relay.call('DELETE', `/v1/admin/companies/${stark}`)).status, 404);
  for (const client of [a.client, b.client, outsider.client]) client.close();
}

/** Another site sees none of it, and cannot reach or use a company of this one. */
export async function tenantCase({ relays }: CompanyRelays): Promise<void> {
  const relay = relays[0]!;
  const made = await relay.call('POST', '/v1/admin/companies', { name: 'Tyrell', externalId: 'tyrell' });
  const id = made.body.id as string;
  const member = await identified(relay, 'user-tyrell', { id: 'tyrell' }, true, 'tenant');
  await until(async () => (await companyOf(relay, member.contactId)).company, 'the member');
  const site = await relay.call('POST', '/v1/admin/sites', { name: 'Other shop' });
  assert.equal(site.status, 201, JSON.stringify(site.body));
  const other = site.body.adminToken as string;
  for (const [method, where, body] of [
    ['GET', `/v1/admin/companies/${id}`, undefined],
    ['PATCH', `/v1/admin/companies/${id}`, { name: 'Mine' }],
    ['DELETE', `/v1/admin/companies/${id}`, undefined],
    ['GET', `/v1/admin/contacts/${member.contactId}/company`, undefined],
    ['PUT', `/v1/admin/contacts/${member.contactId}/company`, { companyId: null }],
  ] as const)
    assert.equal((await relay.call(method, where, body, other)).status, 404, `${method} ${where}`);
  assert.deepEqual((await relay.call('GET', '/v1/admin/companies', undefined, other)).body.items, []);
  assert.equal((await relay.call('GET', `/v1/admin/conversations?company=${id}`, undefined, other)).status, 400);
  // The other site's own company of the same site id is its own.
  const theirs = await relay.call('POST', '/v1/admin/companies', { name: 'Tyrell', externalId: 'tyrell' }, other);
  assert.equal(theirs.status, 201);
  assert.notEqual(theirs.body.id, id);
  assert.equal((await relay.call('GET', `/v1/admin/companies/${id}`)).body.company.contactCount, 1);
  member.client.close();
}

/** Agents read, make and edit companies and set a contact's; deleting one takes `contacts.manage`. */
export async function agentCase({ relays }: CompanyRelays, agent: string): Promise<void> {
  const relay = relays[0]!;
  const made = await relay.call('POST', '/v1/admin/companies', { name: 'Soylent' }, agent);
  assert.equal(made.status, 201, JSON.stringify(made.body));
  assert.equal(
    (await relay.call('PATCH', `/v1/admin/companies/${made.body.id}`, { name: 'Soylent Co' }, agent)).status,
    200,
  );
  assert.equal((await relay.call('GET', '/v1/admin/companies', undefined, agent)).status, 200);
  const refused = await relay.call('DELETE', `/v1/admin/companies/${made.body.id}`, undefined, agent);
  assert.equal(refused.status, 403);
  assert.equal((await relay.call('GET', `/v1/admin/companies/${made.body.id}`)).status, 200);
}

/**
 * Rules (docs/companies.md "In rules"): a `company` condition holds for the conversations of the company's contacts
 * and not for others', on a message, on a change (tried when its job runs) and in a dry run; a company the site does
 * not have (another site's) is refused, named.
 */
export async function rulesCase({ relays }: CompanyRelays): Promise<void> {
  const relay = relays[0]!;
  const reader = relays.at(-1)!;
  const company = await relay.call('POST', '/v1/admin/companies', { name: 'Initech', externalId: 'initech-rules' });
  assert.equal(company.status, 201, JSON.stringify(company.body));
  const initech = company.body.id as string;
  const site = await relay.call('POST', '/v1/admin/sites', { name: 'Rules elsewhere' });
  assert.equal(site.status, 201, JSON.stringify(site.body));
  const other = site.body.adminToken as string;
  const theirs = await relay.call(
    'POST',
    '/v1/admin/companies',
    { name: 'Initech', externalId: 'initech-rules' },
    other,
  );
  assert.equal(theirs.status, 201, JSON.stringify(theirs.body));
  const rule = (conditions: unknown[], trigger = 'message.visitor', labels = ['initech']) => ({
    name: 'Initech',
    trigger,
    conditions,
    actions: [{ type: 'add_labels', labels }],
  });
  for (const [condition, named] of [
    [{ field: 'company', op: 'is', value: theirs.body.id }, /body\.conditions\.0\.value: no such company on this site/],
    [{ field: 'company', op: 'is', value: 'co_nothing' }, /body\.conditions\.0\.value: no such company on this site/],
    [{ field: 'company', op: 'is_not' }, /body\.conditions\.0\.value: is_not needs a company/],
    [{ field: 'company', op: 'is_set', value: initech }, /body\.conditions\.0\.value: is_set takes none/],
    [{ field: 'company', op: 'within', value: initech }, /body\.conditions\.0\.op/],
  ] as const) {
    const refused = await relay.call('POST', '/v1/admin/rules', rule([condition]));
    assert.equal(refused.status, 400, JSON.stringify(condition));
    assert.match(refused.body.error.message, named);
  }
  assert.deepEqual((await relay.call('GET', '/v1/admin/rules')).body.items, []);
  const made = await relay.call('POST', '/v1/admin/rules', rule([{ field: 'company', op: 'is', value: initech }]));
  assert.equal(made.status, 201, JSON.stringify(made.body));
  // Another site's rule may not name this site's company either.
  assert.equal(
    (await relay.call('POST', '/v1/admin/rules', rule([{ field: 'company', op: 'is', value: initech }]), other)).status,
    400,
  );

  const hit = await identified(relay, 'r-initech', { id: 'initech-rules' }, true, 'first');
  const miss = await identified(relay, 'r-hooli', { id: 'hooli-rules', name: 'Hooli' }, true, 'first');
  await until(async () => (await companyOf(reader, hit.contactId)).company, 'the member');
  await until(async () => (await companyOf(reader, miss.contactId)).company, 'the other company’s member');
  // The membership is written a moment after the hello: the second message is surely tried on it.
  await hit.client.say('m-r-initech-2', 'second');
  await miss.client.say('m-r-hooli-2', 'second');
  const labels = async (id: string) =>
    (await reader.call('GET', `/v1/admin/conversations/${id}`)).body.labels as string[];
  await until(async () => (await labels(hit.conversationId)).includes('initech'), 'the rule to fire');
  await new Promise((resolve) => setTimeout(resolve, 200));
  assert.deepEqual(await labels(miss.conversationId), []);
  assert.equal((await relay.call('DELETE', `/v1/admin/rules/${made.body.id}`)).status, 204);

  // The dry run reads the companies too: the members' conversations, not the other company's; with `verified`, not
  // the one of a visitor who claimed the company without the site's signature.
  const claim = await identified(relay, 'r-claim', { id: 'initech-rules' }, false, 'claimed');
  await until(async () => (await companyOf(reader, claim.contactId)).company, 'the claim');
  const dryRun = async (verified: boolean) => {
    const dry = await relay.call('POST', '/v1/admin/rules/dry-run', {
      rule: rule([{ field: 'company', op: 'is', value: initech, verified }]),
      limit: 500,
    });
    assert.equal(dry.status, 200, JSON.stringify(dry.body));
    const matched = new Set((dry.body.matches as { conversationId: string }[]).map((match) => match.conversationId));
    return [hit, claim, miss].map(({ conversationId }) => matched.has(conversationId));
  };
  assert.deepEqual(await dryRun(false), [true, true, false]);
  assert.deepEqual(await dryRun(true), [true, false, false]);
  claim.client.close();

  // On a change: not read in the change's transaction, so tried when its job runs (`is_not`: the other one).
  const onChange = await relay.call(
    'POST',
    '/v1/admin/rules',
    rule(
      [
        { field: 'priority', op: 'is', value: 'high' },
        { field: 'company', op: 'is_not', value: initech },
      ],
      'conversation.updated',
      ['not-initech'],
    ),
  );
  assert.equal(onChange.status, 201, JSON.stringify(onChange.body));
  for (const { conversationId } of [hit, miss])
    assert.equal(
      (await relay.call('PATCH', `/v1/admin/conversations/${conversationId}`, { priority: 'high' })).status,
      200,
    );
  await until(async () => (await labels(miss.conversationId)).includes('not-initech'), 'the change’s rule to fire');
  await new Promise((resolve) => setTimeout(resolve, 200));
  assert.ok(!(await labels(hit.conversationId)).includes('not-initech'));
  assert.equal((await relay.call('DELETE', `/v1/admin/rules/${onChange.body.id}`)).status, 204);
  hit.client.close();
  miss.client.close();
}

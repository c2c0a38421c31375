/**
 * Verified values only (issue #80): the conversation list's `attributeValues=verified`, for its `attribute` filter,
 * its search and a saved view's criteria, and a view's criterion with `verified`. A visitor's unsigned claim counts
 * as not set there, as in a rule's condition. Run after the scenarios of attributes-scenarios.ts (their definitions)
 * on SQLite (attributes.test.ts) and on PostgreSQL with two relays (test-services/attributes-postgres.test.ts).
 */
import assert from 'node:assert/strict';
import type { AttributeRelays } from './attributes-scenarios.js';
import { identified } from './attributes-scenarios.js';
import { until } from './support/until.js';

/** Signed, claimed and staff-set values, read with and without `attributeValues=verified`. */
export async function verifiedCase({ relays }: AttributeRelays): Promise<void> {
  const relay = relays[0]!;
  const reader = relays.at(-1)!;
  // The same plan and a link holding the same word: signed by the site, claimed by a page, set by staff.
  const signed = await identified(relay, 'vo-signed', { plan: 'Enterprise', crm: 'https://crm.test/zorblax-1' });
  const claim = await identified(relay, 'vo-claim', { plan: 'Enterprise', crm: 'https://crm.test/zorblax-2' }, false);
  const staff = await identified(relay, 'vo-staff', {}, false);
  for (const made of [signed, claim, staff]) made.client.close();
  const set = await relay.call('PATCH', `/v1/admin/contacts/${staff.contactId}/attributes`, {
    values: { plan: 'Enterprise', crm: 'https://crm.test/zorblax-3' },
  });
  assert.equal(set.status, 200, JSON.stringify(set.body));
  await until(
    async () =>
      (await reader.call('GET', `/v1/admin/conversations/${claim.conversationId}/attributes`)).body.contact.items
        .length === 2 &&
      (await reader.call('GET', `/v1/admin/conversations/${signed.conversationId}/attributes`)).body.contact.items
        .length === 2,
    'the identified values',
  );
  const ours = [signed.conversationId, claim.conversationId, staff.conversationId];
  const only = (...ids: string[]) => [...ids].sort();
  const list = async (params: Record<string, string>): Promise<string[]> => {
    const page = await reader.call(
      'GET',
      `/v1/admin/conversations?${new URLSearchParams({ ...params, limit: '100' })}`,
    );
    assert.equal(page.status, 200, `${JSON.stringify(params)}: ${JSON.stringify(page.body)}`);
    const items = (page.body.items as { id: string }[]).map((item) => item.id);
    assert.equal(page.body.counts.all, items.length, `${JSON.stringify(params)}: the count is the list's`);
    return items.filter((id) => ours.includes(id)).sort();
  };
  const verified = { attributeValues: 'verified' };

  // All values by default (and with `all`); verified ones only when asked: the claim counts as not set.
  assert.deepEqual(
    await list({ attribute: 'contact.plan:is:Enterprise' }),
    only(signed.conversationId, claim.conversationId, staff.conversationId),
  );
  assert.deepEqual(
    await list({ attribute: 'contact.plan:is:Enterprise', attributeValues: 'all' }),
    only(signed.conversationId, claim.conversationId, staff.conversationId),
  );
  assert.deepEqual(
    await list({ attribute: 'contact.plan:is:Enterprise', ...verified }),
    only(signed.conversationId, staff.conversationId),
  );
  assert.deepEqual(
    await list({ attribute: 'contact.plan:is_set', ...verified }),
    only(signed.conversationId, staff.conversationId),
  );
  assert.deepEqual(await list({ attribute: 'contact.plan:not_set', ...verified }), only(claim.conversationId));
  assert.deepEqual(
    await list({ attribute: 'contact.plan:is_not:Enterprise', ...verified }),
    only(claim.conversationId),
  );
  assert.deepEqual(await list({ attribute: 'contact.plan:is_not:Enterprise' }), []);
  assert.deepEqual(
    await list({ attribute: 'contact.crm:contains:zorblax', ...verified }),
    only(signed.conversationId, staff.conversationId),
  );

  // The reports read them as the list does (the Reports page's attribute filter sends both): the per-conversation
  // export of the range, with and without verified values only.
  const exported = async (params: Record<string, string>): Promise<string[]> => {
    const query = new URLSearchParams({
      ...params,
      format: 'json',
      from: String(Date.now() - 86_400_000),
      to: String(Date.now() + 60_000),
    });
    const answer = await reader.call('GET', `/v1/admin/reports/conversations?${query}`);
    assert.equal(answer.status, 200, `${query}: ${JSON.stringify(answer.body)}`);
    const rows = answer.body.conversations as { id: string }[];
    return rows
      .map((row) => row.id)
      .filter((id) => ours.includes(id))
      .sort();
  };
  assert.deepEqual(
    await exported({ attribute: 'contact.plan:is:Enterprise' }),
    only(signed.conversationId, claim.conversationId, staff.conversationId),
  );
  assert.deepEqual(
    await exported({ attribute: 'contact.plan:is_set', ...verified }),
    only(signed.conversationId, staff.conversationId),
  );
  assert.deepEqual(await exported({ attribute: 'contact.plan:not_set', ...verified }), only(claim.conversationId));

  // The search in attribute values, the same way.
  assert.deepEqual(
    await list({ q: 'zorblax' }),
    only(signed.conversationId, claim.conversationId, staff.conversationId),
  );
  assert.deepEqual(await list({ q: 'zorblax', ...verified }), only(signed.conversationId, staff.conversationId));
  assert.deepEqual(await list({ q: 'zorblax-2', ...verified }), []);

  // Another value is refused, naming the parameter, whatever it comes with.
  for (const params of [{}, { attribute: 'contact.plan:is_set' }, { q: 'zorblax' }] as Record<string, string>[]) {
    for (const value of ['yes', 'Verified', '']) {
      const query = new URLSearchParams({ ...params, attributeValues: value });
      const refused = await reader.call('GET', `/v1/admin/conversations?${query}`);
      assert.equal(refused.status, 400, `${query}`);
      assert.match(refused.body.error.message, /^Invalid query\.attributeValues: all or verified\.$/, `${query}`);
    }
  }

  // A saved view keeps a criterion's `verified`: its list and its count read verified values only.
  const criterion = { scope: 'contact', key: 'plan', op: 'is', value: 'Enterprise' };
  const made = await relay.call('POST', '/v1/admin/views', {
    name: 'Verified enterprise',
    filter: { attributes: [{ ...criterion, verified: true }] },
  });
  assert.equal(made.status, 201, JSON.stringify(made.body));
  assert.deepEqual(made.body.filter.attributes, [{ ...criterion, verified: true }]);
  assert.deepEqual(await list({ savedView: made.body.id }), only(signed.conversationId, staff.conversationId));
  const inView = await reader.call('GET', `/v1/admin/conversations?savedView=${made.body.id}&limit=100`);
  const views = (await reader.call('GET', '/v1/admin/views')).body.items as { id: string; count: number }[];
  assert.equal(views.find((view) => view.id === made.body.id)?.count, inView.body.items.length, 'its count');
  // Unchecked, the claim counts again; the list's `attributeValues=verified` holds for the view's criteria too.
  const changed = await relay.call('PATCH', `/v1/admin/views/${made.body.id}`, {
    filter: { attributes: [{ ...criterion, verified: false }] },
  });
  assert.equal(changed.status, 200, JSON.stringify(changed.body));
  assert.deepEqual(
    await list({ savedView: made.body.id }),
    only(signed.conversationId, claim.conversationId, staff.conversationId),
  );
  assert.deepEqual(
    await list({ savedView: made.body.id, ...verified }),
    only(signed.conversationId, staff.conversationId),
  );
  // A criterion's `verified` must be a boolean; nothing is saved otherwise.
  const refused = await relay.call('POST', '/v1/admin/views', {
    name: 'Bad',
    filter: { attributes: [{ ...criterion, verified: 'yes' }] },
  });
  assert.equal(refused.status, 400, JSON.stringify(refused.body));
  assert.match(refused.body.error.message, /body\.filter\.attributes\.0\.verified/);
  const after = (await reader.call('GET', '/v1/admin/views')).body.items as { name: string }[];
  assert.equal(after.filter((view) => view.name === 'Bad').length, 0, 'nothing saved');
  assert.equal((await relay.call('DELETE', `/v1/admin/views/${made.body.id}`)).status, 204);
}

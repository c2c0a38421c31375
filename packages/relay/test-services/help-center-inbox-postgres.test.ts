/**
 * The help center's inbox side on PostgreSQL: "Did this help?" votes added per article and UTC day (an upsert that
 * differs by dialect), summed for the inbox's list and a report's range, removed with their article; and custom
 * domains unique across sites.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { siteKey, startDesk, type Desk } from '../test/support/desk.js';
import { TestSchemas } from './support/postgres.js';

const schemas = new TestSchemas('parley_help_inbox');

describe('the help center’s feedback and domains on PostgreSQL', () => {
  let desk: Desk;
  before(async () => {
    const { connectionString } = await schemas.create();
    desk = await startDesk({ ipRateLimitPerSecond: 0, store: 'postgres', databaseUrl: connectionString });
  });
  after(async () => {
    await desk.close();
    await schemas.dropAll();
  });

  it('counts votes once per visitor, sums them per article and range, and deletes them with the article', async () => {
    const made = await desk.call('POST', '/v1/admin/help/articles', {
      title: 'Track your order',
      slug: 'track',
      locale: 'en',
      body: 'With the **number**.',
      status: 'published',
    });
    assert.equal(made.status, 201);
    const vote = (helpful: string, agent: string) =>
      fetch(`${desk.httpUrl}/v1/help/${siteKey}/articles/en/track/feedback`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'user-agent': agent },
        body: `helpful=${helpful}`,
      }).then((response) => response.json());
    assert.deepEqual(await vote('yes', 'A'), { counted: true });
    assert.deepEqual(await vote('yes', 'A'), { counted: false });
    assert.deepEqual(await vote('no', 'B'), { counted: true });
    assert.deepEqual(await vote('yes', 'C'), { counted: true });
    const [listed] = (await desk.call('GET', '/v1/admin/help/articles')).body.items;
    assert.deepEqual([listed.helpful, listed.notHelpful], [2, 1]);
    const now = Date.now();
    const report = await desk.call('GET', `/v1/admin/reports/help-feedback?from=${now - 3_600_000}&to=${now + 1}`);
    assert.deepEqual(report.body.items, [
      { id: made.body.id, title: 'Track your order', locale: 'en', helpful: 2, notHelpful: 1 },
    ]);
    assert.equal((await desk.call('DELETE', `/v1/admin/help/articles/${made.body.id}`)).status, 204);
    const after = await desk.call('GET', `/v1/admin/reports/help-feedback?from=${now - 3_600_000}&to=${now + 1}`);
    assert.deepEqual(after.body.items, []);
  });

  it('keeps a custom domain unique across sites', async () => {
    const domains = desk.use('help-center')!.domains;
    await domains.set('site_other', 'taken.example.com', Date.now());
    assert.equal((await desk.call('PUT', '/v1/admin/help/domain', { host: 'taken.example.com' })).status, 409);
    const set = await desk.call('PUT', '/v1/admin/help/domain', { host: 'help.example.com' });
    assert.deepEqual(set.body, { host: 'help.example.com', portalUrl: 'https://help.example.com' });
    assert.equal(domains.siteAt('HELP.example.com:443'), (await desk.store.getSiteByKey(siteKey))!.id);
  });
});

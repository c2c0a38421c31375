/**
 * The help center's search on PostgreSQL (its query differs from SQLite's: a tsvector per article, made with the
 * locale's text search configuration, and `to_tsquery` with a prefix on the last word): stemmed per language,
 * drafts never found, misspellings corrected, and the test set's questions answered at least as often as measured.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { siteKey, startDesk, type Desk } from '../test/support/desk.js';
import { loadCorpus, measureSearch } from '../test/support/help-quality.js';
import { TestSchemas } from './support/postgres.js';

const schemas = new TestSchemas('parley_help');

/** Hits measured on PostgreSQL with this set (see docs/help-center.md, "Search quality"), less a margin. */
const FLOOR = { en: { at1: 0.8, at3: 0.9 }, de: { at1: 0.7, at3: 0.85 } };

describe('the help center on PostgreSQL', () => {
  let desk: Desk;
  before(async () => {
    const { connectionString } = await schemas.create();
    desk = await startDesk({ ipRateLimitPerSecond: 0, store: 'postgres', databaseUrl: connectionString });
  });
  after(async () => {
    await desk.close();
    await schemas.dropAll();
  });

  const search = async (query: string) => {
    const response = await fetch(`${desk.httpUrl}/v1/help/${siteKey}/search?${new URLSearchParams(query)}`);
    assert.equal(response.status, 200);
    return (await response.json()) as { items: { slug: string }[]; corrected: string | null };
  };

  it('finds published articles by stems of their language, corrects typos, and reads the last word as a prefix', async () => {
    const write = (body: Record<string, unknown>) =>
      desk.call('POST', '/v1/admin/help/articles', { status: 'published', ...body });
    assert.equal(
      (await write({ title: 'Resetting passwords', slug: 'reset', locale: 'en', body: 'Choose *Forgot*.' })).status,
      201,
    );
    assert.equal(
      (await write({ title: 'Rechnungen', slug: 'rechnung', locale: 'de', body: 'Unter **Bestellungen**.' })).status,
      201,
    );
    assert.equal(
      (await write({ title: 'Hidden password', slug: 'draft', locale: 'en', body: 'x', status: 'draft' })).status,
      201,
    );
    assert.deepEqual(
      (await search('q=reset my password&locale=en')).items.map((a) => a.slug),
      ['reset'],
    );
    assert.deepEqual(
      (await search('q=Rechnung&locale=de')).items.map((a) => a.slug),
      ['rechnung'],
    );
    const typo = await search('q=paswords&locale=en');
    assert.equal(typo.corrected, 'passwords');
    assert.deepEqual(
      typo.items.map((a) => a.slug),
      ['reset'],
    );
    assert.deepEqual(
      (await search('q=passw&locale=en&prefix=1')).items.map((a) => a.slug),
      ['reset'],
    );
    // A slug taken in its locale is refused by the unique index (409), changing nothing.
    assert.equal((await write({ title: 'Again', slug: 'reset', locale: 'en', body: 'y' })).status, 409);
    // Reads, added up in the store: the most read listed first for a query of no words, and counted in the list.
    assert.equal((await write({ title: 'Shipping', slug: 'shipping', locale: 'en', body: 'By post.' })).status, 201);
    for (let i = 0; i < 2; i++)
      assert.equal((await fetch(`${desk.httpUrl}/v1/help/${siteKey}/articles/en/reset`)).status, 200);
    await desk.use('help-center')!.flushReads();
    assert.equal((await fetch(`${desk.httpUrl}/v1/help/${siteKey}/articles/en/reset`)).status, 200);
    await desk.use('help-center')!.flushReads();
    assert.deepEqual(
      (await search('q=&locale=en')).items.map((a) => a.slug),
      ['reset', 'shipping'],
    );
    const listed = (await desk.call('GET', '/v1/admin/help/articles?locale=en')).body.items as {
      slug: string;
      reads: number;
    }[];
    assert.deepEqual(Object.fromEntries(listed.map((a) => [a.slug, a.reads])), { reset: 3, shipping: 0, draft: 0 });
    for (const { id } of (await desk.call('GET', '/v1/admin/help/articles')).body.items)
      assert.equal((await desk.call('DELETE', `/v1/admin/help/articles/${id}`)).status, 204);
  });

  it('answers the test set’s questions at least as often as measured', async () => {
    const help = desk.use('help-center')!;
    const site = (await desk.store.getSiteByKey(siteKey))!;
    await loadCorpus(help, site.id, 'st_author');
    const quality = await measureSearch(help, site.id);
    for (const locale of ['en', 'de'] as const) {
      const { questions, at1, at3 } = quality[locale];
      assert.ok(at1 / questions >= FLOOR[locale].at1, `${locale} hits@1 ${at1}/${questions}`);
      assert.ok(at3 / questions >= FLOOR[locale].at3, `${locale} hits@3 ${at3}/${questions}`);
    }
  });
});

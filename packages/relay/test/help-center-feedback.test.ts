import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { siteKey, startDesk, type Desk } from './support/desk.js';

// "Did this help?" (issue #42): votes from the portal's plain form and from the widget, one per visitor and article,
// counted per article in the inbox's list and in reports. A real relay on port 0 (SQLite).

describe('help center feedback', () => {
  let desk: Desk;
  let articleId: string;
  const form = (helpful: string) => new URLSearchParams({ helpful }).toString();
  const formHeaders = (extra: Record<string, string> = {}) => ({
    'content-type': 'application/x-www-form-urlencoded',
    ...extra,
  });
  before(async () => {
    desk = await startDesk({ ipRateLimitPerSecond: 0 });
    const made = await desk.call('POST', '/v1/admin/help/articles', {
      title: 'Reset your password',
      slug: 'reset-password',
      locale: 'en',
      body: 'Open **Settings**.',
      status: 'published',
    });
    articleId = made.body.id;
    await desk.call('POST', '/v1/admin/help/articles', {
      title: 'Draft',
      slug: 'draft',
      locale: 'en',
      body: 'Not yet.',
    });
  });
  after(() => desk.close());

  const counts = async () => {
    const list = await desk.call('GET', '/v1/admin/help/articles');
    const item = list.body.items.find((a: { id: string }) => a.id === articleId);
    return { helpful: item.helpful, notHelpful: item.notHelpful };
  };
  const portalVote = (helpful: string, headers: Record<string, string>) =>
    fetch(`${desk.httpUrl}/help/${siteKey}/en/reset-password/feedback`, {
      method: 'POST',
      headers: formHeaders(headers),
      body: form(helpful),
      redirect: 'manual',
    });

  it('asks on the portal’s article page with a plain form, no script, and thanks after the vote', async () => {
    const page = await fetch(`${desk.httpUrl}/help/${siteKey}/en/reset-password`);
    const html = await page.text();
    assert.match(
      html,
      new RegExp(
        `<form class="feedback" id="feedback" method="post" action="/help/${siteKey}/en/reset-password/feedback">`,
      ),
    );
    assert.match(html, /<button type="submit" name="helpful" value="yes">Yes<\/button>/);
    assert.doesNotMatch(html, /<script(?! type="application\/ld\+json")/);
    assert.match(page.headers.get('content-security-policy')!, /form-action 'self'/);
    const thanks = await (await fetch(`${desk.httpUrl}/help/${siteKey}/en/reset-password?feedback=thanks`)).text();
    assert.match(thanks, /Thanks for your feedback/);
    assert.doesNotMatch(thanks, /<form class="feedback"/);
  });

  it('takes a portal vote only from the portal’s own pages, once per visitor, and redirects back', async () => {
    const origin = new URL(desk.httpUrl).origin;
    // Another site's page posting through its visitor's browser.
    assert.equal((await portalVote('yes', { origin: 'https://evil.example' })).status, 403);
    // No Origin and no browser's word that it is same-origin.
    assert.equal((await portalVote('yes', {})).status, 403);
    assert.deepEqual(await counts(), { helpful: 0, notHelpful: 0 });

    const voted = await portalVote('yes', { origin, 'user-agent': 'Browser A' });
    assert.equal(voted.status, 303);
    assert.equal(voted.headers.get('location'), `/help/${siteKey}/en/reset-password?feedback=thanks#feedback`);
    assert.deepEqual(await counts(), { helpful: 1, notHelpful: 0 });
    // The same visitor again (and changing their mind): not counted twice.
    assert.equal((await portalVote('no', { origin, 'user-agent': 'Browser A' })).status, 303);
    assert.deepEqual(await counts(), { helpful: 1, notHelpful: 0 });
    // Another browser at the same address is another visitor; a same-origin fetch without Origin is taken too.
    assert.equal((await portalVote('no', { 'sec-fetch-site': 'same-origin', 'user-agent': 'Browser B' })).status, 303);
    assert.deepEqual(await counts(), { helpful: 1, notHelpful: 1 });

    assert.equal((await portalVote('maybe', { origin, 'user-agent': 'C' })).status, 400);
    const draft = await fetch(`${desk.httpUrl}/help/${siteKey}/en/draft/feedback`, {
      method: 'POST',
      headers: formHeaders({ origin, 'user-agent': 'D' }),
      body: form('yes'),
      redirect: 'manual',
    });
    assert.equal(draft.status, 404);
  });

  it('takes the widget’s vote cross-origin as a simple request, and refuses what is not one', async () => {
    const url = `${desk.httpUrl}/v1/help/${siteKey}/articles/en/reset-password/feedback`;
    const vote = (body: string, headers: Record<string, string>) => fetch(url, { method: 'POST', headers, body });
    const first = await vote(form('no'), formHeaders({ origin: 'https://shop.example', 'user-agent': 'Widget E' }));
    assert.equal(first.status, 200);
    assert.equal(first.headers.get('access-control-allow-origin'), '*');
    assert.deepEqual(await first.json(), { counted: true });
    const again = await vote(form('yes'), formHeaders({ origin: 'https://shop.example', 'user-agent': 'Widget E' }));
    assert.deepEqual(await again.json(), { counted: false });
    assert.deepEqual(await counts(), { helpful: 1, notHelpful: 2 });

    const json = await vote('{"helpful":"yes"}', { 'content-type': 'application/json' });
    assert.equal(json.status, 400);
    // The error as the API document says every route answers it.
    assert.deepEqual(await json.json(), {
      error: { code: 'bad_request', message: 'Invalid body.helpful: expected yes or no, as a form body.' },
    });
    assert.equal((await vote('helpful=' + 'y'.repeat(400), formHeaders())).status, 400);
    const missing = await fetch(`${desk.httpUrl}/v1/help/${siteKey}/articles/en/nope/feedback`, {
      method: 'POST',
      headers: formHeaders({ 'user-agent': 'F' }),
      body: form('yes'),
    });
    assert.equal(missing.status, 404);
    assert.equal(((await missing.json()) as { error: { code: string } }).error.code, 'not_found');
  });

  it('reports the votes per article over a range, for reports.view', async () => {
    const now = Date.now();
    const report = await desk.call('GET', `/v1/admin/reports/help-feedback?from=${now - 86_400_000}&to=${now + 1}`);
    assert.equal(report.status, 200);
    assert.deepEqual(report.body.items, [
      { id: articleId, title: 'Reset your password', locale: 'en', helpful: 1, notHelpful: 2 },
    ]);
    const before = await desk.call('GET', `/v1/admin/reports/help-feedback?from=0&to=86400000`);
    assert.deepEqual(before.body.items, []);
    assert.equal((await desk.call('GET', '/v1/admin/reports/help-feedback?from=5&to=1')).status, 400);
    assert.equal((await desk.call('GET', '/v1/admin/reports/help-feedback')).status, 400);
  });

  it('limits votes per client address', async () => {
    const url = `${desk.httpUrl}/v1/help/${siteKey}/articles/en/reset-password/feedback`;
    let limited: Response | undefined;
    for (let i = 0; i < 30 && !limited; i++) {
      const answer = await fetch(url, {
        method: 'POST',
        headers: formHeaders({ 'user-agent': `Flood ${i}` }),
        body: form('yes'),
      });
      if (answer.status === 429) limited = answer;
      else await answer.arrayBuffer();
    }
    assert.ok(limited, 'a flood is limited');
    assert.ok(Number(limited.headers.get('retry-after')) >= 1);
    assert.equal(((await limited.json()) as { error: { code: string } }).error.code, 'rate_limited');
  });
});

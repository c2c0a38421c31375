import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { siteKey, startDesk, type Desk } from './support/desk.js';

// The help center's inbox side (issue #42): the editor's preview, rendered by the relay exactly as a write renders
// the body for the portal. A real relay on port 0 (SQLite).

describe('the help center editor', () => {
  let desk: Desk;
  let agent: { id: string; token: string };
  before(async () => {
    desk = await startDesk({ ipRateLimitPerSecond: 0 });
    agent = await desk.agent('Ana');
  });
  after(() => desk.close());

  it('previews a body as the portal serves it, safely, storing nothing', async () => {
    const body =
      'Open **Settings**.\n\n<script>alert(1)</script>\n\n[x](javascript:alert(1)) [ok](https://example.com)';
    const preview = await desk.call('POST', '/v1/admin/help/preview', { body }, agent.token);
    assert.equal(preview.status, 200);
    assert.match(preview.body.html, /<strong>Settings<\/strong>/);
    assert.doesNotMatch(preview.body.html, /<script/);
    assert.doesNotMatch(preview.body.html, /href="javascript:/);
    assert.match(preview.body.html, /href="https:\/\/example.com" rel="noopener nofollow ugc"/);

    // The same bytes as the article written from it, and as the portal's page holds.
    const made = await desk.call('POST', '/v1/admin/help/articles', {
      title: 'Settings',
      slug: 'settings',
      locale: 'en',
      body,
      status: 'published',
    });
    assert.equal(made.status, 201);
    assert.equal(made.body.html, preview.body.html);
    const page = await (await fetch(`${desk.httpUrl}/help/${siteKey}/en/settings`)).text();
    assert.ok(page.includes(preview.body.html.trim()), 'the portal serves the previewed HTML');

    // Nothing stored by a preview: still one article.
    const list = await desk.call('GET', '/v1/admin/help/articles');
    assert.equal(list.body.items.length, 1);
  });

  it('refuses a preview the contract does not allow', async () => {
    for (const body of [{}, { body: 'x'.repeat(65_537) }, { body: 'ok', title: 'extra' }, { body: 3 }]) {
      const refused = await desk.call('POST', '/v1/admin/help/preview', body, agent.token);
      assert.equal(refused.status, 400, JSON.stringify(body).slice(0, 60));
      assert.equal(refused.body.error?.code ?? refused.body.code, 'bad_request');
    }
    const anonymous = await fetch(`${desk.httpUrl}/v1/admin/help/preview`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ body: 'x' }),
    });
    assert.equal(anonymous.status, 401);
  });
});

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { siteKey, startDesk, type Desk } from './support/desk.js';

// A custom domain for the help center's portal (issue #42): a site names a host, and the relay serves that site's
// portal at `/` of requests with that Host; its addresses use the host. Requests go to loopback with a Host header
// (never to another address). A real relay on port 0 (SQLite).

/** A request to the relay on 127.0.0.1 with the given Host header. */
function hosted(
  desk: Desk,
  host: string,
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  const { port } = new URL(desk.httpUrl);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path, method: options.method ?? 'GET', headers: { host, ...options.headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }),
        );
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

describe('the help center at a custom domain', () => {
  let desk: Desk;
  let siteId: string;
  before(async () => {
    desk = await startDesk({ ipRateLimitPerSecond: 0 });
    siteId = (await desk.store.getSiteByKey(siteKey))!.id;
    const collection = await desk.call('POST', '/v1/admin/help/collections', { name: 'Account', slug: 'account' });
    await desk.call('POST', '/v1/admin/help/articles', {
      title: 'Reset your password',
      slug: 'reset-password',
      locale: 'en',
      body: 'Open **Settings**.',
      status: 'published',
      collectionId: collection.body.id,
    });
  });
  after(() => desk.close());

  it('validates the host strictly, keeps it unique across sites, and says where the portal is', async () => {
    assert.deepEqual((await desk.call('GET', '/v1/admin/help/domain')).body, {
      host: null,
      portalUrl: `${desk.httpUrl}/help/${siteKey}`,
    });
    for (const host of [
      'Help.Example.com',
      'help.example.com:8443',
      'https://help.example.com',
      'help.example.com/path',
      'help.example.com.',
      '*.example.com',
      'localhost',
      'example',
      '127.0.0.1',
      '-help.example.com',
      'help_desk.example.com',
      'user@help.example.com',
      `${'a'.repeat(64)}.example.com`,
      `${'abc.'.repeat(63)}com`,
      '',
    ]) {
      const refused = await desk.call('PUT', '/v1/admin/help/domain', { host });
      assert.equal(refused.status, 400, host);
      assert.match(refused.body.error.message, /^Invalid body\.host/, host);
    }
    const agent = await desk.agent('Ana');
    assert.equal(
      (await desk.call('PUT', '/v1/admin/help/domain', { host: 'help.example.com' }, agent.token)).status,
      403,
    );

    // Another site holds one: the same host is refused here.
    const domains = desk.use('help-center')!.domains;
    await domains.set('site_other', 'taken.example.com', Date.now());
    assert.equal((await desk.call('PUT', '/v1/admin/help/domain', { host: 'taken.example.com' })).status, 409);
    await assert.rejects(domains.set('site_third', 'taken.example.com', Date.now()));

    const set = await desk.call('PUT', '/v1/admin/help/domain', { host: 'help.example.com' });
    assert.equal(set.status, 200);
    assert.deepEqual(set.body, { host: 'help.example.com', portalUrl: 'https://help.example.com' });
    assert.deepEqual((await desk.call('GET', '/v1/admin/help/domain')).body, set.body);
    const audit = await desk.call('GET', '/v1/admin/audit');
    assert.ok(
      audit.body.items.some(
        (e: { action: string; details: { host?: string } }) =>
          e.action === 'help.domain.update' && e.details.host === 'help.example.com',
      ),
    );
  });

  it('serves the site’s portal at / of that Host, with its addresses on it', async () => {
    const front = await hosted(desk, 'help.example.com', '/');
    assert.equal(front.status, 200);
    assert.match(String(front.headers['content-type']), /text\/html/);
    assert.match(front.body, /<link rel="canonical" href="https:\/\/help\.example\.com\/en">/);
    assert.match(front.body, /<a href="\/en\/reset-password">Reset your password<\/a>/);
    assert.match(front.body, /<link rel="stylesheet" href="\/style\.css\?v=/);
    assert.match(front.body, /action="\/search"/);
    // A port in the Host header is the same host.
    assert.equal((await hosted(desk, 'help.example.com:443', '/')).status, 200);

    const article = await hosted(desk, 'help.example.com', '/en/reset-password');
    assert.equal(article.status, 200);
    assert.match(article.body, /<link rel="canonical" href="https:\/\/help\.example\.com\/en\/reset-password">/);
    assert.match(article.body, /"mainEntityOfPage":"https:\/\/help\.example\.com\/en\/reset-password"/);
    assert.match(article.body, /action="\/en\/reset-password\/feedback"/);
    assert.match(String(article.headers['content-security-policy']), /default-src 'none'/);
    assert.equal((await hosted(desk, 'help.example.com', '/en/nothing-here')).status, 404);
    assert.equal((await hosted(desk, 'help.example.com', '/en')).status, 200);
    assert.equal((await hosted(desk, 'help.example.com', '/style.css')).status, 200);
    const search = await hosted(desk, 'help.example.com', '/search?q=pasword&locale=en');
    assert.match(search.body, /href="\/en\/reset-password"/);
    const sitemap = await hosted(desk, 'help.example.com', '/sitemap.xml');
    assert.match(sitemap.body, /<loc>https:\/\/help\.example\.com\/en\/reset-password<\/loc>/);
    const collection = await hosted(desk, 'help.example.com', '/en/collections/account');
    assert.equal(collection.status, 200);
    assert.match(
      collection.body,
      /<link rel="canonical" href="https:\/\/help\.example\.com\/en\/collections\/account">/,
    );
    assert.match(sitemap.body, /<loc>https:\/\/help\.example\.com\/en\/collections\/account<\/loc>/);
    // robots.txt at the domain: the portal open but its search results, the relay's own paths closed, its sitemap.
    const robots = await hosted(desk, 'help.example.com:443', '/robots.txt');
    assert.equal(robots.status, 200);
    assert.equal(robots.headers['content-type'], 'text/plain; charset=utf-8');
    assert.equal(
      robots.body,
      [
        'User-agent: *',
        'Allow: /',
        'Disallow: /search?*q=',
        'Disallow: /admin',
        'Disallow: /v1/',
        'Disallow: /healthz',
        'Disallow: /metrics',
        '',
        'Sitemap: https://help.example.com/sitemap.xml',
        '',
      ].join('\n'),
    );
    // The relay's own robots.txt names the portal's sitemap at the domain only: it lists other hosts' pages.
    const relayRobots = await hosted(desk, new URL(desk.httpUrl).host, '/robots.txt');
    assert.equal(relayRobots.status, 200);
    assert.doesNotMatch(relayRobots.body, /Sitemap:/);

    // The relay's own host still serves the relay's pages; the portal there points at the domain as canonical.
    const own = new URL(desk.httpUrl).host;
    const home = await hosted(desk, own, '/');
    assert.doesNotMatch(home.body, /How can we help\?/);
    const onRelay = await hosted(desk, own, `/help/${siteKey}/en/reset-password`);
    assert.equal(onRelay.status, 200);
    assert.match(onRelay.body, /<link rel="canonical" href="https:\/\/help\.example\.com\/en\/reset-password">/);
    assert.match(onRelay.body, new RegExp(`href="/help/${siteKey}/en"`));
    // Another host is not a portal: the relay's routes answer (a path of the portal is not found there).
    assert.equal((await hosted(desk, 'other.example.com', '/en/reset-password')).status, 404);
    assert.doesNotMatch((await hosted(desk, 'other.example.com', '/')).body, /How can we help\?/);
    // The relay's own routes keep their paths on the custom host.
    assert.equal((await hosted(desk, 'help.example.com', '/healthz')).status, 200);
  });

  it('gives the domain’s addresses everywhere, takes votes there, and stops when it is removed', async () => {
    const listed = await desk.call('GET', '/v1/admin/help/articles');
    assert.equal(listed.body.items[0].url, 'https://help.example.com/en/reset-password');
    const found = (await (await fetch(`${desk.httpUrl}/v1/help/${siteKey}/search?q=password&locale=en`)).json()) as {
      items: { url: string }[];
    };
    assert.equal(found.items[0]?.url, 'https://help.example.com/en/reset-password');
    const read = (await (await fetch(`${desk.httpUrl}/v1/help/${siteKey}/articles/en/reset-password`)).json()) as {
      url: string;
    };
    assert.equal(read.url, 'https://help.example.com/en/reset-password');

    const vote = (origin: string) =>
      hosted(desk, 'help.example.com', '/en/reset-password/feedback', {
        method: 'POST',
        headers: { origin, 'content-type': 'application/x-www-form-urlencoded', 'user-agent': origin },
        body: 'helpful=yes',
      });
    assert.equal((await vote('https://evil.example')).status, 403);
    const voted = await vote('https://help.example.com');
    assert.equal(voted.status, 303);
    assert.equal(voted.headers.location, '/en/reset-password?feedback=thanks#feedback');
    const counted = await desk.call('GET', '/v1/admin/help/articles');
    assert.equal(counted.body.items[0].helpful, 1);

    assert.equal((await desk.call('PUT', '/v1/admin/help/domain', { host: null })).status, 200);
    assert.equal((await hosted(desk, 'help.example.com', '/en/reset-password')).status, 404);
    const back = await desk.call('GET', '/v1/admin/help/articles');
    assert.equal(back.body.items[0].url, `${desk.httpUrl}/help/${siteKey}/en/reset-password`);
    void siteId;
  });

  it('takes / from a site folder the relay serves, for its own host only', async () => {
    const siteDir = mkdtempSync(join(tmpdir(), 'parley-help-site-'));
    writeFileSync(join(siteDir, 'index.html'), '<!doctype html><title>Shop</title><h1>The shop</h1>');
    writeFileSync(join(siteDir, 'robots.txt'), 'User-agent: *\nDisallow: /checkout\n');
    const withSite = await startDesk({ ipRateLimitPerSecond: 0, siteDir });
    try {
      await withSite.call('POST', '/v1/admin/help/articles', {
        title: 'Shipping',
        slug: 'shipping',
        locale: 'en',
        body: 'In 3 days.',
        status: 'published',
      });
      assert.equal((await withSite.call('PUT', '/v1/admin/help/domain', { host: 'help.shop.example' })).status, 200);
      const portal = await hosted(withSite, 'help.shop.example', '/');
      assert.match(portal.body, /<a href="\/en\/shipping">Shipping<\/a>/);
      const shop = await hosted(withSite, new URL(withSite.httpUrl).host, '/');
      assert.match(shop.body, /<h1>The shop<\/h1>/);
      assert.equal((await hosted(withSite, 'help.shop.example', '/en/shipping')).status, 200);
      assert.match((await hosted(withSite, new URL(withSite.httpUrl).host, '/index.html')).body, /The shop/);
      // The site folder's robots.txt is the shop's; the portal's domain keeps its own.
      const shopRobots = await hosted(withSite, new URL(withSite.httpUrl).host, '/robots.txt');
      assert.equal(shopRobots.body, 'User-agent: *\nDisallow: /checkout\n');
      assert.match(
        (await hosted(withSite, 'help.shop.example', '/robots.txt')).body,
        /Sitemap: https:\/\/help\.shop\.example\/sitemap\.xml/,
      );
    } finally {
      await withSite.close();
      rmSync(siteDir, { recursive: true, force: true });
    }
  });
});

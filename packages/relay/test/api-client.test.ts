import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createConfig, lint } from '@redocly/openapi-core';
import { adminToken, startDesk, type Desk } from './support/desk.js';
import { drive } from './api-client/drive.js';

// Issue #88: the API document as outside tools read it.
const docPath = fileURLToPath(new URL('../../../docs/api/openapi.json', import.meta.url));

describe('the API document, read by outside tools', () => {
  it('passes Redocly’s recommended rules with no warning', async () => {
    const problems = await lint({ ref: docPath, config: await createConfig({ extends: ['recommended'] }) });
    assert.deepEqual(
      problems.map((problem) => `${problem.ruleId}: ${problem.message} (${problem.location[0]?.pointer ?? ''})`),
      [],
    );
  });

  it('names every operation `<feature>.<action>`, once', () => {
    const document = JSON.parse(readFileSync(docPath, 'utf8')) as Record<
      'paths' | 'webhooks' | 'x-browser-navigations',
      Record<string, Record<string, { operationId?: string }>>
    >;
    const ids = [document.paths, document.webhooks, document['x-browser-navigations']].flatMap((section) =>
      Object.values(section).flatMap((item) => Object.values(item).map((operation) => operation.operationId ?? '')),
    );
    assert.ok(ids.length > 200, `${ids.length} operations`);
    assert.deepEqual(
      ids.filter((id) => !/^[a-z][A-Za-z0-9]*\.[a-z][A-Za-z0-9]*$/.test(id)),
      [],
    );
    assert.equal(new Set(ids).size, ids.length, 'unique');
    // Stable names a generator makes methods of: a route's feature and its action, not its position.
    assert.ok(ids.includes('desk.getConversationsById'));
    assert.ok(ids.includes('webhooks.onMessageCreated'));
  });
});

describe('a client generated from the API document (openapi-typescript + openapi-fetch)', () => {
  let relay: Desk;
  before(async () => {
    relay = await startDesk({ ipRateLimitPerSecond: 0 });
  });
  after(() => relay.close());

  it('calls real routes as the document describes them', async () => {
    const seen = await drive(relay.httpUrl, adminToken);
    assert.deepEqual(seen.me, { siteId: 'default', role: 'admin' });
    assert.equal(seen.created.shortcut, 'refund');
    assert.match(seen.created.id, /\S/);
    assert.equal(seen.renamed, 'Your refund left today.');
    assert.deepEqual(seen.listed, ['refund']);
    assert.deepEqual(seen.missing, { status: 404, code: 'not_found' });
    assert.equal(seen.refused.status, 400);
    assert.match(seen.refused.message, /unknown field colour/);
    assert.equal(seen.deleted, 204);
  });
});

/**
 * What the rules read of a batch's conversations (issue #40's cost): only the parts the undecided rules' conditions
 * ask for — the contact's context, the channel's row, the labels — each left empty when no rule reads it. Run on
 * SQLite (test/rules-reads.test.ts) and PostgreSQL (test-services/rules-reads-postgres.test.ts).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RuleCondition } from '@parley/protocol/admin';
import { contributionsTo } from '../../src/features/extension-point.js';
import { FEATURES } from '../../src/features/features.js';
import { readsOf } from '../../src/rules/rule-conditions.js';
import { RuleKinds } from '../../src/rules/rule-kinds.js';
import { ruleActions, ruleConditions } from '../../src/rules/rule-points.js';
import { RulesRepository } from '../../src/rules/rules-repository.js';
import type { AdminDb } from '../../src/store/repositories.js';
import type { Store } from '../../src/store/store.js';

export function rulesReadsSuite(name: string, open: () => Promise<{ store: Store; admin: AdminDb }>): void {
  describe(`rules: what a batch reads of its conversations (${name})`, () => {
    let store: Store;
    let admin: AdminDb;

    before(async () => {
      ({ store, admin } = await open());
      await store.upsertSite({
        id: 'site_1',
        name: 'Test',
        siteKey: 'pk_rules_reads',
        allowedOrigins: ['*'],
        identitySecret: 'secret',
        requireIdentity: false,
      });
      await store.append({
        siteId: 'site_1',
        conversationId: 'c_1',
        visitorId: 'v1',
        clientId: 'first',
        author: { role: 'visitor', id: 'v1' },
        text: 'hello',
        kind: 'text',
      });
      await admin.sql.run(`INSERT INTO conversation_labels (conversation_id, label) VALUES ('c_1', 'vip')`);
      await admin.sql.run(
        `INSERT INTO conversation_channels (conversation_id, site_id, channel, subject, created_at)
       VALUES ('c_1', 'site_1', 'email', 'Invoice', 1)`,
      );
      await admin.sql.run(
        `INSERT INTO contacts (site_id, contact_id, context, created_at, last_seen_at) VALUES ('site_1', 'v1', ?, 1, 1)
       ON CONFLICT (site_id, contact_id) DO UPDATE SET context = excluded.context`,
        [JSON.stringify({ url: 'https://shop.test/pricing', locale: 'fr-CA' })],
      );
    });

    after(async () => {
      await admin.close();
      await store.close();
    });

    it('knows what each condition reads', () => {
      // The relay's kinds: what its features contribute to the rules' points.
      const kinds = new RuleKinds(contributionsTo(FEATURES, ruleConditions), contributionsTo(FEATURES, ruleActions));
      const reads = (...fields: RuleCondition['field'][]) =>
        readsOf(
          kinds,
          fields.map((field) => ({ field }) as unknown as RuleCondition),
        );
      assert.deepEqual(reads('text', 'first_message', 'business_hours', 'status', 'priority', 'assignee', 'team'), {
        context: false,
        channel: false,
        labels: false,
        attributes: false,
      });
      assert.deepEqual(reads('page_url'), { context: true, channel: false, labels: false, attributes: false });
      assert.deepEqual(reads('language'), { context: true, channel: false, labels: false, attributes: false });
      assert.deepEqual(reads('channel'), { context: false, channel: true, labels: false, attributes: false });
      assert.deepEqual(reads('subject'), { context: false, channel: true, labels: false, attributes: false });
      assert.deepEqual(reads('label'), { context: false, channel: false, labels: true, attributes: false });
      assert.deepEqual(reads('attribute'), { context: false, channel: false, labels: false, attributes: true });
    });

    it('reads each part only when asked, and all of it when asked', async () => {
      const repository = new RulesRepository(admin.sql);
      const none = (
        await repository.conversationFacts('site_1', ['c_1'], {
          context: false,
          channel: false,
          labels: false,
        })
      ).get('c_1')!;
      assert.equal(none.status, 'open');
      assert.deepEqual(
        { labels: none.labels, channel: none.channel, subject: none.subject, context: none.visitor.context },
        { labels: [], channel: 'chat', subject: null, context: undefined },
      );
      const all = (
        await repository.conversationFacts('site_1', ['c_1'], {
          context: true,
          channel: true,
          labels: true,
        })
      ).get('c_1')!;
      assert.deepEqual(
        { labels: all.labels, channel: all.channel, subject: all.subject, url: all.visitor.context?.url },
        { labels: ['vip'], channel: 'email', subject: 'Invoice', url: 'https://shop.test/pricing' },
      );
      assert.equal(all.visitor.context?.locale, 'fr-CA');
      assert.equal(
        (await repository.conversationFacts('site_1', ['c_1'], { context: false, channel: false, labels: false })).size,
        1,
      );
      assert.equal(
        (await repository.conversationFacts('site_2', ['c_1'], { context: true, channel: true, labels: true })).size,
        0,
        'another site’s conversation is not read',
      );
    });
  });
}

/**
 * Extension points (ADR docs/decisions/2026-11-29-extension-points.md): a host feature declares a typed point,
 * others contribute to it from their own module, and the host reads every contribution through the feature host. A
 * list of features that cannot run together (a contribution to a point its present host does not declare, a
 * required feature absent) is refused at start, naming them; a contribution to a point whose host is left out lies
 * dormant. The relay's own list is checked too: its features'
 * contributions reach the rules' points.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { contributionsTo, extensionPoint } from '../src/features/extension-point.js';
import { defineFeature, type FeatureContext } from '../src/features/feature.js';
import { FeatureHost } from '../src/features/feature-host.js';
import { FEATURES } from '../src/features/features.js';
import { createLogger } from '../src/log.js';
import { check } from '../src/http/admin-http.js';
import { RuleKinds } from '../src/rules/rule-kinds.js';
import { ruleActions, ruleConditions } from '../src/rules/rule-points.js';
import { exportSections } from '../src/export/export-points.js';
import { exportFeature } from '../src/export/feature.js';
import type { AdminServices } from '../src/admin/admin-services.js';
import { SavedViews } from '../src/views/saved-views.js';
import { viewFilters, type ViewCriterion } from '../src/views/view-points.js';
import type { ViewsRepository } from '../src/views/views-repository.js';
import type { ConversationFilters } from '../src/admin/conversation-filters.js';
import { mergeFeature } from '../src/merge/feature.js';
import { mergeContactData, type ContactData } from '../src/merge/merge-points.js';

const log = createLogger('silent');

/** What the host feature's point takes: a greeting by language. */
interface Greeting {
  readonly language: string;
  greet(name: string): string;
}

const greetings = extensionPoint<Greeting>('greeter.greetings');

describe('extension points', () => {
  it('hands a host feature every contribution to its point, in the order of the list', async () => {
    let read: readonly Greeting[] | undefined;
    const greeter = defineFeature({
      name: 'greeter',
      points: [greetings],
      contributes: [greetings.with({ language: 'en', greet: (name) => `Hello, ${name}` })],
      create: ({ contributions }) => {
        read = contributions(greetings);
        return {};
      },
    });
    const french = defineFeature({
      name: 'french',
      requires: ['greeter'],
      contributes: [
        greetings.with(
          { language: 'fr', greet: (name) => `Bonjour, ${name}` },
          { language: 'fr-CA', greet: (name) => `Allô, ${name}` },
        ),
      ],
    });
    const host = new FeatureHost([greeter, french], log);
    await host.create({} as Omit<FeatureContext, 'use' | 'contributions'>);
    assert.deepEqual(
      read?.map((greeting) => greeting.language),
      ['en', 'fr', 'fr-CA'],
    );
    assert.equal(read?.[1]?.greet('Ada'), 'Bonjour, Ada');
    assert.deepEqual(
      host.contributions(greetings).map((greeting) => greeting.greet('Ada')),
      ['Hello, Ada', 'Bonjour, Ada', 'Allô, Ada'],
    );
  });

  it('refuses a contribution to a point its host feature does not declare, naming it and the declared ones', () => {
    const greeter = defineFeature({ name: 'greeter', points: [greetings] });
    const farewells = extensionPoint<Greeting>('greeter.farewells');
    const rude = defineFeature({ name: 'rude', contributes: [farewells.with({ language: 'en', greet: () => 'Bye' })] });
    assert.throws(
      () => new FeatureHost([greeter, rude], log),
      (error: Error) =>
        error.message.includes(
          'feature rude contributes to greeter.farewells, a point the feature greeter does not declare (it declares greeter.greetings)',
        ),
    );
  });

  it('leaves a contribution to a point whose host feature is absent dormant: the contributor runs without it', async () => {
    const french = defineFeature({
      name: 'french',
      contributes: [greetings.with({ language: 'fr', greet: (name) => `Bonjour, ${name}` })],
    });
    assert.doesNotThrow(() => new FeatureHost([french], log));
    // Its host, when there, reads it.
    const greeter = defineFeature({ name: 'greeter', points: [greetings] });
    assert.equal(new FeatureHost([greeter, french], log).contributions(greetings).length, 1);
  });

  it('refuses a feature whose required feature is absent, and tells every problem at once', () => {
    const french = defineFeature({ name: 'french', requires: ['greeter', 'translator'] });
    assert.throws(
      () => new FeatureHost([french], log),
      (error: Error) =>
        error.message.includes('feature french requires the feature greeter, which is not in the list') &&
        error.message.includes('feature french requires the feature translator, which is not in the list'),
    );
  });

  it('refuses a point declared by a feature that is not its host, or declared twice', () => {
    const impostor = defineFeature({ name: 'impostor', points: [greetings] });
    assert.throws(
      () => new FeatureHost([impostor], log),
      (error: Error) =>
        error.message.includes('feature impostor declares greeter.greetings, a point of the feature greeter'),
    );
    const twice = defineFeature({
      name: 'greeter',
      points: [greetings, extensionPoint<Greeting>('greeter.greetings')],
    });
    assert.throws(
      () => new FeatureHost([twice], log),
      (error: Error) => error.message.includes('the point greeter.greetings is declared twice'),
    );
  });

  it('still refuses two features of one name', () => {
    assert.throws(
      () => new FeatureHost([defineFeature({ name: 'twin' }), defineFeature({ name: 'twin' })], log),
      (error: Error) => error.message.includes('two features are named twin'),
    );
  });

  it("accepts the relay's own list, whose features contribute the rules' conditions and actions", () => {
    assert.doesNotThrow(() => new FeatureHost(FEATURES, log));
    const conditions = contributionsTo(FEATURES, ruleConditions).map((kind) => kind.field);
    const actions = contributionsTo(FEATURES, ruleActions).map((kind) => kind.type);
    // Custom attributes' condition comes from the attributes feature, snooze's and email's actions from theirs.
    assert.ok(conditions.includes('attribute') && conditions.includes('text'), conditions.join());
    assert.ok(actions.includes('snooze') && actions.includes('email_transcript') && actions.includes('assign'));
    assert.equal(new Set(conditions).size, conditions.length);
    assert.equal(new Set(actions).size, actions.length);
  });

  it('takes the relay without the rules: what attributes, snooze and email contribute to them lies dormant', () => {
    const withoutRules = FEATURES.filter((feature) => feature.name !== 'rules');
    assert.ok(withoutRules.some((feature) => feature.contributes?.some(({ point }) => point.host === 'rules')));
    assert.doesNotThrow(() => new FeatureHost(withoutRules, log));
  });

  it("makes the rules' schema of what was contributed: a condition or action no feature contributed is refused, named", () => {
    const conditions = contributionsTo(FEATURES, ruleConditions);
    const actions = contributionsTo(FEATURES, ruleActions);
    const rule = {
      name: 'Pro plans',
      trigger: 'message.visitor',
      conditions: [{ field: 'attribute', scope: 'contact', key: 'plan', op: 'is', value: 'Pro' }],
      actions: [{ type: 'snooze', minutes: 5 }],
    };
    const all = new RuleKinds(conditions, actions);
    assert.deepEqual(check(all.bodies.RuleInput, rule, 'body').conditions, rule.conditions);
    // Without the attributes' contribution, nor snooze's: the same rule is refused, naming what is missing.
    const fewer = new RuleKinds(
      conditions.filter((kind) => kind.field !== 'attribute'),
      actions.filter((kind) => kind.type !== 'snooze'),
    );
    assert.throws(
      () => check(fewer.bodies.RuleInput, rule, 'body'),
      (error: Error) =>
        /^Invalid body\.conditions\.0\.field: no condition "attribute" in this relay \(one of text, .*\)\.$/.test(
          error.message,
        ) && !error.message.includes('attribute,'),
    );
    assert.throws(
      () => check(fewer.bodies.MacroInput, { name: 'Later', actions: rule.actions }, 'body'),
      (error: Error) => /^Invalid body\.actions\.0\.type: no action "snooze" in this relay/.test(error.message),
    );
    // A member's own checks still run (the contract's schema of the condition).
    assert.throws(
      () =>
        check(all.bodies.RuleInput, { ...rule, conditions: [{ field: 'status', op: 'is', value: 'gone' }] }, 'body'),
      (error: Error) => error.message.startsWith('Invalid body.conditions.0.value: '),
    );
  });

  it("applies a view's criteria through what features contributed to views.filters; one nobody applies is refused, named", async () => {
    assert.deepEqual(
      contributionsTo(FEATURES, viewFilters).map((criterion) => criterion.key),
      ['attributes', 'company'],
    );
    const seen: string[] = [];
    const criterion: ViewCriterion = {
      key: 'attributes',
      conditions: async ({ siteId, where, params }, filter) => {
        seen.push(`${siteId} ${where} ${String(params.attributeValues)} ${filter.attributes?.length}`);
        return [{ sql: 'c.id = ?', params: ['conv_1'] }];
      },
    };
    const filter = {
      labels: ['vip'],
      attributes: [{ scope: 'contact' as const, key: 'plan', op: 'is' as const, value: 'Pro' }],
    };
    const filters = {} as ConversationFilters;
    const views = new SavedViews({} as ViewsRepository, log, filters, [criterion]);
    assert.deepEqual(await views.criteriaConditions('site_1', filter, 'view', { attributeValues: 'verified' }), [
      { sql: 'c.id = ?', params: ['conv_1'] },
    ]);
    assert.deepEqual(seen, ['site_1 view verified 1']);
    // The views' own criteria (labels) are theirs: a filter of them only asks no feature.
    assert.deepEqual(await views.criteriaConditions('site_1', { labels: ['vip'] }), []);
    assert.equal(seen.length, 1);
    const without = new SavedViews({} as ViewsRepository, log, filters, []);
    await assert.rejects(without.criteriaConditions('site_1', filter), {
      message: 'Invalid body.filter.attributes: no feature of this relay applies it.',
    });
  });

  it("puts the sections contributed to export.sections in a contact's export, refusing two of one name", async () => {
    assert.deepEqual(
      contributionsTo(FEATURES, exportSections).map((section) => section.name),
      ['attributes', 'companies'],
    );
    const notes = defineFeature({
      name: 'notes',
      contributes: [
        exportSections.with({
          name: 'notes',
          contact: async (_context, siteId, contactId, conversationIds) => ({ siteId, contactId, conversationIds }),
        }),
      ],
    });
    const contactExports: AdminServices['contactExports'] = new Map();
    const host = new FeatureHost([exportFeature, notes], log);
    await host.create({ admin: { contactExports } } as unknown as Omit<FeatureContext, 'use' | 'contributions'>);
    assert.deepEqual([...contactExports.keys()], ['notes']);
    assert.deepEqual(await contactExports.get('notes')?.('site_1', 'v1', ['c_1']), {
      siteId: 'site_1',
      contactId: 'v1',
      conversationIds: ['c_1'],
    });
    const twice = new FeatureHost([exportFeature, notes, defineFeature({ ...notes, name: 'notes-again' })], log);
    await assert.rejects(
      twice.create({ admin: { contactExports: new Map() } } as unknown as Omit<
        FeatureContext,
        'use' | 'contributions'
      >),
      { message: 'two sections of the contact export are named notes' },
    );
  });

  it('carries what features contributed to merge.contactData in a merge of contacts, refusing two of one name', async () => {
    // API channels' external ids, messaging channels' handles, custom attributes' values and companies' memberships
    // (their merge itself: test/support/merge-suite.ts and merge-channels-scenarios.ts).
    assert.deepEqual(
      contributionsTo(FEATURES, mergeContactData).map((data) => data.name),
      ['api-channels', 'messaging', 'attributes', 'companies'],
    );
    const notes: ContactData = {
      name: 'notes',
      snapshot: async () => [],
      join: async () => undefined,
      restore: async () => undefined,
    };
    const twice = new FeatureHost(
      [
        mergeFeature,
        defineFeature({ name: 'notes', contributes: [mergeContactData.with(notes)] }),
        defineFeature({ name: 'more-notes', contributes: [mergeContactData.with(notes)] }),
      ],
      log,
    );
    await assert.rejects(twice.create({ options: {} } as unknown as Omit<FeatureContext, 'use' | 'contributions'>), {
      message: 'two contributions to merge.contactData are named notes',
    });
  });
});

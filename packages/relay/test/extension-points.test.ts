/**
 * Extension points (ADR docs/decisions/2026-11-29-extension-points.md): a host feature declares a typed point,
 * others contribute to it from their own module, and the host reads every contribution through the feature host. A
 * list of features that cannot run together (a contribution to a point nobody declares or whose host is absent, a
 * required feature absent) is refused at start, naming them.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { extensionPoint } from '../src/features/extension-point.js';
import { defineFeature, type FeatureContext } from '../src/features/feature.js';
import { FeatureHost } from '../src/features/feature-host.js';
import { createLogger } from '../src/log.js';

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

  it('refuses a contribution to a point whose host feature is absent, naming both', () => {
    const french = defineFeature({
      name: 'french',
      contributes: [greetings.with({ language: 'fr', greet: (name) => `Bonjour, ${name}` })],
    });
    assert.throws(
      () => new FeatureHost([french], log),
      (error: Error) =>
        error.message.includes(
          'feature french contributes to greeter.greetings, but its host feature greeter is not in the list',
        ),
    );
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
});

import { defineFeature } from '../features/feature.js';
import * as automationQueries from './automation-queries.js';
import * as faqQueries from './faq-queries.js';
import { automationRoutes } from './automation-routes.js';
import { faqRoutes } from './faq-routes.js';
import { loadSnowball } from '../snowball.js';
import { Automations } from './automations.js';
import { AUTOMATION_MIGRATIONS } from './automation-migrations.js';
import { visitorAnswerers, type AnswerTurn } from './answerers.js';

declare module '../features/feature-instances.js' {
  interface FeatureInstances {
    automations: Automations;
  }
}

/** Automations (docs/automations.md): welcome and away replies, rating requests, the FAQ bot and its hand-over. */
export const automationsFeature = defineFeature({
  name: 'automations',
  repositories: { automations: automationQueries, faq: faqQueries },
  migrations: AUTOMATION_MIGRATIONS,
  // What the FAQ counted in a conversation (the entries' counts stay: they name no one).
  erasure: { conversations: [{ table: 'faq_events' }] },
  adminRoutes: [...automationRoutes, ...faqRoutes],
  // The FAQ's routes; the automations' own say theirs.
  permission: 'settings.manage',
  // Features that answer visitors where the FAQ has no direct answer (the AI agent).
  points: [visitorAnswerers],
  create: ({ admin, options, use, publicOrigin, contributions }) => {
    const answerers = contributions(visitorAnswerers);
    const automations = new Automations({
      admin,
      emailEnabled: () => use('email')?.enabled ?? false,
      ...(options.clock ? { now: options.clock } : {}),
      // "Talk to a person": routing's assignment is written with the hand-over (tests may give their own), and what
      // the answerers add to it (the AI agent's summary for the staff).
      handover: (siteId, conversationId) => [
        ...((
          options.handover ??
          ((site, conversation) => use('routing')?.assignmentEffects(site, conversation, 'handover'))
        )(siteId, conversationId) ?? []),
        ...answerers.flatMap((answerer) => answerer.handedOver?.(siteId, conversationId, use) ?? []),
      ],
      // The help center is made after the automations: asked for when a message comes, not now.
      articles: {
        has: (siteId) => use('help-center')?.hasArticlesNow(siteId) ?? false,
        answers: async (siteId, text, language) =>
          (await use('help-center')?.answers(siteId, text, language, publicOrigin.href)) ?? [],
      },
      answerers: answerers.map((answerer) => ({
        answers: (siteId: string) => answerer.answers(siteId, use),
        answer: (turn: AnswerTurn) => answerer.answer(turn, use),
      })),
    });
    return {
      instance: automations,
      hooks: automations,
      start: () => automations.start(),
      stop: () => automations.stop(),
      // The FAQ bot's terms are stemmed: its index is built when a site's entries are first read or changed.
      preload: loadSnowball,
    };
  },
});

import { defineFeature } from '../features/feature.js';
import { PRECHAT_FORM_MIGRATIONS } from './prechat-form-migrations.js';
import { PrechatFormRepository } from './prechat-form-repository.js';
import { prechatFormRoutes } from './prechat-form-routes.js';
import { prechatFrame } from './prechat-frame.js';
import { PrechatForms } from './prechat-forms.js';

declare module '../features/feature-instances.js' {
  interface FeatureInstances {
    'prechat-form': PrechatForms;
  }
}

/**
 * The pre-chat form a site configures (issue #86; docs/prechat-form.md): its fields (name, email, phone, contact
 * attributes) and when it shows, set in the inbox and sent in a visitor's welcome when it applies; the visitor's
 * values come back in a `prechat` frame, checked against it, and are kept on the contact (attributes as the
 * visitor's claim). Uses the custom attributes (their definitions, their writes) and the automations' business
 * hours when they are part of the relay.
 */
export const prechatFormFeature = defineFeature({
  name: 'prechat-form',
  migrations: PRECHAT_FORM_MIGRATIONS,
  adminRoutes: prechatFormRoutes,
  create: ({ db, log, options, use }) => {
    const forms = new PrechatForms({
      repository: new PrechatFormRepository(db),
      log,
      definitions: (siteId) => use('attributes')?.repository.definitions(siteId),
      hours: (siteId) => use('automations')?.hours(siteId),
      ...(options.clock ? { now: options.clock } : {}),
    });
    return {
      instance: forms,
      hooks: forms,
      frames: [prechatFrame(forms)],
      start: () => forms.start(),
      stop: () => forms.stop(),
    };
  },
});

import type { AutomationSettings, AutomationsAnswer } from '../../src/chat-admin/chat-admin.js';
import type { FakeBase, FakeRoutes } from './fake-requests.js';

/** The automations area of the fake admin API (`/automations`), which the Automations, FAQ and Site pages use. */
export function withAutomations<B extends FakeBase>(Base: B) {
  return class extends Base {
    automationsValue: AutomationsAnswer = {
      settings: {
        botName: 'Parley',
        hours: null,
        welcome: { enabled: false, texts: {} },
        away: { enabled: false, texts: {}, emailTexts: {} },
        csat: { enabled: false, texts: {} },
      },
      defaults: {
        welcome: { en: 'Hi! How can we help you today?', fr: 'Bonjour !', es: '¡Hola!', ar: 'مرحبًا!' },
        away: { en: "We're away. Back {time}.", fr: 'Absents.', es: 'Ausentes.', ar: 'غائبون.' },
        awayEmail: { en: 'By email.', fr: 'Par e-mail.', es: 'Por correo.', ar: 'بالبريد.' },
        csat: { en: 'How would you rate this conversation?', fr: 'Note ?', es: '¿Nota?', ar: 'تقييم؟' },
      },
      now: null,
      updatedAt: null,
    };
    savedAutomations: AutomationSettings[] = [];

    constructor(...args: any[]) {
      super(...args);
      Object.assign(this.routes, {
        'GET /automations': () => this.automations(),
        'PUT /automations': ({ body }) => this.saveAutomations(body as AutomationSettings),
      } satisfies FakeRoutes);
    }

    async automations() {
      return structuredClone(this.automationsValue);
    }

    async saveAutomations(settings: AutomationSettings) {
      this.savedAutomations.push(structuredClone(settings));
      this.automationsValue = { ...this.automationsValue, settings: structuredClone(settings), updatedAt: Date.now() };
      return structuredClone(this.automationsValue);
    }
  };
}

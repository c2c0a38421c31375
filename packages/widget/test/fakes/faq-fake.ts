import { AdminApiError, type FaqEntry, type FaqInput, type FaqMatch } from '../../src/chat-admin/chat-admin.js';
import type { FakeBase, FakeRoutes } from './fake-requests.js';

/** The FAQ area of the fake admin API (`/faq`). */
export function withFaq<B extends FakeBase>(Base: B) {
  return class extends Base {
    faqEntries: FaqEntry[] = [];
    /** Each FAQ call that changes something, in order. */
    faqCalls: Array<[string, ...unknown[]]> = [];
    faqMatch: FaqMatch = { answer: null, suggestions: [] };

    constructor(...args: any[]) {
      super(...args);
      Object.assign(this.routes, {
        'GET /faq': () => this.faq(),
        'POST /faq': ({ body }) => this.createFaq(body as FaqInput),
        'PATCH /faq/{id}': ({ ref, body }) => this.updateFaq(ref!, body as Partial<FaqInput>),
        'DELETE /faq/{id}': ({ ref }) => this.deleteFaq(ref!),
        'POST /faq/{id}': ({ ref, body, path }) => {
          const { text, language } = body as { text: string; language?: string };
          return ref === 'match' ? this.tryFaq(text, language) : Promise.reject(new Error(path));
        },
      } satisfies FakeRoutes);
    }

    async faq() {
      return { items: structuredClone(this.faqEntries), max: 1000 };
    }

    async createFaq(input: FaqInput) {
      this.faqCalls.push(['create', structuredClone(input)]);
      const entry: FaqEntry = {
        ...structuredClone(input),
        id: `faq_${this.faqEntries.length + 1}`,
        counts: { answered: 0, helpful: 0, escalated: 0 },
        createdAt: Date.now(),
        updatedAt: Date.now(),
      };
      this.faqEntries.push(entry);
      return structuredClone(entry);
    }

    async updateFaq(id: string, patch: Partial<FaqInput>) {
      this.faqCalls.push(['update', id, structuredClone(patch)]);
      const entry = this.faqEntries.find((e) => e.id === id);
      if (!entry) throw new AdminApiError('not_found', 'No such FAQ entry on this site.', 404);
      Object.assign(entry, structuredClone(patch));
      return structuredClone(entry);
    }

    async deleteFaq(id: string) {
      this.faqCalls.push(['delete', id]);
      this.faqEntries = this.faqEntries.filter((e) => e.id !== id);
    }

    async tryFaq(text: string, language?: string) {
      this.faqCalls.push(['try', text, language]);
      return structuredClone(this.faqMatch);
    }
  };
}

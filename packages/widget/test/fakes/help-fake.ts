import type { HelpArticle, HelpCollection, HelpListedArticle } from '@parley/protocol/admin';
import { AdminApiError } from '../../src/chat-admin/chat-admin.js';
import type { FakeBase, FakeRequests, FakeRoutes } from './fake-requests.js';

/** The fake's renderer: enough Markdown for the tests (bold, and raw HTML shown as text, as the relay does). */
export function fakeMarkdown(body: string): string {
  const escaped = body.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return `<p>${escaped.replace(/\*\*(.+?)\*\*/g, '<strong>$1</strong>')}</p>\n`;
}

/** The help center area of the fake admin API (`/help/…`). */
export function withHelp<B extends FakeBase<FakeRequests>>(Base: B) {
  return class extends Base {
    helpCollections: HelpCollection[] = [];
    helpArticles: HelpArticle[] = [];
    helpReads = new Map<string, number>();
    helpVotes = new Map<string, { helpful: number; notHelpful: number }>();
    /** Each help call that changes something or previews, in order. */
    helpCalls: Array<[string, ...unknown[]]> = [];
    /** The preview's answer waits for this, when set (a test holds it). */
    helpPreviewGate: Promise<void> | undefined;
    helpDomain: string | null = null;
    helpFeedbackItems: Array<{ id: string; title: string; locale: string; helpful: number; notHelpful: number }> = [];

    constructor(...args: any[]) {
      super(...args);
      Object.assign(this.routes, {
        'GET /help/collections': async () => ({ items: structuredClone(this.helpCollections) }),
        'POST /help/collections': async ({ body }) => {
          const input = body as { name: string; slug: string; description?: string };
          this.helpCalls.push(['createCollection', structuredClone(input)]);
          if (this.helpCollections.some((c) => c.slug === input.slug))
            throw new AdminApiError('conflict', 'This slug is taken by another collection.', 409);
          const made: HelpCollection = {
            id: `hcol_${this.helpCollections.length + 1}`,
            name: input.name,
            slug: input.slug,
            description: input.description ?? null,
            position: this.helpCollections.length,
            createdAt: 1,
            updatedAt: 1,
          };
          this.helpCollections.push(made);
          return structuredClone(made);
        },
        'PATCH /help/collections/{id}': async ({ ref, body }) => {
          this.helpCalls.push(['updateCollection', ref, structuredClone(body)]);
          const found = this.helpCollections.find((c) => c.id === ref);
          if (!found) throw new AdminApiError('not_found', 'No such collection on this site.', 404);
          Object.assign(found, body);
          return structuredClone(found);
        },
        'DELETE /help/collections/{id}': async ({ ref }) => {
          this.helpCalls.push(['deleteCollection', ref]);
          this.helpCollections = this.helpCollections.filter((c) => c.id !== ref);
          for (const a of this.helpArticles) if (a.collectionId === ref) a.collectionId = null;
        },
        'GET /help/articles': async ({ q }) => ({
          items: this.helpArticles
            .filter((a) => (!q['status'] || a.status === q['status']) && (!q['locale'] || a.locale === q['locale']))
            .map((a) => this.helpListed(a)),
        }),
        'GET /help/articles/{id}': async ({ ref }) => {
          const found = this.helpArticles.find((a) => a.id === ref);
          if (!found) throw new AdminApiError('not_found', 'No such article on this site.', 404);
          return structuredClone(found);
        },
        'POST /help/articles': async ({ body }) => this.writeArticle(undefined, body as Partial<HelpArticle>),
        'PATCH /help/articles/{id}': async ({ ref, body }) => this.writeArticle(ref, body as Partial<HelpArticle>),
        'DELETE /help/articles/{id}': async ({ ref }) => {
          this.helpCalls.push(['deleteArticle', ref]);
          this.helpArticles = this.helpArticles.filter((a) => a.id !== ref);
        },
        'POST /help/preview': async ({ body }) => {
          const text = (body as { body: string }).body;
          this.helpCalls.push(['preview', text]);
          await this.helpPreviewGate;
          if (text.includes('(((too complex'))
            throw new AdminApiError(
              'bad_request',
              'Invalid body.body: too complex to render in time; simplify its Markdown.',
              400,
            );
          return { html: fakeMarkdown(text) };
        },
        'GET /help/domain': async () => ({ host: this.helpDomain, portalUrl: this.helpPortal() }),
        'PUT /help/domain': async ({ body }) => {
          const { host } = body as { host: string | null };
          this.helpCalls.push(['domain', host]);
          if (host === 'taken.example.com')
            throw new AdminApiError('conflict', 'Another site’s portal has this domain.', 409);
          this.helpDomain = host;
          return { host, portalUrl: this.helpPortal() };
        },
        'GET /reports/help-feedback': async ({ q }) => ({
          from: Number(q['from']),
          to: Number(q['to']),
          items: structuredClone(this.helpFeedbackItems),
        }),
      } satisfies FakeRoutes);
    }

    helpPortal(): string {
      return this.helpDomain ? `https://${this.helpDomain}` : 'https://relay.test/help/site_key';
    }

    helpListed(a: HelpArticle): HelpListedArticle {
      const { body: _b, html: _h, ...summary } = a;
      return {
        ...structuredClone(summary),
        reads: this.helpReads.get(a.id) ?? 0,
        helpful: this.helpVotes.get(a.id)?.helpful ?? 0,
        notHelpful: this.helpVotes.get(a.id)?.notHelpful ?? 0,
        url: `${this.helpPortal()}/${a.locale}/${a.slug}`,
      };
    }

    async writeArticle(id: string | undefined, input: Partial<HelpArticle>): Promise<HelpArticle> {
      this.helpCalls.push([id ? 'updateArticle' : 'createArticle', ...(id ? [id] : []), structuredClone(input)]);
      const before = id ? this.helpArticles.find((a) => a.id === id) : undefined;
      if (id && !before) throw new AdminApiError('not_found', 'No such article on this site.', 404);
      const merged = { ...before, ...input } as HelpArticle;
      if (this.helpArticles.some((a) => a.id !== id && a.locale === merged.locale && a.slug === merged.slug))
        throw new AdminApiError('conflict', 'This slug is taken by another article in this locale.', 409);
      if ((merged.summary ?? '').length > 300)
        throw new AdminApiError('bad_request', 'Invalid body.summary: too long.', 400);
      const now = Date.now();
      const written: HelpArticle = {
        id: id ?? `hart_${this.helpArticles.length + 1}`,
        collectionId: merged.collectionId ?? null,
        locale: merged.locale,
        slug: merged.slug,
        title: merged.title,
        summary: merged.summary ?? null,
        status: merged.status ?? 'draft',
        authorId: before?.authorId ?? 'staff_1',
        updatedBy: 'staff_1',
        createdAt: before?.createdAt ?? now,
        updatedAt: now,
        publishedAt: before?.publishedAt ?? (merged.status === 'published' ? now : null),
        body: merged.body,
        html: fakeMarkdown(merged.body),
      };
      this.helpArticles = before
        ? this.helpArticles.map((a) => (a.id === id ? written : a))
        : [written, ...this.helpArticles];
      return structuredClone(written);
    }
  };
}

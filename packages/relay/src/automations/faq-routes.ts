import {
  type DeepReadonly,
  FaqCreate,
  FaqEntry,
  FaqList,
  FaqMatch,
  FaqMatchBody,
  FaqPatch,
} from '@parley/protocol/admin';
import { randomId } from '../auth/tokens.js';
import { FaqIndex } from './faq-matcher.js';
import type { FaqEntryRecord } from './faq-store.js';
import { ApiError } from '../http/admin-http.js';
import { adminRoute, audit, type AdminRoute, type Call } from '../features/admin-routes/admin-route.js';
import { ok } from '../http/openapi/openapi-parts.js';

/** Most FAQ entries a site keeps: a match reads only its words' postings, but the index lives in every relay. */
export const MAX_FAQ_ENTRIES = 1000;

/** An entry as the API shows it (the site is the caller's). */
function entryJson(entry: FaqEntryRecord): DeepReadonly<FaqEntry> {
  const { siteId: _site, ...rest } = entry;
  return rest;
}

/**
 * Indexes for `POST /v1/admin/faq/match`, per site, kept while the site's entries stay the same (the relay's own
 * index lives in the automations feature; this one serves the inbox's "try a question" without reaching into it).
 */
const tryIndexes = new Map<string, { readonly key: string; readonly index: FaqIndex }>();

function changed(call: Call): void {
  tryIndexes.delete(call.site.id);
  // The change's time, as stored in its `updated_at`: the index rebuilt now is as of it (see FaqAnswers.refresh).
  call.core.siteSettingsChanged(call.site.id, 'faq', { changedAt: call.now });
}

const tag = 'automations';

/**
 * Routes of the site's FAQ entries (issue #17): list, add, change, delete, and a question tried against them; each
 * takes the feature's permission (`settings.manage`).
 */
export const faqRoutes: readonly AdminRoute[] = [
  adminRoute({
    method: 'GET',
    path: '/v1/admin/faq',
    doc: {
      summary: 'FAQ entries',
      description: 'Oldest first, with their counts; `max` is the most a site keeps (1,000).',
      tag,
      responses: ok('The entries.', FaqList),
    },
    run: async (call) => ({
      status: 200,
      body: { items: (await call.admin.repos.faq.listFaqEntries(call.site.id)).map(entryJson), max: MAX_FAQ_ENTRIES },
    }),
  }),
  adminRoute({
    method: 'POST',
    path: '/v1/admin/faq',
    requestBody: FaqCreate,
    doc: {
      summary: 'Add an FAQ entry',
      description:
        'Answered from at once on this relay, within about 10 s on the others (when FAQ answers are on in the automations). Recorded in the audit log (`faq.create`).',
      tag,
      conflict: true,
      responses: ok('Added.', FaqEntry, '201'),
    },
    run: async (call) => {
      const body = call.body;
      const input = { ...body, phrasings: body.phrasings ?? [], keywords: body.keywords ?? [] };
      const created = await call.admin.repos.faq.createFaqEntry(
        call.site.id,
        randomId('faq'),
        input,
        call.now,
        MAX_FAQ_ENTRIES,
      );
      if (!created) throw new ApiError('conflict', `A site keeps at most ${MAX_FAQ_ENTRIES} FAQ entries.`);
      await audit(call, 'faq.create', 'faq_entry', created.id, { language: created.language });
      changed(call);
      return { status: 201, body: entryJson(created) };
    },
  }),
  adminRoute({
    method: 'POST',
    path: '/v1/admin/faq/match',
    requestBody: FaqMatchBody,
    doc: {
      summary: 'Try a question',
      description:
        'What the bot would make of a visitor’s message: the entry it answers with, or the entries it suggests (up to three). Stores nothing.',
      tag,
      responses: ok('The match.', FaqMatch),
    },
    run: async (call) => {
      const body = call.body;
      // The entries are read and indexed only when they changed (here or on another relay): a full FAQ is megabytes.
      const key = await call.admin.repos.faq.faqVersion(call.site.id);
      let cached = tryIndexes.get(call.site.id);
      if (cached?.key !== key) {
        cached = { key, index: await FaqIndex.build(await call.admin.repos.faq.listFaqEntries(call.site.id)) };
        tryIndexes.set(call.site.id, cached);
      }
      const match = cached.index.match(body.text, body.language);
      return {
        status: 200,
        body: {
          answer: match.answer ? { id: match.answer.entry.id, score: match.answer.score } : null,
          suggestions: match.suggestions.map((entry) => entry.id),
        } satisfies FaqMatch,
      };
    },
  }),
  adminRoute({
    method: 'PATCH',
    path: '/v1/admin/faq/{id}',
    resource: 'FAQ entry',
    requestBody: FaqPatch,
    doc: {
      summary: 'Change an FAQ entry',
      description: 'Any of its fields; its counts stay. Audited (`faq.update`).',
      tag,
      responses: ok('Changed.', FaqEntry),
    },
    run: async (call) => {
      const body = call.body;
      const updated = await call.admin.repos.faq.updateFaqEntry(call.site.id, call.params.id!, body, call.now);
      if (!updated) throw new ApiError('not_found', 'No such FAQ entry on this site.');
      await audit(call, 'faq.update', 'faq_entry', updated.id, { fields: Object.keys(body) });
      changed(call);
      return { status: 200, body: entryJson(updated) };
    },
  }),
  adminRoute({
    method: 'DELETE',
    path: '/v1/admin/faq/{id}',
    resource: 'FAQ entry',
    doc: {
      summary: 'Delete an FAQ entry',
      description: 'No longer answered or suggested. Audited (`faq.delete`).',
      tag,
      responses: { '204': { description: 'Deleted.' } },
    },
    run: async (call) => {
      await call.request.body;
      if (!(await call.admin.repos.faq.deleteFaqEntry(call.site.id, call.params.id!, call.now)))
        throw new ApiError('not_found', 'No such FAQ entry on this site.');
      await audit(call, 'faq.delete', 'faq_entry', call.params.id!);
      changed(call);
      return { status: 204 };
    },
  }),
];

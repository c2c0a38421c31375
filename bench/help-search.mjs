#!/usr/bin/env node
// The help center's search (issue #42): its quality on the test set (50 articles, 110 questions in English and
// German; packages/relay/test/support/help-corpus.ts) as hits at 1 and 3, the time a search takes over a site of
// `--articles` articles (the set plus generated ones), and how long the Markdown renderer takes on crafted bodies.
// Runs a relay from the sources on SQLite, or on PostgreSQL with --postgres <url> (a database it may write to).
//
//   node --conditions=source --import tsx bench/help-search.mjs [--articles 10000] [--searches 1000] [--postgres URL]
import { performance } from 'node:perf_hooks';
import { commandLine } from '../scripts/command-line.mjs';
import { siteKey, startDesk } from '../packages/relay/test/support/desk.ts';
import { loadCorpus, measureSearch } from '../packages/relay/test/support/help-quality.ts';
import { CORPUS_ARTICLES, CORPUS_QUESTIONS } from '../packages/relay/test/support/help-corpus.ts';
import { renderMarkdown } from '../packages/relay/src/help-center/markdown.ts';

const USAGE = `Usage: node --conditions=source --import tsx bench/help-search.mjs [--articles 10000] [--searches 1000] [--postgres URL]

The help center's search: hits at 1 and 3 on the test set, search time over a site of --articles articles, and the
Markdown renderer's time on crafted bodies.`;

const { values } = commandLine({
  name: 'help-search',
  usage: USAGE,
  options: {
    articles: { type: 'string', default: '10000' },
    searches: { type: 'string', default: '1000' },
    postgres: { type: 'string' },
  },
});
const total = Number(values.articles);
const searchCount = Number(values.searches);

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const ms = (value) => `${value.toFixed(2)} ms`;

// 1. The renderer on crafted bodies at the size limit (64 KiB): what the thread's time limit guards against.
const crafted = {
  'unclosed emphasis (*a × 32k)': '*a'.repeat(32_000),
  'unclosed links ([[ × 32k)': '[['.repeat(32_000),
  'nested quotes (> × 32k)': '> '.repeat(32_000),
  'unclosed images (![a × 21k)': '![a'.repeat(21_000),
  'a long ordinary article (64 KiB)': 'Open **Settings**, then [the page](https://example.com). '
    .repeat(1100)
    .slice(0, 65_536),
};
console.log('Markdown rendering (on the rendering thread; bodies over 2 s are refused):');
for (const [name, body] of Object.entries(crafted)) {
  const start = performance.now();
  renderMarkdown(body);
  console.log(`  ${name}: ${ms(performance.now() - start)}`);
}

const desk = await startDesk({
  ipRateLimitPerSecond: 0,
  ...(values.postgres ? { store: 'postgres', databaseUrl: values.postgres } : {}),
});
try {
  const help = desk.use('help-center');
  const site = await desk.store.getSiteByKey(siteKey);

  // 2. Quality on the test set.
  await loadCorpus(help, site.id, 'st_bench');
  const quality = await measureSearch(help, site.id);
  console.log(`\nSearch quality (${values.postgres ? 'PostgreSQL' : 'SQLite'}), ${CORPUS_QUESTIONS.length} questions:`);
  for (const locale of ['en', 'de']) {
    const { questions, at1, at3 } = quality[locale];
    const pct = (n) => `${((100 * n) / questions).toFixed(1)}%`;
    console.log(`  ${locale}: hits@1 ${at1}/${questions} (${pct(at1)}), hits@3 ${at3}/${questions} (${pct(at3)})`);
  }
  for (const miss of quality.misses)
    console.log(`  missed: "${miss.query}" → ${miss.got.join(', ') || 'nothing'} (wanted ${miss.expected})`);

  // 3. Search time over `total` articles: the set, and generated English articles made of its words.
  const words = [
    ...new Set(
      CORPUS_ARTICLES.filter((a) => a.locale === 'en').flatMap((a) =>
        `${a.title} ${a.body}`.toLowerCase().match(/[a-z]{3,}/g),
      ),
    ),
  ];
  let seed = 42;
  const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
  const pick = (n) => Array.from({ length: n }, () => words[Math.floor(random() * words.length)]).join(' ');
  const writeStart = performance.now();
  for (let i = CORPUS_ARTICLES.length; i < total; i++) {
    const body = `${pick(60)}.\n\n${pick(60)}.`;
    const made = await help.render(body);
    if (typeof made === 'string') throw new Error(`a generated article did not render: ${made}`);
    const at = 1_700_000_000_000 + i;
    await help.repository.putArticle(
      {
        id: `hart_gen_${i}`,
        siteId: site.id,
        collectionId: null,
        locale: 'en',
        slug: `generated-${i}`,
        title: pick(5),
        summary: null,
        body,
        html: made.html,
        status: 'published',
        authorId: 'st_bench',
        updatedBy: 'st_bench',
        createdAt: at,
        updatedAt: at,
        publishedAt: at,
      },
      true,
      made.text,
    );
  }
  help.changed(site.id, ['en']);
  console.log(
    `\n${total} articles written in ${((performance.now() - writeStart) / 1000) | 0} s (each rendered and indexed)`,
  );
  const questions = CORPUS_QUESTIONS.filter((q) => q.locale === 'en');
  await help.search(site.id, { query: 'warm up', locale: 'en' });
  const times = [];
  for (let i = 0; i < searchCount; i++) {
    const question = questions[i % questions.length];
    const start = performance.now();
    await help.search(site.id, { query: question.query, locale: 'en', prefix: true, limit: 10 });
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  console.log(
    `Search over ${total} articles, ${searchCount} searches: p50 ${ms(percentile(times, 50))}, p95 ${ms(percentile(times, 95))}, max ${ms(times.at(-1))}`,
  );
} finally {
  await desk.use('help-center')?.close();
  await desk.close();
}

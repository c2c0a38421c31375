import type { Migration } from '../store/migration.js';

/** The help center's migrations (docs/help-center.md). Never edit one that has shipped: add another. */
export const HELP_CENTER_MIGRATIONS: readonly Migration[] = [
  {
    name: 'help-center.collections',
    ddl: ({ TEXT, INT, BIGINT, WITHOUT_ROWID }) => `
  CREATE TABLE help_collections (
    id          ${TEXT} PRIMARY KEY,
    site_id     ${TEXT} NOT NULL,
    name        ${TEXT} NOT NULL,
    slug        ${TEXT} NOT NULL,
    description ${TEXT},
    position    ${INT} NOT NULL,
    created_at  ${BIGINT} NOT NULL,
    updated_at  ${BIGINT} NOT NULL
  ) ${WITHOUT_ROWID};
  CREATE UNIQUE INDEX help_collections_slug ON help_collections (site_id, slug);
  `,
  },
  // Articles, and their search index. `html`: the body rendered when it was written (the portal never renders). `words`: the distinct folded words of the title and text, the vocabulary
  // typos are corrected against. SQLite: an FTS5 table of the published articles' stemmed title and text, keyed by
  // the article's `seq` (an INTEGER PRIMARY KEY, which VACUUM keeps), with a `scope` token naming the site and
  // locale, so that a search reads only that site's postings. PostgreSQL: a tsvector of the article's configuration, written
  // with the row, and a GIN index.
  {
    name: 'help-center.articles',
    sqlite: `
  CREATE TABLE help_articles (
    seq           INTEGER PRIMARY KEY,
    id            TEXT NOT NULL UNIQUE,
    site_id       TEXT NOT NULL,
    collection_id TEXT,
    locale        TEXT NOT NULL,
    slug          TEXT NOT NULL,
    title         TEXT NOT NULL,
    summary       TEXT,
    body          TEXT NOT NULL,
    html          TEXT NOT NULL,
    status        TEXT NOT NULL,
    author_id     TEXT NOT NULL,
    updated_by    TEXT NOT NULL,
    words         TEXT NOT NULL,
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL,
    published_at  INTEGER
  ) STRICT;
  CREATE UNIQUE INDEX help_articles_slug ON help_articles (site_id, locale, slug);
  CREATE INDEX help_articles_list ON help_articles (site_id, status, locale, updated_at);
  CREATE VIRTUAL TABLE help_articles_fts USING fts5(scope, title, body, tokenize = 'unicode61 remove_diacritics 2');
  `,
    postgres: `
  CREATE TABLE help_articles (
    id            text PRIMARY KEY,
    site_id       text NOT NULL,
    collection_id text,
    locale        text NOT NULL,
    slug          text NOT NULL,
    title         text NOT NULL,
    summary       text,
    body          text NOT NULL,
    html          text NOT NULL,
    status        text NOT NULL,
    author_id     text NOT NULL,
    updated_by    text NOT NULL,
    words         text NOT NULL,
    search        tsvector NOT NULL,
    created_at    bigint NOT NULL,
    updated_at    bigint NOT NULL,
    published_at  bigint
  );
  CREATE UNIQUE INDEX help_articles_slug ON help_articles (site_id, locale, slug);
  CREATE INDEX help_articles_list ON help_articles (site_id, status, locale, updated_at);
  CREATE INDEX help_articles_search ON help_articles USING gin (search);
  `,
  },
  // How often each published article was read (the widget's panel and the portal's page): the Help tab lists the
  // most read first. Counted in memory and added here every few seconds (help-center.ts, `ReadCounts`).
  {
    name: 'help-center.article-reads',
    ddl: ({ TEXT, BIGINT, WITHOUT_ROWID }) => `
  CREATE TABLE help_article_reads (
    article_id ${TEXT} PRIMARY KEY,
    site_id    ${TEXT} NOT NULL,
    reads      ${BIGINT} NOT NULL
  ) ${WITHOUT_ROWID};
  `,
  },
  // "Did this help?" votes per article and UTC day (help-feedback.ts): the inbox's list sums them, reports take
  // the days of their range.
  {
    name: 'help-center.article-feedback',
    ddl: ({ TEXT, BIGINT, WITHOUT_ROWID }) => `
  CREATE TABLE help_article_feedback (
    article_id  ${TEXT} NOT NULL,
    day         ${BIGINT} NOT NULL,
    site_id     ${TEXT} NOT NULL,
    helpful     ${BIGINT} NOT NULL,
    not_helpful ${BIGINT} NOT NULL,
    PRIMARY KEY (article_id, day)
  ) ${WITHOUT_ROWID};
  CREATE INDEX help_article_feedback_site ON help_article_feedback (site_id, day);
  `,
  },
  // A site's custom portal domain (help-domains.ts): the portal is served at `/` of that Host. Unique across sites.
  {
    name: 'help-center.domains',
    ddl: ({ TEXT, BIGINT, WITHOUT_ROWID }) => `
  CREATE TABLE help_domains (
    site_id    ${TEXT} PRIMARY KEY,
    host       ${TEXT} NOT NULL,
    created_at ${BIGINT} NOT NULL
  ) ${WITHOUT_ROWID};
  CREATE UNIQUE INDEX help_domains_host ON help_domains (host);
  `,
  },
];

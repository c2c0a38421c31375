import type { Migration } from '../store/migration.js';

/** A table of values, for contacts or for conversations: the same columns, keyed by what they describe. */
const valuesTable = (dialect: 'sqlite' | 'postgres', table: string, subject: string): string => {
  const [text, bigint, real, strict] =
    dialect === 'sqlite'
      ? ['TEXT', 'INTEGER', 'REAL', 'STRICT, WITHOUT ROWID']
      : ['text', 'bigint', 'double precision', ''];
  // Keyed by what they describe (the visitor panel's read, erasure); the list filter and reports read by
  // definition and value: one index for equality and text, one for the order of numbers and dates.
  return `
  CREATE TABLE ${table} (
    site_id       ${text} NOT NULL,
    ${subject}    ${text} NOT NULL,
    definition_id ${text} NOT NULL,
    value_text    ${text} NOT NULL,
    value_num     ${real},
    source        ${text} NOT NULL,
    updated_at    ${bigint} NOT NULL,
    updated_by    ${text},
    PRIMARY KEY (site_id, ${subject}, definition_id)
  ) ${strict};
  CREATE INDEX ${table}_by_text ON ${table} (definition_id, value_text);
  CREATE INDEX ${table}_by_num ON ${table} (definition_id, value_num);`;
};

const definitions = (dialect: 'sqlite' | 'postgres'): string => {
  const [text, int, bigint, strict] =
    dialect === 'sqlite' ? ['TEXT', 'INTEGER', 'INTEGER', 'STRICT'] : ['text', 'integer', 'bigint', ''];
  return `
  CREATE TABLE attribute_definitions (
    id          ${text} PRIMARY KEY,
    site_id     ${text} NOT NULL,
    scope       ${text} NOT NULL CHECK (scope IN ('contact', 'conversation')),
    key         ${text} NOT NULL,
    type        ${text} NOT NULL CHECK (type IN ('text', 'number', 'date', 'list', 'checkbox', 'link')),
    label       ${text} NOT NULL,
    description ${text},
    options     ${text} NOT NULL,
    position    ${int} NOT NULL,
    archived    ${int} NOT NULL DEFAULT 0,
    created_at  ${bigint} NOT NULL,
    updated_at  ${bigint} NOT NULL,
    UNIQUE (site_id, scope, key)
  ) ${strict};`;
};

/** Custom attributes' migrations (docs/attributes.md). Never edit one that has shipped: add another. */
export const ATTRIBUTES_MIGRATIONS: readonly Migration[] = [
  // A site's definitions: key, type and scope fixed once made; `options` is a JSON array (list attributes).
  { name: 'attributes.definitions', sqlite: definitions('sqlite'), postgres: definitions('postgres') },
  // Values: the canonical text (what equality and reports compare), the number numbers and dates sort by, who
  // set it (`staff`, `signed`, `visitor`: an unsigned claim).
  {
    name: 'attributes.values',
    sqlite:
      valuesTable('sqlite', 'contact_attributes', 'contact_id') +
      valuesTable('sqlite', 'conversation_attributes', 'conversation_id'),
    postgres:
      valuesTable('postgres', 'contact_attributes', 'contact_id') +
      valuesTable('postgres', 'conversation_attributes', 'conversation_id'),
  },
];

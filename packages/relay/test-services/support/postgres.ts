/**
 * PostgreSQL for the service suites: every test file makes its own schemas in the test database
 * (`PARLEY_TEST_DATABASE_URL`, by default `postgres://postgres@127.0.0.1:5432/test`), named after the file's run,
 * and drops them at the end, so no run sees another's rows.
 */
import { randomBytes } from 'node:crypto';
import { Pool } from 'pg';

/** The database the service suites use. */
export const testDatabaseUrl = process.env.PARLEY_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** One schema of {@link TestSchemas}. */
export interface TestSchema {
  readonly name: string;
  /** {@link TestSchema.url} without a proxy. */
  readonly connectionString: string;
  /** A connection string whose search path is the schema, optionally through a proxy on 127.0.0.1:`port`. */
  url(port?: number): string;
  /** Runs `sql` on the suite's own connection; `$schema` stands for the quoted schema name. */
  query<T extends Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
}

/**
 * Schemas of one test file, each created on first use and all dropped by {@link TestSchemas.dropAll}.
 *
 * @example
 * ```ts
 * const schemas = new TestSchemas('parley_test');
 * after(() => schemas.dropAll());
 * const { connectionString } = await schemas.create();
 * const rows = await (await schemas.create('a')).query('SELECT id FROM $schema.sites');
 * ```
 */
export class TestSchemas {
  private readonly admin: Pool;
  private readonly run: string;
  private readonly made = new Map<string, TestSchema>();

  constructor(
    prefix: string,
    private readonly baseUrl = testDatabaseUrl,
  ) {
    this.admin = new Pool({ connectionString: baseUrl, max: 2 });
    this.run = `${prefix}_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  }

  /** The schema for `key` (a fresh random one without it), created on first use. */
  async create(key: string = randomBytes(6).toString('hex')): Promise<TestSchema> {
    const name = `${this.run}_${key.replace(/[^a-z0-9_]/gi, '_').toLowerCase()}`;
    let schema = this.made.get(name);
    if (!schema) {
      await this.admin.query(`CREATE SCHEMA "${name}"`);
      schema = this.schema(name);
      this.made.set(name, schema);
    }
    return schema;
  }

  /** Drops every schema made here and closes the suite's connections. */
  async dropAll(): Promise<void> {
    for (const name of this.made.keys()) await this.admin.query(`DROP SCHEMA IF EXISTS "${name}" CASCADE`);
    this.made.clear();
    await this.admin.end();
  }

  private schema(name: string): TestSchema {
    const baseUrl = this.baseUrl;
    const admin = this.admin;
    const schema: Omit<TestSchema, 'connectionString'> = {
      name,
      url(port?: number): string {
        const url = new URL(baseUrl);
        if (port !== undefined) {
          url.hostname = '127.0.0.1';
          url.port = String(port);
        }
        url.searchParams.set('options', `-c search_path=${name}`);
        return url.toString();
      },
      query<T extends Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
        return admin.query(sql.replaceAll('$schema', `"${name}"`), params).then((result) => result.rows as T[]);
      },
    };
    return { ...schema, connectionString: schema.url() };
  }
}

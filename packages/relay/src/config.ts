import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import * as z from 'zod/mini';
import { ORIGIN_RULE } from '@parley/protocol/admin';
import { coreConfig } from './features/core-config.js';
import { ConfigError, type ConfigSection, type EnvKind } from './features/config-section.js';
import { FEATURES } from './features/features.js';
import { IN_ENGLISH } from './english-issues.js';
import { unknownKeys, unknownVariables } from './unknown-settings.js';

/**
 * Every configuration section: the relay's own, then each feature's (in the order of the feature list), each
 * declared once where its keys are used. Two features may share one section (email and replies by email).
 */
const SECTIONS: readonly ConfigSection[] = [
  coreConfig,
  ...new Set(FEATURES.flatMap((feature): ConfigSection[] => (feature.config ? [feature.config] : []))),
];

type FeatureKeys = (typeof FEATURES)[number] extends infer F
  ? F extends { readonly config?: ConfigSection<infer Keys> | undefined }
    ? Keys
    : never
  : never;
type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;
type AllKeys = typeof coreConfig.keys & UnionToIntersection<FeatureKeys>;

/** The relay's configuration schema. Every field has a default, so an empty configuration starts a relay. */
export const RelayConfigSchema = z.object(
  Object.fromEntries(
    SECTIONS.flatMap((section) => Object.entries(section.keys)).map(([key, { schema }]) => [key, schema]),
  ),
) as unknown as z.ZodMiniObject<{ [K in keyof AllKeys]: AllKeys[K]['schema'] }>;

/** The parsed, complete configuration. */
export type RelayConfig = z.infer<typeof RelayConfigSchema>;
/** What a caller may pass: any subset of the configuration. */
export type RelayOptions = z.input<typeof RelayConfigSchema>;

/** Environment variables and the configuration key each sets. */
export const ENV_KEYS = Object.fromEntries(
  SECTIONS.flatMap((section) => Object.entries(section.keys)).map(([key, { env, kind }]) => [env, [key, kind]]),
) as Readonly<Record<string, readonly [keyof RelayConfig, EnvKind]>>;

export { ConfigError };

function fromEnv(env: NodeJS.ProcessEnv): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, [key, kind]] of Object.entries(ENV_KEYS)) {
    const raw = env[name];
    if (raw === undefined || raw === '') continue;
    if (kind === 'int') {
      if (!/^-?\d+$/.test(raw.trim())) throw new ConfigError(`${name} must be a whole number, got "${raw}".`);
      out[key] = Number(raw);
    } else if (kind === 'bool') {
      if (!/^(true|false|1|0)$/i.test(raw.trim()))
        throw new ConfigError(`${name} must be true or false, got "${raw}".`);
      out[key] = /^(true|1)$/i.test(raw.trim());
    } else if (kind === 'list') {
      out[key] = raw
        .split(',')
        .map((item) => item.trim())
        .filter(Boolean);
    } else {
      out[key] = raw;
    }
  }
  return out;
}

/**
 * What was wrong, in words: a choice names its allowed values, and it and an origin quote what was given (neither
 * is ever a secret); any other value is not quoted, as it may be one.
 */
function issueText(issue: z.core.$ZodIssue | undefined, merged: Record<string, unknown>): string {
  if (!issue) return 'invalid value';
  const given = issue.path.reduce<unknown>(
    (value, step) => (value as Record<PropertyKey, unknown> | undefined)?.[step as PropertyKey],
    merged,
  );
  if (issue.code === 'invalid_value')
    return `must be one of ${issue.values.map(String).join(', ')}, got "${String(given)}"`;
  if (issue.message === ORIGIN_RULE) return `${ORIGIN_RULE}, got "${String(given)}"`;
  // A number out of its range, a text too short or too long or not of its form: the rule, not the value.
  if ((issue.code === 'too_small' || issue.code === 'too_big') && ['number', 'string'].includes(issue.origin)) {
    const unit = issue.origin === 'string' ? ' characters' : '';
    return issue.code === 'too_small'
      ? `must be ${issue.inclusive ? 'at least' : 'more than'} ${String(issue.minimum)}${unit}`
      : `must be ${issue.inclusive ? 'at most' : 'less than'} ${String(issue.maximum)}${unit}`;
  }
  if (issue.code === 'invalid_format' && issue.format === 'regex') return `must match ${issue.pattern}`;
  return issue.message;
}

function envNameFor(key: string): string {
  const found = Object.entries(ENV_KEYS).find(([, [k]]) => k === key);
  return found ? `${found[0]} (${key})` : key;
}

/**
 * Parses the configuration once into exact types. Precedence: `overrides` > environment > the JSON file named
 * by `PARLEY_CONFIG` > defaults. Throws a {@link ConfigError} naming the first wrong value, or every `PARLEY_*`
 * variable and file key that is not a setting (unknownVariables: some `PARLEY_*` names belong to other programs).
 */
export function loadConfig(overrides: RelayOptions = {}, env: NodeJS.ProcessEnv = process.env): RelayConfig {
  const unknownEnv = unknownVariables(env, Object.keys(ENV_KEYS));
  if (unknownEnv) throw new ConfigError(unknownEnv);
  let file: Record<string, unknown> = {};
  if (env.PARLEY_CONFIG) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(env.PARLEY_CONFIG, 'utf8'));
    } catch (error) {
      throw new ConfigError(`PARLEY_CONFIG: cannot read ${env.PARLEY_CONFIG}: ${(error as Error).message}`);
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
      throw new ConfigError(`PARLEY_CONFIG (${env.PARLEY_CONFIG}): must hold one JSON object of settings.`);
    file = parsed as Record<string, unknown>;
    const unknownFileKeys = unknownKeys(file, Object.keys(RelayConfigSchema.def.shape));
    if (unknownFileKeys) throw new ConfigError(`PARLEY_CONFIG (${env.PARLEY_CONFIG}): ${unknownFileKeys}.`);
  }
  const merged = { ...file, ...fromEnv(env), ...overrides };
  const parsed = z.safeParse(RelayConfigSchema, merged, IN_ENGLISH);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const key = issue?.path.length ? String(issue.path[0]) : 'config';
    throw new ConfigError(`Invalid configuration: ${envNameFor(key)}: ${issueText(issue, merged)}.`);
  }
  const config = parsed.data;
  for (const section of SECTIONS) section.check?.(config);
  // The public URL as an origin (no trailing slash, the host in lower case): addresses are built on it as it is.
  const publicUrl = config.publicUrl === undefined ? {} : { publicUrl: new URL(config.publicUrl.trim()).origin };
  return { ...config, ...publicUrl, dataDir: resolve(config.dataDir) };
}

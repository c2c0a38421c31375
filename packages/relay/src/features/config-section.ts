import * as z from 'zod/mini';

/** How an environment variable's text becomes a value: a whole number, a boolean, a comma-separated list, or as is. */
export type EnvKind = 'int' | 'string' | 'bool' | 'list';

/** One configuration key: its environment variable, how that is read, and the schema of its value (with default). */
export interface ConfigKey<Schema extends z.ZodMiniType = z.ZodMiniType> {
  readonly env: `PARLEY_${string}`;
  readonly kind: EnvKind;
  readonly schema: Schema;
}

/** The keys of a section, by configuration name (`smtpUrl`: `{ env: 'PARLEY_SMTP_URL', … }`). */
export type ConfigKeys = Readonly<Record<string, ConfigKey>>;

/** The parsed values of a section's keys. */
export type SectionValues<Keys extends ConfigKeys> = [keyof Keys] extends [never]
  ? unknown
  : z.output<SectionSchema<Keys>>;
/** The schema of a section's values, as one object. */
export type SectionSchema<Keys extends ConfigKeys> = z.ZodMiniObject<{
  -readonly [K in keyof Keys]: Keys[K]['schema'];
}>;

/**
 * A feature's part of the relay's configuration: each key declared once, with its environment variable, and the
 * checks across keys (`PARLEY_SMTP_URL needs PARLEY_EMAIL_FROM`) that a schema of one value cannot make.
 */
export interface ConfigSection<Keys extends ConfigKeys = ConfigKeys> {
  readonly keys: Keys;
  /** Throws a `ConfigError` naming what is wrong, after every key parsed. */
  check?(values: SectionValues<Keys>): void;
}

/** Declares a section (the identity, for its types). */
export function configSection<const Keys extends ConfigKeys>(
  keys: Keys,
  check?: (values: SectionValues<Keys>) => void,
): ConfigSection<Keys> {
  return check ? { keys, check } : { keys };
}

/** A configuration value was wrong; the message names it. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Schemas several sections use. */
export const port = z.int().check(z.gte(0), z.lte(65535));
export const count = z.int().check(z.gte(0));
export const positive = z.int().check(z.gte(1));

/** The keys of a feature without configuration of its own. */
export type NoKeys = Readonly<Record<never, ConfigKey>>;

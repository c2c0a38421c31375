import * as z from 'zod/mini';
import { doc } from './document.js';

/**
 * Message safety (issue #39, docs/safety.md): what a site does with sensitive data found in messages, its content
 * filter, its link rules and its spam limits (inbox Settings → Safety, `GET`/`PUT /v1/admin/safety`).
 */

/**
 * The kinds of sensitive data a site sets an action for: `secret` covers every key and token shape the detector
 * knows (AWS, GitHub, Slack, Stripe, Google keys, private keys, JWTs).
 */
export const SAFETY_KINDS = ['card', 'iban', 'ssn', 'secret'] as const;
export type SafetyKind = (typeof SAFETY_KINDS)[number];

/**
 * `redact`: replaced before it is stored (the original is kept nowhere); `mask`: replaced the same way, the
 * original sealed for staff to reveal (audited); `allow`: stored as written.
 */
export const SENSITIVE_ACTIONS = ['redact', 'mask', 'allow'] as const;
export type SensitiveAction = (typeof SENSITIVE_ACTIONS)[number];

/** What the content filter does with a visitor's message that matches a word or a pattern. */
export const FILTER_ACTIONS = ['flag', 'hide', 'refuse'] as const;
export type FilterAction = (typeof FILTER_ACTIONS)[number];

/** What happens to a visitor's message with a link, by the link's domain. */
export const LINK_ACTIONS = ['allow', 'flag', 'refuse'] as const;
export type LinkAction = (typeof LINK_ACTIONS)[number];

/** The locales with a built-in list of profanity (docs/safety.md says where each comes from). */
export const PROFANITY_LOCALES = ['en', 'es', 'fr', 'de'] as const;

const action = <const Values extends readonly [string, ...string[]]>(values: Values, description: string) =>
  z.enum(values, { error: `one of ${values.join(', ')}` }).check(doc({ description }));

const word = z
  .string()
  .check(z.trim(), z.minLength(1, { error: 'an empty word' }), z.maxLength(100, { error: 'at most 100 characters' }));

/** A domain name, lower-cased: `example.com` also covers its subdomains. */
const domain = z.string().check(
  z.trim(),
  z.toLowerCase(),
  z.regex(/^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,62}$/, {
    error: 'a domain name such as example.com (no scheme, path or port)',
  }),
);

const domains = (description: string) =>
  z.array(domain).check(z.maxLength(500, { error: 'at most 500 domains' }), doc({ description }));

export const SensitiveSettings = z
  .strictObject({
    card: action(SENSITIVE_ACTIONS, 'Payment card numbers (Luhn-checked). Default `redact`.'),
    iban: action(SENSITIVE_ACTIONS, 'IBANs (mod-97 checked). Default `mask`.'),
    ssn: action(SENSITIVE_ACTIONS, 'US social security numbers. Default `mask`.'),
    secret: action(
      SENSITIVE_ACTIONS,
      'API keys, tokens and private keys by their well-known shapes. Default `redact`.',
    ),
  })
  .check(
    doc({
      description:
        'What happens to each kind of sensitive data, in visitor and staff messages, email replies and file names.',
    }),
  );
export type SensitiveSettings = z.output<typeof SensitiveSettings>;

export const ContentFilterSettings = z
  .strictObject({
    words: z
      .array(word)
      .check(
        z.maxLength(1000, { error: 'at most 1000 words' }),
        doc({ description: 'Words and phrases, matched whole and without regard to case or accents.' }),
      ),
    patterns: z.array(z.string().check(z.minLength(1), z.maxLength(200, { error: 'at most 200 characters' }))).check(
      z.maxLength(50, { error: 'at most 50 patterns' }),
      doc({
        description:
          'Regular expressions in RE2 syntax (matched in linear time: no look-around or back-references), without regard to case.',
      }),
    ),
    profanity: z
      .array(z.enum(PROFANITY_LOCALES, { error: `one of ${PROFANITY_LOCALES.join(', ')}` }))
      .check(doc({ description: 'The built-in profanity lists to add to the words.' })),
    action: action(FILTER_ACTIONS, '`flag` for review, `hide` the message from everyone but staff, or `refuse` it.'),
    message: z
      .nullable(z.string().check(z.trim(), z.maxLength(300, { error: 'at most 300 characters' })))
      .check(doc({ description: 'What a refused visitor reads; null: a plain default.' })),
  })
  .check(doc({ description: 'The content filter, on visitors’ messages.' }));
export type ContentFilterSettings = z.output<typeof ContentFilterSettings>;

export const LinkSettings = z
  .strictObject({
    allow: domains('Links to these domains (and their subdomains) are always allowed.'),
    flag: domains('Links to these domains flag the conversation for review.'),
    refuse: domains('Links to these domains are refused.'),
    otherwise: action(LINK_ACTIONS, 'What happens to a link to any other domain. Default `allow`.'),
  })
  .check(doc({ description: 'Links in visitors’ messages, by domain (the most specific list wins).' }));
export type LinkSettings = z.output<typeof LinkSettings>;

export const SpamSettings = z
  .strictObject({
    repeatLimit: z.int().check(
      z.gte(2, { error: 'at least 2' }),
      z.lte(100, { error: 'at most 100' }),
      doc({
        description:
          'A visitor text (or link) sent in this many conversations within an hour is throttled and flagged as spam. Default 3.',
      }),
    ),
    networkLimit: z.int().check(
      z.gte(1, { error: 'at least 1' }),
      z.lte(10000, { error: 'at most 10000' }),
      doc({
        description:
          'New conversations per hour from one network (IPv4 /24, IPv6 /48) before the next are throttled and flagged. Default 30.',
      }),
    ),
    blockHours: z.int().check(
      z.gte(1, { error: 'at least 1' }),
      z.lte(8760, { error: 'at most 8760 (a year)' }),
      doc({
        description:
          'How long marking a conversation as spam blocks its visitor and their address. Default 168 (a week).',
      }),
    ),
  })
  .check(doc({ description: 'Spam limits and blocks.' }));
export type SpamSettings = z.output<typeof SpamSettings>;

/** `GET`/`PUT /v1/admin/safety`: every section, whole. */
export const SafetySettings = z
  .strictObject({
    sensitive: SensitiveSettings,
    filter: ContentFilterSettings,
    links: LinkSettings,
    spam: SpamSettings,
  })
  .check(
    doc({
      example: {
        sensitive: { card: 'redact', iban: 'mask', ssn: 'mask', secret: 'redact' },
        filter: { words: ['scam'], patterns: ['free\\s+bitcoin'], profanity: ['en'], action: 'flag', message: null },
        links: { allow: ['example.com'], flag: [], refuse: ['bit.ly'], otherwise: 'allow' },
        spam: { repeatLimit: 3, networkLimit: 30, blockHours: 168 },
      },
    }),
  );
export type SafetySettings = z.output<typeof SafetySettings>;

/** What a site that never saved its safety settings has (docs/safety.md, "Defaults"). */
export const DEFAULT_SAFETY: SafetySettings = {
  sensitive: { card: 'redact', iban: 'mask', ssn: 'mask', secret: 'redact' },
  filter: { words: [], patterns: [], profanity: [], action: 'flag', message: null },
  links: { allow: [], flag: [], refuse: [], otherwise: 'allow' },
  spam: { repeatLimit: 3, networkLimit: 30, blockHours: 168 },
};

/** `POST /v1/admin/conversations/{id}/messages/{seq}/reveal`: the originals of a masked message's hidden parts. */
export const RevealedMessage = z.object({
  seq: z.int(),
  /** The message's text with every sealed part put back. */
  text: z.string(),
});
export type RevealedMessage = z.output<typeof RevealedMessage>;

/** Why a conversation is marked for review (content filter, links, spam) or as spam. */
export const SafetyFlag = z.object({
  reason: z.enum(['word', 'pattern', 'link', 'repeat', 'network', 'spam']),
  /** What matched (the word, the pattern, the domain), or who marked it; empty when nothing more is known. */
  detail: z.string(),
  /** The message that raised it, when one did. */
  seq: z.nullable(z.int()),
  at: z.number(),
});
export type SafetyFlag = z.output<typeof SafetyFlag>;

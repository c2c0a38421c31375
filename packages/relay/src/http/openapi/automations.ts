import { type Json, body, ok, operation } from './openapi-parts.js';

const texts = (what: string): Json => ({
  type: 'object',
  description: `${what}, per language (\`en\`, \`fr\`…); a language left out takes the built-in text in it, or else English.`,
  propertyNames: { pattern: '^[a-z]{2,3}$' },
  additionalProperties: { type: 'string', minLength: 1, maxLength: 4000 },
});

const settings: Json = {
  type: 'object',
  additionalProperties: false,
  required: ['botName', 'hours', 'welcome', 'away', 'csat'],
  properties: {
    botName: {
      type: 'string',
      minLength: 1,
      maxLength: 64,
      description: "The bot's name: the author of its messages.",
    },
    hours: {
      type: ['object', 'null'],
      description: 'Business hours; null: none (always open, no away reply).',
      additionalProperties: false,
      required: ['timezone', 'weekly', 'holidays'],
      properties: {
        timezone: { type: 'string', description: 'An IANA time zone, e.g. `Europe/Paris`.' },
        weekly: {
          type: 'array',
          maxItems: 28,
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['day', 'open', 'close'],
            properties: {
              day: { type: 'integer', minimum: 0, maximum: 6, description: '0 Sunday … 6 Saturday.' },
              open: { type: 'string', pattern: '^\\d{2}:\\d{2}$', description: 'Local time, `HH:MM`.' },
              close: {
                type: 'string',
                pattern: '^\\d{2}:\\d{2}$',
                description: 'Local time, after `open`; up to `24:00`.',
              },
            },
          },
        },
        holidays: {
          type: 'array',
          maxItems: 366,
          items: { type: 'string', format: 'date' },
          description: 'Local dates closed all day.',
        },
      },
    },
    welcome: {
      type: 'object',
      additionalProperties: false,
      required: ['enabled', 'texts'],
      properties: { enabled: { type: 'boolean' }, texts: texts('The welcome message') },
    },
    away: {
      type: 'object',
      additionalProperties: false,
      required: ['enabled', 'texts', 'emailTexts'],
      properties: {
        enabled: { type: 'boolean' },
        texts: texts('The away reply (`{time}`: the next opening, in the visitor’s language and time zone)'),
        emailTexts: texts('The away reply when the visitor’s email is known'),
      },
    },
    csat: {
      type: 'object',
      additionalProperties: false,
      required: ['enabled', 'texts'],
      properties: { enabled: { type: 'boolean' }, texts: texts('The rating request') },
    },
    faq: {
      type: 'object',
      additionalProperties: false,
      required: ['enabled'],
      description:
        'FAQ answers: the bot answers a visitor’s message that matches an FAQ entry well (`/v1/admin/faq`), or suggests up to three, until staff reply or the visitor asks for a person. Absent: off.',
      properties: { enabled: { type: 'boolean' } },
    },
  },
};

const answer: Json = {
  type: 'object',
  required: ['settings', 'defaults', 'now', 'updatedAt'],
  properties: {
    settings,
    defaults: {
      type: 'object',
      description: 'The built-in texts per automation (`welcome`, `away`, `awayEmail`, `csat`) and language.',
    },
    now: {
      type: ['object', 'null'],
      description: 'Whether the site is open now, and `until` when that changes (ms); null without business hours.',
      required: ['open'],
      properties: { open: { type: 'boolean' }, until: { type: 'number' } },
    },
    updatedAt: { type: ['number', 'null'], description: 'When the settings were last saved; null: never.' },
  },
};

/** Automations (issue #17): business hours, welcome, away reply, ratings. (`admin-routes/automations.ts` serves them.) */
export const automationPaths: Record<string, Json> = {
  '/v1/admin/automations': {
    get: operation(
      "The site's automations",
      "Business hours (weekly spans in the site's time zone, and holidays), the welcome message sent by the bot after a visitor's first message, the away reply (once per conversation per away period, to a visitor who writes out of hours) and the rating request sent when a conversation is resolved. See docs/automations.md.",
      {
        tag: 'automations',
        responses: ok('The settings, the built-in texts, and whether the site is open now.', answer),
      },
    ),
    put: operation(
      "Replace the site's automations",
      'The whole document (read it first, change it, put it back). Takes effect at once on this relay and within about 10 s on the others; recorded in the audit log (`automations.update`).',
      {
        tag: 'automations',
        adminOnly: true,
        requestBody: body(settings),
        responses: ok('The settings now.', answer),
      },
    ),
  },
};

import * as z from 'zod/mini';
import { AutomationSettings } from '@parley/protocol/admin';
import type { BusinessHours } from './business-hours.js';
import { openingText } from './opening-text.js';

/*
 * A site's automation settings (issue #17, phase 1): the bot's name, business hours, and the welcome, away and
 * rating (CSAT) messages with their text per language. One JSON document per site, replaced as a whole by
 * `PUT /v1/admin/automations`; the defaults below apply to a site that never saved one (everything off). Its
 * schema is the admin API's contract (`AutomationSettings`, @parley/protocol/admin).
 */

export { AutomationSettings };

/** What a site that never saved settings has: every automation off. */
export const DEFAULT_SETTINGS: AutomationSettings = {
  botName: 'Parley',
  hours: null,
  welcome: { enabled: false, texts: {} },
  away: { enabled: false, texts: {}, emailTexts: {} },
  csat: { enabled: false, texts: {} },
};

/** The built-in texts, per automation and language: what a site's own text falls back to. */
export const DEFAULT_TEXTS = {
  welcome: {
    en: 'Hi! How can we help you today?',
    fr: 'Bonjour ! Comment pouvons-nous vous aider ?',
    es: '¡Hola! ¿En qué podemos ayudarte?',
    ar: 'مرحبًا! كيف يمكننا مساعدتك اليوم؟',
  },
  away: {
    en: "We're away right now. We'll be back {time}: leave your message and we'll answer then.",
    fr: 'Nous sommes absents pour le moment. Nous serons de retour {time} : laissez votre message, nous vous répondrons.',
    es: 'Ahora no estamos disponibles. Volvemos {time}: deja tu mensaje y te responderemos.',
    ar: 'نحن غير متاحين الآن. سنعود {time}: اترك رسالتك وسنرد عليك حينها.',
  },
  awayEmail: {
    en: "We're away right now. We'll be back {time} and will answer you by email.",
    fr: 'Nous sommes absents pour le moment. Nous serons de retour {time} et vous répondrons par e-mail.',
    es: 'Ahora no estamos disponibles. Volvemos {time} y te responderemos por correo electrónico.',
    ar: 'نحن غير متاحين الآن. سنعود {time} وسنرد عليك عبر البريد الإلكتروني.',
  },
  csat: {
    en: 'How would you rate this conversation?',
    fr: 'Comment évalueriez-vous cette conversation ?',
    es: '¿Cómo valorarías esta conversación?',
    ar: 'كيف تقيّم هذه المحادثة؟',
  } /** Under an FAQ answer, before its buttons. */,
  faqAsk: {
    en: 'Did this help?',
    fr: 'Cela vous a-t-il aidé ?',
    es: '¿Te ha ayudado?',
    ar: 'هل ساعدك هذا؟',
  },
  /** The button saying an answer helped (at most 40 characters). */
  faqYes: {
    en: 'Yes, thanks',
    fr: 'Oui, merci',
    es: 'Sí, gracias',
    ar: 'نعم، شكرًا',
  },
  /** The button handing the conversation to a person (at most 40 characters). */
  faqPerson: {
    en: 'Talk to a person',
    fr: 'Parler à quelqu’un',
    es: 'Hablar con una persona',
    ar: 'التحدث إلى شخص',
  },
  /** Before suggested articles. */
  faqSuggest: {
    en: 'Maybe one of these answers your question:',
    fr: 'L’une de ces réponses vous aidera peut-être :',
    es: 'Quizá una de estas respuestas te ayude:',
    ar: 'ربما تجيب إحدى هذه عن سؤالك:',
  },
  /** Before help-center articles that may answer the visitor's message. */
  faqArticles: {
    en: 'These articles may answer your question:',
    fr: 'Ces articles répondent peut-être à votre question :',
    es: 'Estos artículos quizá respondan a tu pregunta:',
    ar: 'قد تجيب هذه المقالات عن سؤالك:',
  },
  /** The bot stepping back after "Talk to a person". */
  handover: {
    en: "I'm passing you to a person: someone from the team will answer here.",
    fr: 'Je vous passe à une personne de l’équipe : elle vous répondra ici.',
    es: 'Te paso con una persona del equipo: te responderá aquí.',
    ar: 'سأحوّلك إلى أحد أعضاء الفريق: سيرد عليك هنا.',
  },
} as const satisfies Record<string, Record<'en' | 'fr' | 'es' | 'ar', string>>;

/** The primary language of a BCP 47 locale (`fr-CA` → `fr`), `en` when none. */
export function languageOf(locale: string | undefined): string {
  const primary = locale?.split(/[-_]/)[0]?.toLowerCase();
  return primary && /^[a-z]{2,3}$/.test(primary) ? primary : 'en';
}

/** The text for `locale`: the site's own in that language, else the built-in one in it, else English. */
export function pickText(
  own: Readonly<Record<string, string>>,
  builtIn: Readonly<Record<string, string>>,
  locale: string | undefined,
): string {
  const language = languageOf(locale);
  return own[language] ?? builtIn[language] ?? own.en ?? builtIn.en!;
}

/** The settings' business hours, or `undefined` when the site keeps none. */
export function businessHours(settings: AutomationSettings): BusinessHours | undefined {
  return settings.hours ?? undefined;
}

/** Stored settings, checked again on the way in (a document written by a newer relay may not fit: defaults then). */
export function readSettings(stored: unknown): AutomationSettings {
  const parsed = z.safeParse(AutomationSettings, stored);
  return parsed.success ? parsed.data : DEFAULT_SETTINGS;
}

/**
 * `{time}` in `template`, replaced by `until` as read at `now` in the visitor's language and time zone (the site's
 * when the visitor's is unknown or not valid), e.g. "today 9:00 AM" or "Monday 9:00 AM" ({@link openingText});
 * dropped when no opening is ahead.
 */
export function fillTime(
  template: string,
  until: number | undefined,
  visitor: { readonly locale?: string | undefined; readonly timezone?: string | undefined },
  siteTimezone: string,
  now: number,
): string {
  if (!template.includes('{time}')) return template;
  if (until === undefined) return template.replaceAll(' {time}', '').replaceAll('{time}', '');
  let formatted: string;
  try {
    formatted = openingText(until, now, visitor.locale ?? 'en', visitor.timezone ?? siteTimezone);
  } catch {
    // A locale or time zone the visitor's browser made up: English, in the site's zone.
    formatted = openingText(until, now, 'en', siteTimezone);
  }
  return template.replaceAll('{time}', formatted);
}

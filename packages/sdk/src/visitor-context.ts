import type { VisitorContext } from '@parley/protocol';

/*
 * What a visitor's hello says of them and of their page: the context read from the browser, and the clipping that
 * makes any context (the page's, a site's callback, the widget's) one the relay accepts.
 */

/**
 * `text` cut to at most `max` UTF-16 code units, without U+0000 and without a lone half of a surrogate pair (a
 * cut may fall inside an emoji), which the relay refuses (docs/protocol.md, "Text").
 */
export function clip(text: string | undefined, max: number): string | undefined {
  return text?.slice(0, max).replace(/[\0\p{Cs}]/gu, '');
}

/**
 * A context the relay accepts, whoever made it (the page, a site's callback, the widget): each member clipped to
 * its limit (`VisitorContext` in frames.ts), unknown members left out.
 */
export function fit(context: VisitorContext): VisitorContext {
  return {
    url: clip(context.url, 2048),
    title: clip(context.title, 256),
    referrer: clip(context.referrer, 2048),
    locale: clip(context.locale, 35),
    timezone: clip(context.timezone, 64),
  };
}

/** The page's context, read from the browser; empty elsewhere. */
export function pageContext(): VisitorContext {
  const g = globalThis as { location?: Location; document?: Document; navigator?: Navigator };
  // Intl throws nowhere this runs; if it did, the hello would go without a context (see credentials()).
  return {
    url: g.location?.href,
    title: g.document?.title,
    referrer: g.document?.referrer,
    locale: g.navigator?.language,
    timezone: Intl.DateTimeFormat().resolvedOptions().timeZone,
  };
}

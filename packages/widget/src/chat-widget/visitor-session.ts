import type { ParleyClientOptions } from '@parley/sdk';
import { VisitorClient } from '@parley/sdk/visitor';
import { dropClient, readStored, sharedClient, siteStorageKey, type ChatClient } from './client-registry.js';
import { pageContext } from './page-context.js';

/*
 * The visitor's session on a site: where the element stores what it keeps (per site, reset generation and
 * identified user), the pre-chat profile, and the page-wide client made for that visitor, profile and email link.
 * The element binds to the client and follows its events.
 */

/** What the pre-chat or leave-a-message form collected, kept in localStorage per site. */
export interface Profile {
  name?: string;
  email?: string;
  consent?: boolean;
  /** The version of the consent text agreed to (the `consent-version` attribute, or a hash of the text shown). */
  consentVersion?: string;
  /** The site's pre-chat form's values by field key (issue #86), as sent to the relay. */
  values?: Record<string, string | boolean>;
  done?: boolean;
}

/** A short, stable name for a consent text when the site sets no version: FNV-1a (32 bits) of it, in hex. */
export function textVersion(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return `text-${(hash >>> 0).toString(16).padStart(8, '0')}`;
}

/** What of the element the session reads: its site and identified visitor. */
export interface SessionHost {
  siteKey: string | undefined;
  identity: ParleyClientOptions['user'];
}

/** How many times the visitor was forgotten on this site (`reset()`): each generation is stored apart. */
export function generation(siteKey: string | undefined): number {
  return readStored<number>(siteStorageKey(siteKey, 'generation')) ?? 0;
}

/** Namespaces everything stored for the host's site, reset generation and identified user. */
export function storageBase({ siteKey, identity }: SessionHost): string {
  return `${siteStorageKey(siteKey)}:${generation(siteKey)}:${identity?.id ?? 'anon'}`;
}

/**
 * The page-wide client for the host's visitor of `relay`, and its key: one per storage, profile, consent and email
 * link (`linked`, the visitor token a link granted: a client of its own, kept in memory only). A new key means a new
 * hello, so the client made under the `previous` key is dropped. `tag` is the visitor's language, for the page
 * context.
 */
export function visitorClient(
  relay: string,
  { siteKey, identity }: SessionHost,
  base: string,
  profile: Profile,
  linked: string | undefined,
  previous: string | undefined,
  tag: () => string,
): [ChatClient, string] {
  const consent = profile.consent && profile.consentVersion ? profile.consentVersion : '';
  // The whole identity: `identify()` again with other attributes (or a new name) says hello again with them.
  const key = JSON.stringify([relay, base, profile.name, profile.email, consent, linked, identity]);
  if (previous && previous !== key) dropClient(previous);
  const client = sharedClient(key, () => {
    const options: ConstructorParameters<typeof VisitorClient>[0] = {
      url: relay,
      siteKey: siteKey ?? '', // without one, the client throws: a missing attribute is a setup error
      storageKey: base,
      context: () => pageContext(tag()),
    };
    if (identity) options.user = identity;
    if (profile.name) options.name = profile.name;
    if (profile.email) options.email = profile.email;
    if (consent) options.consent = { version: consent };
    if (linked) options.visitorToken = linked;
    return new VisitorClient(options);
  });
  return [client, key];
}

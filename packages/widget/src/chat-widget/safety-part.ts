import type { CSSResult, TemplateResult } from 'lit';
import { findSensitive, type SensitiveKind } from '@parley/protocol/sensitive';
import type { Strings } from '../i18n/en.js';
import type { Lit } from './automation-ui.js';
import type { PartsHost } from './parts-host.js';
import { safetyStringsEn, type SafetyStrings } from './safety-strings.js';

/*
 * The widget's safety part (issue #39, docs/safety.md, "In the widget"): on a site that hides sensitive data
 * (`welcome.safety.hides`), it runs the relay's own detector on what the visitor types and says, under the composer,
 * what the relay will hide ("This looks like a card number. We'll hide it."): as they type (after a pause) and at
 * send. Fetched only for such a site, on the visitor's first keystroke: the detector (about 3 kB) is never in the
 * loader or the element, nor downloaded by a visitor who never writes or on a site without it. It warns; the relay
 * decides (a warning missed, offline or before the part came, hides nothing less).
 */

/** The kinds a site sets an action for (`welcome.safety.hides`), in the order the warning names them. */
export type HiddenKind = keyof SafetyStrings;

/** How long after the last keystroke the text is looked at. */
export const SAFETY_DEBOUNCE_MS = 300;

/** The id of the warning line. */
const NOTE_ID = 'safety-note';

export interface SafetyPart {
  /** The visitor typed: `text` is looked at after a pause ({@link SAFETY_DEBOUNCE_MS}). */
  input(text: string): void;
  /**
   * The visitor sends `text`: true when it may go now. When it holds something the site hides that the warning has
   * not said yet (sent before the pause ended), the warning says it now and the send waits for a second press.
   */
  send(text: string): boolean;
  /** The kinds the warning names now (none: it is empty). */
  readonly kinds: readonly HiddenKind[];
  /** The warning's id while it says something, for the composer's `aria-describedby`; else undefined. */
  readonly describedBy: string | undefined;
  /** The warning line: always there once the part came (a polite live region, announced when its words change). */
  note(s: Strings): TemplateResult;
  readonly styles: CSSResult;
  /** Stops the pending look (the element let its client go). */
  disconnect(): void;
}

/** A detector kind as the site's setting names it: every key and token shape is a `secret`. */
const settingKind = (kind: SensitiveKind): HiddenKind =>
  kind === 'card' || kind === 'iban' || kind === 'ssn' ? kind : 'secret';

const ORDER: readonly HiddenKind[] = ['card', 'iban', 'ssn', 'secret'];

/** The kinds of `hides` (the welcome's) found in `text`, each once, in {@link ORDER}. */
export function hiddenKinds(text: string, hides: readonly string[]): HiddenKind[] {
  if (!hides.length || !text.trim()) return [];
  const found = new Set(findSensitive(text).map((match) => settingKind(match.kind)));
  return ORDER.filter((kind) => found.has(kind) && hides.includes(kind));
}

/** Builds the warning on the element's lit, for a site that hides `hides`. */
export function safetyPart({ html, css }: Lit, host: PartsHost, hides: readonly string[]): SafetyPart {
  let kinds: HiddenKind[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  const show = (next: HiddenKind[]): void => {
    if (next.join() === kinds.join()) return;
    kinds = next;
    host.requestUpdate();
  };
  return {
    input(text) {
      clearTimeout(timer);
      // Emptied (sent, or cleared): nothing to warn of, at once.
      if (!text.trim()) return show([]);
      timer = setTimeout(() => show(hiddenKinds(text, hides)), SAFETY_DEBOUNCE_MS);
    },
    send(text) {
      clearTimeout(timer);
      const found = hiddenKinds(text, hides);
      const unsaid = found.some((kind) => !kinds.includes(kind));
      show(unsaid ? found : []);
      return !unsaid;
    },
    get kinds() {
      return kinds;
    },
    get describedBy() {
      return kinds.length ? NOTE_ID : undefined;
    },
    note(s) {
      const words = s.safetyStrings ?? safetyStringsEn;
      return html`<p id=${NOTE_ID} class="safety-note" part="safety-warning" role="status">${kinds.map((kind) => html`<span>${words[kind]}</span> `)}</p>`;
    },
    disconnect() {
      clearTimeout(timer);
    },
    styles: css`
      .safety-note {
        margin: 0;
        padding: 0 16px;
        font-size: 13px;
        color: var(--_banner-fg);
        background: var(--_banner-bg);
      }
      .safety-note:not(:empty) {
        padding: 6px 16px;
      }
    `,
  };
}

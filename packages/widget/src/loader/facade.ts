import { chatIconPath, hostCss, instanceCss, launcherCss } from '../chat-widget/launcher.styles.js';

/**
 * The launcher's label in the built-in locales, as `Strings.openChat(0)` says it (a test keeps the two equal):
 * the stand-in cannot carry the element's string tables without weighing as much as them.
 */
export const facadeLabels: Readonly<Record<string, string>> = {
  en: 'Open chat',
  fr: 'Ouvrir le chat',
  es: 'Abrir el chat',
  ar: 'افتح المحادثة',
};

// What the launcher takes from host-base.styles.ts: `hidden` hides the widget, the focus ring is in the accent.
const baseCss =
  ':host([hidden]){display:none!important}:focus-visible{outline:2px solid var(--_accent);outline-offset:2px}';

const svgNs = 'http://www.w3.org/2000/svg';

/** An element with attributes (DOM calls, not markup: no Trusted Types policy needed), appended to `parent`. */
function create(tag: string, attributes: Record<string, string>, parent?: Element, ns?: string): Element {
  const element = ns ? document.createElementNS(ns, tag) : document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  parent?.append(element);
  return element;
}

/**
 * Draws a stand-in for `<chat-widget>`'s launcher in the (not yet defined) element's own shadow root, so a page
 * shows the chat button without loading the element: the same button (`part="launcher"`, class `launcher`), the
 * same styles (`launcher.styles.ts`), the same per-site values, and the page's `--chat-*` properties and
 * `::part(launcher)` rules reach it as they reach the element's. Styles are constructed stylesheets only, so it
 * runs under `style-src 'self'`. When the element is defined it clears the shadow root and renders its own
 * launcher in the same place (`ChatWidget.createRenderRoot`).
 *
 * `intent` runs on the first sign that the visitor may open the chat (pointer over the button, keyboard focus,
 * a touch); `activate` on a click (or Enter, Space). Returns `paint`, which re-reads the element's attributes
 * (`accent`, `offset`, `z-index`, `locale`) after they change, or `undefined` when nothing was drawn: the element
 * already has a shadow root, or the browser has no constructable stylesheets (the caller then loads the element).
 */
export function drawFacade(element: HTMLElement, intent: () => void, activate: () => void): (() => void) | undefined {
  if (element.shadowRoot || !('adoptedStyleSheets' in Document.prototype)) return undefined;
  const root = element.attachShadow({ mode: 'open' });
  const look = new CSSStyleSheet();
  look.replaceSync(hostCss + baseCss + launcherCss);
  const site = new CSSStyleSheet();
  root.adoptedStyleSheets = [look, site];

  const button = create('button', { type: 'button', class: 'launcher', part: 'launcher', 'aria-expanded': 'false' });
  const icon = create('svg', { viewBox: '0 0 24 24', 'aria-hidden': 'true' }, button, svgNs);
  create('path', { fill: 'currentColor', d: chatIconPath }, icon, svgNs);
  root.append(button);
  for (const type of ['pointerenter', 'focus', 'touchstart']) button.addEventListener(type, intent, { passive: true });
  button.addEventListener('click', activate);

  const paint = (): void => {
    const attribute = (name: string): string | null => element.getAttribute(name);
    site.replaceSync(instanceCss(attribute('accent'), attribute('offset'), attribute('z-index')));
    let tag = 'en';
    for (const candidate of [attribute('locale'), ...navigator.languages]) {
      const language = candidate?.toLowerCase().split(/[-_]/)[0];
      if (language && facadeLabels[language]) {
        tag = language;
        break;
      }
    }
    button.setAttribute('lang', tag);
    button.setAttribute('aria-label', facadeLabels[tag]!);
  };
  paint();
  return paint;
}

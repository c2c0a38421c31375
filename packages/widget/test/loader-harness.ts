import type { ChatWidget } from '../src/index.js';
import { install } from '../src/loader/install.js';

/**
 * Helpers for the loader's tests: each installs the loader for its own site key, as a `<script>` tag would, with
 * `chunk` (a file in loader-fixtures/widget/) standing in for the element's hashed bundle.
 */

export const fixtures = new URL('/packages/widget/test/loader-fixtures/', location.href).href;

/** Runs the loader for a script tag with `data` attributes; returns its `<chat-widget>` and the element's URL. */
export function installLoader(
  siteKey: string,
  chunk: string,
  data: Record<string, string> = {},
  nonce?: string,
  keyInData = true,
): { element: ChatWidget; chunkUrl: string } {
  const script = document.createElement('script');
  // The site's loader's query (the key), passed on to the element's URL, so each test finds its own fetches.
  script.src = `${fixtures}widget.js?site=${siteKey}`;
  // The older form of the code also names the key as data-site-key.
  if (keyInData) script.dataset['siteKey'] = siteKey;
  for (const [name, value] of Object.entries(data)) script.setAttribute(`data-${name}`, value);
  if (nonce) script.nonce = nonce;
  install(script, chunk);
  const element = document.querySelector<ChatWidget>(`chat-widget[site-key="${siteKey}"]`)!;
  return { element, chunkUrl: `${fixtures}widget/${chunk}?site=${siteKey}` };
}

/** The stand-in launcher (or, once defined, the element's own) in the element's shadow root. */
export function launcherOf(element: Element): HTMLButtonElement {
  return element.shadowRoot!.querySelector<HTMLButtonElement>('button[part=launcher]')!;
}

/** Whether the loader added a `<script>` for `url` (the element runs) or a preload `<link>` (fetched only). */
export function fetched(url: string): { script: boolean; preload: HTMLLinkElement | undefined } {
  return {
    script: [...document.head.querySelectorAll('script')].some((s) => s.src === url),
    preload: [...document.head.querySelectorAll<HTMLLinkElement>('link[rel=preload]')].find((l) => l.href === url),
  };
}

/** Resolves after the page's load event and one idle period: the loader's idle work has run by then. */
export async function afterIdle(): Promise<void> {
  if (document.readyState !== 'complete')
    await new Promise((resolve) => addEventListener('load', resolve, { once: true }));
  await new Promise((resolve) => requestIdleCallback(resolve));
}

/** The properties that make the launcher look as it does, as computed. */
export function look(button: HTMLElement): Record<string, string> {
  const style = getComputedStyle(button);
  const rect = button.getBoundingClientRect();
  const props = [
    'position',
    'z-index',
    'right',
    'left',
    'bottom',
    'width',
    'height',
    'border-radius',
    'background-color',
    'color',
    'box-shadow',
    'display',
    'cursor',
    'padding',
  ];
  return {
    ...Object.fromEntries(props.map((name) => [name, style.getPropertyValue(name)])),
    rect: `${rect.x},${rect.y},${rect.width},${rect.height}`,
    icon: `${button.querySelector('svg')?.getBoundingClientRect().width}`,
  };
}

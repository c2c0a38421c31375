/**
 * The script-tag loader with campaigns (docs/campaigns.md): the same loader as `loader.ts`, and the evaluator of
 * the site's live campaigns with their bubble. The relay serves it, as `/widget.js?site=…`, only to a site with
 * live campaigns (their rules in `data-campaigns`, set by its first line); every other site gets `loader.ts`'s
 * build, byte for byte, so campaigns cost them nothing.
 */
import { ELEMENT_FILE } from './loader/element-file.js';
import { install } from './loader/install.js';
import { BUBBLE_FILE } from './loader/bubble-file.js';
import { runCampaigns, type ShowBubble } from './loader/campaigns.js';
import type { ChatWidget } from './index.js';

const script =
  (document.currentScript as HTMLScriptElement | null) ??
  document.querySelector<HTMLScriptElement>('script[data-site-key][src*="widget.js"]');

if (script) {
  install(script, ELEMENT_FILE);
  const siteKey = script.dataset['siteKey'] ?? new URL(script.src, location.href).searchParams.get('site') ?? '';
  // The element `install` made (or re-used) for the site, from the loader's state.
  const states = (globalThis as { [key: symbol]: Record<string, { element: ChatWidget }> | undefined })[
    Symbol.for('parley.widget.loader')
  ];
  const element = states?.[siteKey]?.element;
  // The bubble's code and styles, fetched when a campaign fires (with the loader's nonce under a strict CSP).
  const bubbleKey = Symbol.for('parley.campaigns.bubble');
  const loaded = (): ShowBubble | undefined => (globalThis as { [key: symbol]: ShowBubble | undefined })[bubbleKey];
  const loadBubble = (): Promise<ShowBubble> =>
    new Promise((resolve, reject) => {
      const have = loaded();
      if (have) return resolve(have);
      const src = new URL(script.src, location.href);
      const tag = document.createElement('script');
      tag.src = new URL(`widget/${BUBBLE_FILE}${src.search}`, src).href;
      if (script.nonce) tag.nonce = script.nonce;
      tag.onload = () => {
        const show = loaded();
        if (show) resolve(show);
        else reject(new Error('no bubble'));
      };
      tag.onerror = reject;
      document.head.append(tag);
    });
  const run = (): void => {
    if (element) runCampaigns(script, element, siteKey, loadBubble);
  };
  if (document.body) run();
  else document.addEventListener('DOMContentLoaded', run, { once: true });
}

import { hostCss, instanceCss } from '../chat-widget/launcher.styles.js';
import { bubbleCss } from './campaign-bubble.styles.js';

/** What the bubble shows and does. */
export interface BubbleContent {
  readonly from: string;
  readonly text: string;
  readonly buttons: readonly string[];
  /** The visitor clicked the text (no index) or a button (its index: its label is sent as their message). */
  readonly reply: (button?: number) => void;
  readonly dismiss: () => void;
}

/** The dismiss button's label in the built-in locales (the loader carries no string tables). */
const closeLabels: Readonly<Record<string, string>> = {
  en: 'Dismiss',
  fr: 'Fermer',
  es: 'Cerrar',
  ar: 'إغلاق',
};

/** What `showBubble` draws into: the host's shadow root and its live region, made by the loader beforehand. */
export interface BubbleHost {
  readonly root: ShadowRoot;
  readonly region: HTMLElement;
}

/**
 * Draws a campaign's bubble by the launcher of `widget` into `host` (made by the loader's `campaigns.ts`: a host of
 * its own in the page, since the element replaces its own shadow root when it loads): the bubble's styles (the
 * widget's palette and the site's accent and offsets from `widget`'s attributes) and the bubble, written into the
 * host's polite live region, which was in the page before, so screen readers announce it without moving focus.
 * Nothing in it takes focus. This is the campaigns' lazy part (`campaign-bubble.<hash>.js`): fetched when a
 * campaign fires, never before.
 */
export function showBubble(host: BubbleHost, widget: HTMLElement, content: BubbleContent): void {
  const look = new CSSStyleSheet();
  look.replaceSync(hostCss + bubbleCss);
  const site = new CSSStyleSheet();
  site.replaceSync(
    instanceCss(widget.getAttribute('accent'), widget.getAttribute('offset'), widget.getAttribute('z-index')),
  );
  host.root.adoptedStyleSheets = [look, site];
  const language = (widget.getAttribute('locale') ?? navigator.language).toLowerCase().split(/[-_]/)[0]!;
  host.region.append(bubbleElement(content, closeLabels[language] ?? closeLabels['en']!));
}

/**
 * The bubble itself (`.bubble`, part `campaign-bubble`): the sender, the text (a button: a click replies), the
 * buttons and the close button labelled `closeLabel`. Drawn by {@link campaignBubble}, and by the inbox's preview.
 */
export function bubbleElement(content: BubbleContent, closeLabel: string): HTMLElement {
  const bubble = document.createElement('div');
  bubble.className = 'bubble';
  bubble.setAttribute('part', 'campaign-bubble');
  const from = document.createElement('p');
  from.className = 'from';
  from.textContent = content.from;
  const text = document.createElement('button');
  text.type = 'button';
  text.className = 'text';
  text.textContent = content.text;
  text.addEventListener('click', () => content.reply());
  bubble.append(from, text);
  if (content.buttons.length > 0) {
    const buttons = document.createElement('div');
    buttons.className = 'buttons';
    content.buttons.forEach((label, i) => {
      const button = document.createElement('button');
      button.type = 'button';
      button.textContent = label;
      button.addEventListener('click', () => content.reply(i));
      buttons.append(button);
    });
    bubble.append(buttons);
  }
  const close = document.createElement('button');
  close.type = 'button';
  close.className = 'close';
  close.setAttribute('aria-label', closeLabel);
  close.textContent = '×';
  close.addEventListener('click', content.dismiss);
  bubble.append(close);
  return bubble;
}

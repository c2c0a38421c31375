import { hostCss, instanceCss } from '../chat-widget/launcher.styles.js';
import { bubbleCss } from './campaign-bubble.styles.js';

/** What the bubble shows and does. */
export interface BubbleContent {
  readonly from: string;
  readonly text: string;
  readonly buttons: readonly string[];
  /** The visitor clicked the text or a button (its index, or -1 for the text). */
  readonly reply: (button: number) => void;
  readonly dismiss: () => void;
}

/** The dismiss button's label in the built-in locales (the loader carries no string tables). */
const closeLabels: Readonly<Record<string, string>> = {
  en: 'Dismiss',
  fr: 'Fermer',
  es: 'Cerrar',
  ar: 'إغلاق',
};

/**
 * A campaign's bubble by the launcher of `widget`: a host of its own in the page (the element replaces its shadow
 * root when it loads), whose live region (`role="status"`, polite) is in the page before the message is written
 * into it, so screen readers announce it without moving focus. Nothing in it takes focus; the close button and
 * Escape dismiss it. Returns `show(content)` and `remove()`.
 */
export function campaignBubble(widget: HTMLElement): {
  show: (content: BubbleContent) => void;
  remove: () => void;
} {
  const host = document.createElement('div');
  const root = host.attachShadow({ mode: 'open' });
  const look = new CSSStyleSheet();
  look.replaceSync(hostCss + bubbleCss);
  const site = new CSSStyleSheet();
  site.replaceSync(
    instanceCss(widget.getAttribute('accent'), widget.getAttribute('offset'), widget.getAttribute('z-index')),
  );
  root.adoptedStyleSheets = [look, site];
  for (const name of ['position', 'theme']) {
    const value = widget.getAttribute(name);
    if (value) host.setAttribute(name, value);
  }
  host.setAttribute('part', 'campaign');
  const region = document.createElement('div');
  region.setAttribute('role', 'status');
  region.setAttribute('aria-live', 'polite');
  root.append(region);
  document.body.append(host);

  let onKey: ((event: KeyboardEvent) => void) | undefined;
  const remove = (): void => {
    if (onKey) document.removeEventListener('keydown', onKey);
    host.remove();
  };

  const show = (content: BubbleContent): void => {
    const language = (widget.getAttribute('locale') ?? navigator.language).toLowerCase().split(/[-_]/)[0]!;
    region.append(bubbleElement(content, closeLabels[language] ?? closeLabels['en']!));
    onKey = (event) => {
      if (event.key === 'Escape') content.dismiss();
    };
    document.addEventListener('keydown', onKey);
  };

  return { show, remove };
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
  text.addEventListener('click', () => content.reply(-1));
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

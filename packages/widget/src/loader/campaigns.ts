import type { LoaderCampaign, LoaderRules } from '@parley/protocol/admin';
import type { ChatWidget } from '../index.js';
import { siteStorageKey } from '../chat-widget/client-registry.js';
import type { BubbleHost, showBubble } from './campaign-bubble.js';
import { type CampaignMemory, eligible, isExitIntent, scrolledPercent, variantFor } from './campaign-rules.js';

/** What this browser keeps of a site's campaigns: its first visit (ms), and each campaign's memory by id. */
interface Memory {
  first?: number;
  c?: Record<string, CampaignMemory>;
}

/** Draws the bubble (the lazy part's `showBubble`). */
export type ShowBubble = typeof showBubble;

/** How long the loader waits for the chat to be connected after a reply before it gives up starting it (ms). */
const START_WAIT_MS = 60_000;

/**
 * Runs the site's live campaigns (`data-campaigns` on the loader's `<script>`, set by the site's loader: see the
 * relay's `campaigns/`) on this page: decides which may show (`campaign-rules.ts`), waits for each one's triggers
 * (time on the page, scroll depth, exit intent on a desktop pointer), and shows the first to be ready as a bubble by
 * the launcher. Nothing is fetched and no connection opened until one shows: then a beacon counts it. A click on
 * it (or on a button) counts that, opens the chat, and once the chat is connected asks the relay to start the
 * conversation with the campaign's message, followed by the button's label as the visitor's reply (the relay stores
 * it once and the chat shows it as the visitor's). Not for a visitor who already has a conversation or the chat open.
 */
export function runCampaigns(
  script: HTMLScriptElement,
  element: ChatWidget,
  siteKey: string,
  loadBubble: () => Promise<ShowBubble>,
): void {
  let rules: LoaderRules;
  try {
    rules = JSON.parse(script.dataset['campaigns'] ?? '') as LoaderRules;
  } catch {
    return;
  }
  const origin = new URL(script.src, location.href).origin;
  const key = `${siteStorageKey(siteKey)}:campaigns`;
  const read = (storage: Storage, name: string): unknown => {
    try {
      return JSON.parse(storage.getItem(name)!);
    } catch {
      return null;
    }
  };
  const write = (storage: Storage, name: string, value: unknown): void => {
    try {
      storage.setItem(name, JSON.stringify(value));
    } catch {
      // Storage blocked: caps then hold for this page only.
    }
  };
  const now = Date.now();
  const memory = (read(localStorage, key) ?? {}) as Memory;
  // A visit (this tab's session) is a returning one when this browser's first visit came before it began.
  const sessionKey = `${key}:session`;
  const session = (read(sessionStorage, sessionKey) as number | null) ?? now;
  write(sessionStorage, sessionKey, session);
  memory.first ??= now;
  write(localStorage, key, memory);
  if (
    read(localStorage, siteStorageKey(siteKey, 'conversation')) ||
    read(sessionStorage, siteStorageKey(siteKey, 'open'))
  )
    return;

  const visit = {
    href: location.href,
    now,
    languages: [element.getAttribute('locale') ?? '', ...navigator.languages].filter(Boolean),
    returning: memory.first < session,
    identified: element.identity?.id !== undefined,
  };
  const candidates = rules.campaigns.filter((campaign) =>
    eligible(campaign, visit, memory.c?.[campaign.id], rules.hours),
  );
  // Exit intent needs a pointer that can leave the page: never on touch screens.
  const pointer = matchMedia('(hover: hover) and (pointer: fine)').matches;
  const ready = candidates.filter((campaign) => !campaign.exit || pointer);
  if (ready.length === 0) return;

  const bubble = bubbleHost(element);
  const stops: Array<() => void> = [];
  const stop = (): void => stops.splice(0).forEach((fn) => fn());
  // A beacon that fails changes nothing on the page: its failure is dropped here, once for all of them.
  const post = (path: string, body: Record<string, unknown>): Promise<unknown> =>
    fetch(`${origin}/v1/campaigns/${path}`, {
      method: 'POST',
      // text/plain: a simple request, no CORS preflight.
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify({ site: siteKey, ...body }),
      keepalive: true,
    }).catch(() => undefined);

  const fire = (campaign: LoaderCampaign): void => {
    stop();
    // Opened meanwhile by the visitor or the page: the chat is there already.
    if (element.hasAttribute('open') || element.conversationId) return bubble.host.remove();
    const state: Memory = (read(localStorage, key) ?? {}) as Memory;
    const variant = variantFor(campaign, state.c?.[campaign.id], Math.random());
    state.c = { ...state.c, [campaign.id]: { t: Date.now(), v: variant } };
    write(localStorage, key, state);
    const event = { campaign: campaign.id, variant };
    let gone = false;
    const onKey = (keyboard: KeyboardEvent): void => {
      if (keyboard.key === 'Escape') dismiss();
    };
    const dismiss = (): void => {
      gone = true;
      element.removeEventListener('chat-open', dismiss);
      document.removeEventListener('keydown', onKey);
      bubble.remove();
    };
    element.addEventListener('chat-open', dismiss, { once: true });
    void loadBubble()
      .then((show) => {
        if (gone) return;
        show(bubble, element, {
          from: campaign.from,
          text: campaign.texts[variant]!,
          buttons: campaign.buttons,
          dismiss,
          reply: (button) => {
            dismiss();
            void post('event', { ...event, kind: 'opened' });
            window.Parley?.('open');
            // The relay gives the conversation's id in its welcome: asked for until the chat is connected.
            const until = Date.now() + START_WAIT_MS;
            const wait = setInterval(() => {
              const conversation = element.conversationId;
              if (conversation) {
                clearInterval(wait);
                // A button's label becomes the visitor's reply there (`button`: absent for the text, dropped by JSON).
                void post('start', { ...event, conversation, button });
              } else if (Date.now() > until) clearInterval(wait);
            }, 100);
          },
        });
        document.addEventListener('keydown', onKey);
        void post('event', { ...event, kind: 'shown' });
      })
      .catch(dismiss);
  };

  for (const campaign of ready) {
    let waited = campaign.delay === 0;
    let scrolled = campaign.scroll === 0;
    let exited = !campaign.exit;
    const check = (): void => {
      if (waited && scrolled && exited) fire(campaign);
    };
    if (!waited) {
      const timer = setTimeout(() => {
        waited = true;
        check();
      }, campaign.delay * 1000);
      stops.push(() => clearTimeout(timer));
    }
    if (!scrolled) {
      const onScroll = (): void => {
        const seen = scrolledPercent(scrollY, innerHeight, document.documentElement.scrollHeight);
        if (seen < campaign.scroll) return;
        scrolled = true;
        removeEventListener('scroll', onScroll);
        check();
      };
      addEventListener('scroll', onScroll, { passive: true });
      stops.push(() => removeEventListener('scroll', onScroll));
      onScroll();
    }
    if (!exited) {
      const onOut = (event: MouseEvent): void => {
        if (!isExitIntent(event)) return;
        exited = true;
        check();
      };
      document.addEventListener('mouseout', onOut);
      stops.push(() => document.removeEventListener('mouseout', onOut));
    }
    check();
  }
}

/**
 * The bubble's host, made as soon as a campaign may fire on the page: an element of its own in the page (the
 * widget replaces its own shadow root when it loads), on the launcher's side and in its theme, with an empty polite
 * live region (`role="status"`), so that the bubble written into it later is announced. Its styles and content come
 * with the lazy part.
 */
function bubbleHost(widget: HTMLElement): BubbleHost & { readonly host: HTMLElement; remove(): void } {
  const host = document.createElement('div');
  const root = host.attachShadow({ mode: 'open' });
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
  return { host, root, region, remove: () => host.remove() };
}

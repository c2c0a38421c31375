import { fixture, html as testHtml, waitUntil } from '@open-wc/testing';
import { executeServerCommand, setViewport } from '@web/test-runner-commands';
import { LitElement, css, html } from 'lit';
import type { PastConversation, ServerFrame } from '@parley/protocol';
import { en } from '../../src/i18n/en.js';
import { historyPart, type HistoryPart, type PastClient } from '../../src/chat-widget/history-part.js';
import { visitorWelcome } from '../helpers.js';

// Past conversations (issue #86): the list and a conversation read only, in a panel of the widget's size (380 px,
// full width at 390), at 1280 px and 390 px, light and dark, with the element's theme colours.

const shot = (name: string) => executeServerCommand('screenshot', { name });
const day = Date.UTC(2026, 10, 23, 10);

const conversations: PastConversation[] = [
  {
    id: 'c_now',
    status: 'open',
    createdAt: day + 7 * 864e5,
    updatedAt: day + 7 * 864e5,
    lastSeq: 1,
    last: { text: 'Hello again! The parcel arrived, but the lid is cracked.', ts: day + 7 * 864e5, mine: true },
  },
  {
    id: 'c_week',
    status: 'resolved',
    createdAt: day,
    updatedAt: day + 3600e3,
    lastSeq: 6,
    last: { text: 'Glad it’s sorted! Anything else, just write.', ts: day + 3600e3, mine: false, name: 'Ana' },
  },
  {
    id: 'c_files',
    status: 'resolved',
    createdAt: day - 30 * 864e5,
    updatedAt: day - 30 * 864e5,
    lastSeq: 2,
    last: { text: '', ts: day - 30 * 864e5, mine: true },
  },
];
const lines = [
  'Hi, my order #4412 hasn’t arrived yet.',
  'Sorry about that! Let me check with the carrier.',
  'Thanks.',
  'It’s out for delivery today, before 6 pm.',
  'Perfect, thank you!',
  'Glad it’s sorted! Anything else, just write.',
];

class ShotClient implements PastClient {
  conversationId = 'c_now';
  welcome = visitorWelcome();
  reads: PastClient['reads'];
  async ready() {
    return this.welcome;
  }
  async request<T extends ServerFrame>(frame: { type: string; ref: string; conversationId?: string }): Promise<T> {
    if (frame.type === 'conversations') return { type: 'conversations', ref: frame.ref, conversations } as T;
    const messages = lines.map((text, i) => ({
      id: String(i + 1),
      clientId: `m${i}`,
      conversationId: 'c_week',
      seq: i + 1,
      ts: day + i * 300e3,
      author: i % 2 ? { role: 'staff' as const, id: 's', name: 'Ana' } : { role: 'visitor' as const, id: 'v' },
      text,
      kind: 'text' as const,
    }));
    return { type: 'history', ref: frame.ref, conversationId: 'c_week', messages, hasMore: false } as T;
  }
}

const themes = {
  light:
    '--_bg:#fff;--_fg:#1a1d23;--_muted:#5f6673;--_surface:#f0f2f5;--_border:#e2e5ea;--_accent:#2563eb;--_accent-fg:#fff;',
  dark: '--_bg:#17191e;--_fg:#eceef2;--_muted:#a3a9b5;--_surface:#262a32;--_border:#343945;--_accent:#2563eb;--_accent-fg:#fff;',
};

class ShotHost extends LitElement {
  static override styles = css`
    :host {
      display: block;
      position: relative;
      width: min(380px, 100vw);
      height: 620px;
      border: 1px solid var(--_border);
      border-radius: 16px;
      overflow: hidden;
      background: var(--_bg);
      color: var(--_fg);
      font: 15px/1.4 system-ui, sans-serif;
    }
    header {
      display: flex;
      justify-content: flex-end;
      padding: 8px;
    }
    .icon-button {
      width: 40px;
      height: 40px;
      border: 0;
      background: transparent;
      color: inherit;
      display: grid;
      place-items: center;
    }
    .icon-button svg {
      width: 20px;
      height: 20px;
    }
  `;
  past: HistoryPart | undefined;
  override render() {
    return html`<header>${this.past?.render(en, 'en')}</header>`;
  }
}
customElements.define('shot-host', ShotHost);

for (const width of [1280, 390])
  for (const theme of ['light', 'dark'] as const)
    describe(`past conversations screenshots, ${width} px, ${theme}`, () => {
      it('the list, and a conversation read only', async () => {
        await setViewport({ width, height: 700 });
        document.body.style.cssText = `margin:0;padding:${width > 400 ? 24 : 0}px;background:${theme === 'dark' ? '#000' : '#e9ebef'}`;
        const host = await fixture<ShotHost>(testHtml`<shot-host style=${themes[theme]}></shot-host>`);
        const client = new ShotClient();
        host.past = historyPart({ html, css }, { host, client: () => client, follow: () => undefined });
        const root = host.shadowRoot!;
        root.adoptedStyleSheets = [...root.adoptedStyleSheets, host.past.styles.styleSheet!];
        host.requestUpdate();
        await waitUntil(() => root.querySelector('[part~="history-button"]'), 'the button');
        root.querySelector<HTMLButtonElement>('[part~="history-button"]')!.click();
        await waitUntil(() => root.querySelectorAll('.past-list li').length === 3, 'the list');
        await shot(`history-list-${width}-${theme}`);
        root.querySelectorAll<HTMLButtonElement>('.past-list li button')[1]!.click();
        await waitUntil(() => root.querySelectorAll('.past-messages li').length === 6, 'the conversation');
        await waitUntil(() => root.querySelector('.past-log')!.scrollTop > 0, 'the newest message in view');
        await shot(`history-read-${width}-${theme}`);
      });
    });

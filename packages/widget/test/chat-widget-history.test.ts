// A visitor's past conversations (issue #86): the widget's part (`history-part.ts`) on a host element, against a fake
// client that answers as the relay does. Its button shows once there is something to go back to; the list is a
// list of buttons (status, time, last message); one opens read only, its older messages on demand; Continue asks the
// relay for the token and hands it to the element; Escape and Back return focus; French words where the locale has
// them. (The element's hook that fetches the part waits on the open chunk's budget: see the widget's README.)
import { expect, fixture, html as testHtml } from '@open-wc/testing';
import { LitElement, css, html } from 'lit';
import type { ClientFrame, PastConversation, ServerFrame } from '@parley/protocol';
import { en } from '../src/i18n/en.js';
import { fr } from '../src/i18n/fr.js';
import type { Strings } from '../src/i18n/en.js';
import { historyPart, type HistoryPart, type PastClient } from '../src/chat-widget/history-part.js';
import { visitorWelcome, waitUntil } from './helpers.js';

type Asked = Extract<ClientFrame, { type: 'conversations' | 'past' | 'continue' }>;

/** A client that answers the part's requests as the relay would, from `conversations` and `messages`. */
class PastFake implements PastClient {
  conversationId: string | undefined = 'c_now';
  welcome = visitorWelcome();
  reads: PastClient['reads'];
  asked: Asked[] = [];
  conversations: PastConversation[] = [];
  messages = new Map<string, number>();
  async ready() {
    return this.welcome;
  }
  async request<T extends ServerFrame>(frame: { type: string; ref: string }): Promise<T> {
    const asked = frame as Asked;
    this.asked.push(asked);
    if (asked.type === 'conversations')
      return { type: 'conversations', ref: asked.ref, conversations: this.conversations } as T;
    if (asked.type === 'continue')
      return {
        type: 'continue',
        ref: asked.ref,
        conversationId: asked.conversationId ?? 'c_new',
        visitorToken: `token-${asked.conversationId ?? 'new'}`,
      } as T;
    if (asked.type === 'past') {
      const last = this.messages.get(asked.conversationId) ?? 0;
      const before = Math.min(asked.before ?? last + 1, last + 1);
      const from = Math.max(1, before - 50);
      const messages = [];
      for (let seq = from; seq < before; seq++)
        messages.push({
          id: String(seq),
          clientId: `m${seq}`,
          conversationId: asked.conversationId,
          seq,
          ts: Date.UTC(2026, 10, 23, 10, seq % 60),
          author:
            seq % 2 ? { role: 'visitor' as const, id: 'v_1' } : { role: 'staff' as const, id: 's_1', name: 'Ana' },
          text: `line ${seq}`,
          kind: 'text' as const,
        });
      return {
        type: 'history',
        ref: asked.ref,
        conversationId: asked.conversationId,
        messages,
        hasMore: from > 1,
      } as T;
    }
    throw new Error(`unexpected ${frame.type}`);
  }
}

/** A host that renders the part as `<chat-widget>`'s header would, with the element's theme variables. */
class PastHost extends LitElement {
  static override styles = css`
    :host {
      --_bg: #fff;
      --_fg: #1a1d23;
      --_muted: #5f6673;
      --_surface: #f0f2f5;
      --_border: #e2e5ea;
      --_accent: #2563eb;
      --_accent-fg: #fff;
      display: block;
      position: relative;
      width: 380px;
      height: 600px;
    }
  `;
  past: HistoryPart | undefined;
  strings: Strings = en;
  override render() {
    return html`<header>${this.past?.render(this.strings, this.strings === fr ? 'fr' : 'en')}</header>
      <form class="panel"><textarea></textarea></form>`;
  }
}
customElements.define('past-host', PastHost);

async function mount(client: PastFake, strings: Strings = en) {
  const host = await fixture<PastHost>(testHtml`<past-host></past-host>`);
  const followed: string[] = [];
  const part = historyPart(
    { html, css },
    { host, client: () => client, follow: (token: string) => followed.push(token) },
  );
  host.past = part;
  host.strings = strings;
  const root = host.shadowRoot!;
  root.adoptedStyleSheets = [...root.adoptedStyleSheets, part.styles.styleSheet!];
  host.requestUpdate();
  return { host, root, followed };
}

const resolved: PastConversation = {
  id: 'c_last_week',
  status: 'resolved',
  createdAt: Date.UTC(2026, 10, 23, 10),
  updatedAt: Date.UTC(2026, 10, 23, 11),
  lastSeq: 60,
  last: { text: 'Glad it’s sorted!', ts: Date.UTC(2026, 10, 23, 11), mine: false, name: 'Ana' },
};
const current: PastConversation = {
  id: 'c_now',
  status: 'open',
  createdAt: Date.UTC(2026, 10, 30, 9),
  updatedAt: Date.UTC(2026, 10, 30, 9),
  lastSeq: 1,
  last: { text: 'Hello again', ts: Date.UTC(2026, 10, 30, 9), mine: true },
};

const button = (root: ShadowRoot) => root.querySelector<HTMLButtonElement>('[part~="history-button"]');

describe('past conversations (the widget’s part)', () => {
  it('shows no button while the visitor has nothing to go back to', async () => {
    const client = new PastFake();
    client.conversations = [current];
    const { host, root } = await mount(client);
    await waitUntil(() => client.asked.length === 1, 'the list asked');
    await host.updateComplete;
    expect(button(root)).to.equal(null);
  });

  it('lists the conversations, opens one read only with older messages on demand, and continues it', async () => {
    const client = new PastFake();
    client.conversations = [current, resolved];
    client.messages.set('c_last_week', 60);
    const { host, root, followed } = await mount(client);
    await waitUntil(() => button(root), 'the button');
    const open = button(root)!;
    expect(open.getAttribute('aria-label')).to.equal('Previous conversations');
    expect(open.getAttribute('aria-expanded')).to.equal('false');
    open.click();
    await waitUntil(() => root.querySelectorAll('.past-list li').length === 2, 'the list');
    expect(open.getAttribute('aria-expanded')).to.equal('true');
    const dialog = root.querySelector('[part~="history"]')!;
    expect(dialog.getAttribute('role')).to.equal('dialog');
    expect(root.activeElement?.tagName, 'focus on the heading').to.equal('H2');
    const items = [...root.querySelectorAll<HTMLButtonElement>('.past-list li button')];
    expect(items[0]!.textContent).to.contain('Current').and.contain('You: Hello again');
    expect(items[1]!.textContent).to.contain('Resolved').and.contain('Ana: Glad it’s sorted!');

    items[1]!.click();
    await waitUntil(() => root.querySelectorAll('.past-messages li').length === 50, 'the newest page');
    expect(root.querySelector('.past-messages li:last-child')!.textContent).to.contain('line 60');
    const log = root.querySelector<HTMLElement>('.past-log')!;
    await waitUntil(() => log.scrollTop > 0 && log.scrollTop + log.clientHeight >= log.scrollHeight - 1, 'at the end');
    expect(client.asked.at(-1)).to.include({ type: 'past', conversationId: 'c_last_week' });
    root.querySelector<HTMLButtonElement>('.past-log .past-more')!.click();
    await waitUntil(() => root.querySelectorAll('.past-messages li').length === 60, 'the older page');
    expect(root.querySelector('.past-messages li')!.textContent).to.contain('line 1');
    expect(root.querySelector('.past-log .past-more')).to.equal(null);

    root.querySelector<HTMLButtonElement>('[part~="history-continue"]')!.click();
    await waitUntil(() => followed.length === 1, 'the token handed to the element');
    expect(followed).to.deep.equal(['token-c_last_week']);
    expect(client.asked.at(-1)).to.include({ type: 'continue', conversationId: 'c_last_week' });
    await host.updateComplete;
    expect(root.querySelector('[part~="history"]'), 'the view closed').to.equal(null);
  });

  it('starts a new conversation, and Escape steps back with the focus', async () => {
    const client = new PastFake();
    client.conversations = [{ ...current, status: 'resolved' }];
    const { host, root, followed } = await mount(client);
    await waitUntil(() => button(root), 'the button: the current one is resolved');
    button(root)!.click();
    await waitUntil(() => root.querySelector('.past-list li'), 'the list');
    root.querySelector<HTMLButtonElement>('.past-list li button')!.click();
    await waitUntil(() => root.querySelector('.past h3'), 'the conversation');
    root
      .querySelector('.past h3')!
      .dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true }));
    await waitUntil(() => root.querySelector('.past h2') && root.activeElement?.tagName === 'H2', 'back to the list');
    root
      .querySelector('.past h2')!
      .dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true }));
    await waitUntil(
      () => !root.querySelector('.past') && root.activeElement === button(root),
      'closed, focus on the button',
    );
    button(root)!.click();
    await waitUntil(() => root.querySelector('[part~="history-new"]'), 'the list again');
    root.querySelector<HTMLButtonElement>('[part~="history-new"]')!.click();
    await waitUntil(() => followed.length === 1, 'the new conversation’s token');
    expect(followed).to.deep.equal(['token-new']);
    expect(client.asked.at(-1)).to.deep.include({ type: 'continue' });
    expect((client.asked.at(-1) as { conversationId?: string }).conversationId).to.equal(undefined);
    await host.updateComplete;
  });

  it('speaks French where the locale has its words', async () => {
    const client = new PastFake();
    client.conversations = [current, resolved];
    const { root } = await mount(client, fr);
    await waitUntil(() => button(root), 'the button');
    expect(button(root)!.getAttribute('aria-label')).to.equal('Conversations précédentes');
    button(root)!.click();
    await waitUntil(() => root.querySelectorAll('.past-list li').length === 2, 'the list');
    expect(root.querySelector('.past-list')!.textContent)
      .to.contain('Résolue')
      .and.contain('Vous : Hello again'.replace(' :', ':'));
  });
});

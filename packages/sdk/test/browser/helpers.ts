import type { ParleyClient, ParleyClientOptions, WebSocketConstructor } from '../../src/index.js';
import type { VisitorClient } from '../../src/visitor.js';
import type { Attachments } from '../../src/attachments.js';

export interface RelayInfo {
  wsUrl: string;
  siteKey: string;
  adminToken: string;
}

export function relayInfo(): Promise<RelayInfo> {
  return fetch('/__parley/relay.json').then((response) => response.json() as Promise<RelayInfo>);
}

/** Controls a tab's WebSocket: `shut` fails new connections; frames of the `hold` types wait for `release()`. */
export interface Gate {
  shut: boolean;
  hold?: string[];
  release?(): void;
}

interface Harness {
  ParleyClient: typeof ParleyClient;
  VisitorClient: typeof VisitorClient;
  Attachments: typeof Attachments;
  makeWebSocket(gate: Gate, sent: string[]): WebSocketConstructor;
}

/** One test tab: an iframe with its own document. */
export interface Tab {
  frame: HTMLIFrameElement;
  window: Window & { harness: Harness };
  /** A client in that tab, with a gated, counting WebSocket. */
  client(options: Partial<ParleyClientOptions> & Pick<ParleyClientOptions, 'url' | 'siteKey'>): {
    client: ParleyClient;
    gate: Gate;
    sent: string[];
  };
  /** Reloads the tab's document (a page reload: only what is persisted survives). */
  reload(): Promise<void>;
  remove(): void;
}

function nextReady(name: string): Promise<void> {
  return new Promise((resolve) => {
    const onMessage = (event: MessageEvent<{ parleyTab?: string; name?: string }>): void => {
      if (event.data?.parleyTab !== 'ready' || event.data.name !== name) return;
      window.removeEventListener('message', onMessage);
      resolve();
    };
    window.addEventListener('message', onMessage);
  });
}

let tabs = 0;

export async function openTab(): Promise<Tab> {
  const frame = document.createElement('iframe');
  frame.name = `tab-${++tabs}`;
  const ready = nextReady(frame.name);
  frame.src = new URL('./fixtures/tab.html', import.meta.url).href;
  document.body.append(frame);
  await ready;
  const tab: Tab = {
    frame,
    get window() {
      return frame.contentWindow as Window & { harness: Harness };
    },
    client(options) {
      const gate: Gate = { shut: false };
      const sent: string[] = [];
      const { harness } = tab.window;
      const client = new harness.ParleyClient({
        WebSocket: harness.makeWebSocket(gate, sent),
        backoff: { minMs: 50, maxMs: 300 },
        ...options,
      });
      return { client, gate, sent };
    },
    async reload() {
      const again = nextReady(frame.name);
      tab.window.location.reload();
      await again;
    },
    remove() {
      frame.remove();
    },
  };
  return tab;
}

export { until } from '../until.js';

/**
 * Resolves when the Web Locks named `…${suffix}` (shared by every tab of this origin) match `check`, polling
 * `navigator.locks.query()` (locks have no events); rejects after `ms`.
 */
export async function untilLocks(
  suffix: string,
  check: (state: { held: number; pending: number }) => boolean,
  what: string,
  ms = 8000,
): Promise<void> {
  const deadline = performance.now() + ms;
  for (;;) {
    const { held = [], pending = [] } = await navigator.locks.query();
    const count = (locks: LockInfo[]): number => locks.filter((lock) => lock.name?.endsWith(suffix)).length;
    if (check({ held: count(held), pending: count(pending) })) return;
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => requestAnimationFrame(resolve));
  }
}

import type { VisitorClient } from '@parley/sdk/visitor';

/** The part of {@link VisitorClient} that `<chat-widget>` uses; tests pass a fake that implements it. */
export type ChatClient = Pick<
  VisitorClient,
  | 'state'
  | 'storageKind'
  | 'conversationId'
  | 'staffOnline'
  | 'unreadCount'
  | 'leader'
  | 'setOpen'
  | 'connect'
  | 'send'
  | 'messages'
  | 'loadEarlier'
  | 'typing'
  | 'stopTyping'
  | 'markRead'
  | 'updateContext'
  | 'close'
  | 'on'
  | 'requestTranscript'
  | 'saveEmail'
  | 'rate'
  | 'choose'
  | 'welcome'
  | 'canAttach'
  | 'attach'
>;

// Symbol.for, so the script-tag loader and a second copy of the bundle (a script run twice, an SPA that
// re-evaluates it) find the same connections instead of opening new ones.
const registryKey = Symbol.for('parley.widget.clients');

function registry(): Map<string, ChatClient> {
  const g = globalThis as { [registryKey]?: Map<string, ChatClient> };
  return (g[registryKey] ??= new Map());
}

/** The page-wide client for `key`, created by `create` the first time. */
export function sharedClient(key: string, create: () => ChatClient): ChatClient {
  const clients = registry();
  let client = clients.get(key);
  if (!client) clients.set(key, (client = create()));
  return client;
}

/** Closes and forgets the page-wide client for `key` (identity change, pre-chat profile, reset). */
export function dropClient(key: string): void {
  const clients = registry();
  clients.get(key)?.close();
  clients.delete(key);
}

/**
 * Where the widget keeps what it remembers of a site in this browser, under `parley:<siteKey>`: `open`
 * (sessionStorage: the panel was open on the previous page of this tab) and `conversation` (localStorage: `true`
 * once the visitor has a conversation with messages, `false` when the relay said there is none). The script-tag
 * loader reads both to decide whether to load the element before the visitor asks for it.
 */
export function siteStorageKey(siteKey: string | undefined, name?: 'open' | 'conversation' | 'generation'): string {
  const base = `parley:${siteKey ?? 'default'}`;
  return name ? `${base}:${name}` : base;
}

/** Reads a JSON value from localStorage; `undefined` where storage is blocked or the value is not JSON. */
export function readStored<T>(key: string, storage: 'local' | 'session' = 'local'): T | undefined {
  try {
    const raw = (storage === 'local' ? localStorage : sessionStorage).getItem(key);
    return raw === null ? undefined : (JSON.parse(raw) as T);
  } catch {
    return undefined;
  }
}

/** Writes (or with `undefined`, removes) a JSON value; silently does nothing where storage is blocked. */
export function writeStored(key: string, value: unknown, storage: 'local' | 'session' = 'local'): void {
  try {
    const store = storage === 'local' ? localStorage : sessionStorage;
    if (value === undefined) store.removeItem(key);
    else store.setItem(key, JSON.stringify(value));
  } catch {
    // Storage is blocked (sandboxed iframe, strict privacy settings): the widget still works for this page.
  }
}

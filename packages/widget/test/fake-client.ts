import type { ConnectionState, LocalMessage, ParleyEvents } from '@parley/sdk';
import type { ChatClient } from '../src/index.js';

type Listener = (payload: never) => void;

/** The events half of a fake client: `on` as the SDK's clients have it, and `emit` for the test. */
export class FakeEvents {
  #listeners = new Map<string, Set<Listener>>();

  on<K extends keyof ParleyEvents>(type: K, listener: (payload: ParleyEvents[K]) => void): () => void {
    let set = this.#listeners.get(type);
    if (!set) this.#listeners.set(type, (set = new Set()));
    set.add(listener as Listener);
    return () => set.delete(listener as Listener);
  }
  emit<K extends keyof ParleyEvents>(type: K, payload: ParleyEvents[K]): void {
    for (const listener of this.#listeners.get(type) ?? []) (listener as (p: ParleyEvents[K]) => void)(payload);
  }
  listenerCount(): number {
    let n = 0;
    for (const set of this.#listeners.values()) n += set.size;
    return n;
  }
}

/** A stand-in for ParleyClient: records what the widget asks for and lets a test emit events. */
export class FakeClient extends FakeEvents implements ChatClient {
  state: ConnectionState = 'open';
  storageKind: 'indexeddb' | 'memory' = 'indexeddb';
  conversationId: string | undefined = 'c1';
  staffOnline = 1;
  unreadCount = 0;
  leader = true;
  timeline: LocalMessage[] = [];
  sent: string[] = [];
  typingCalls = 0;
  readCalls = 0;
  openCalls: boolean[] = [];
  earlier: LocalMessage[] = [];
  connected = 0;
  connect(): void {
    this.connected++;
  }
  async send(text: string): Promise<LocalMessage> {
    this.sent.push(text);
    const message = mine(text, this.state === 'open' ? 'sending' : 'queued', this.timeline.length + 1);
    this.timeline.push(message);
    this.emit('message', message);
    return message;
  }
  messages(): readonly LocalMessage[] {
    return this.timeline;
  }
  async loadEarlier(): Promise<{ messages: LocalMessage[]; hasMore: boolean }> {
    this.timeline.unshift(...this.earlier);
    return { messages: this.earlier, hasMore: false };
  }
  typing(): void {
    this.typingCalls++;
  }
  stopTyping(): void {}
  markRead(): void {
    this.readCalls++;
  }
  updateContext(): void {}
  setOpen(open: boolean): void {
    this.openCalls.push(open);
  }
  close(): void {
    this.state = 'closed';
  }
}

export function mine(text: string, status: LocalMessage['status'], seq?: number): LocalMessage {
  return {
    clientId: `m${Math.random().toString(36).slice(2)}`,
    conversationId: 'c1',
    seq,
    ts: Date.now(),
    author: { role: 'visitor', id: 'v1' },
    text,
    kind: 'text',
    status,
    mine: true,
  };
}

export function theirs(text: string, seq: number, name = 'Anna'): LocalMessage {
  return {
    clientId: `s${seq}`,
    conversationId: 'c1',
    seq,
    id: `id${seq}`,
    ts: Date.now(),
    author: { role: 'staff', id: 'st1', name },
    text,
    kind: 'text',
    status: 'sent',
    mine: false,
  };
}

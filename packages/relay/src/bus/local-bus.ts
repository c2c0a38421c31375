import type { Bus, BusHandlers, StoredFrame } from './bus.js';

/**
 * The in-process bus of a single relay: publishing delivers synchronously. Stored messages settle in commit
 * order, which is sequence order per conversation, so they need no orderer.
 */
export class LocalBus implements Bus {
  readonly kind = 'local';
  private handlers: BusHandlers | undefined;

  async start(handlers: BusHandlers): Promise<void> {
    this.handlers = handlers;
  }

  publish(topic: string, frame: string): void {
    this.handlers?.frame(topic, frame);
  }

  publishStored(stored: StoredFrame): void {
    this.handlers?.stored(stored, 'everyone');
  }

  healthy(): boolean {
    return true;
  }

  async close(): Promise<void> {
    this.handlers = undefined;
  }
}

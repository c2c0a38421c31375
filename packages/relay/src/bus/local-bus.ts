import type { Bus, Deliver, PublishMeta } from './bus.js';

const noMeta: PublishMeta = {};

/** The in-process bus of a single relay: publishing delivers synchronously. */
export class LocalBus implements Bus {
  readonly kind = 'local';
  private deliver: Deliver | undefined;

  async start(deliver: Deliver): Promise<void> {
    this.deliver = deliver;
  }

  publish(topic: string, frame: string, meta: PublishMeta = noMeta): void {
    this.deliver?.(topic, frame, meta);
  }

  healthy(): boolean {
    return true;
  }

  async close(): Promise<void> {
    this.deliver = undefined;
  }
}

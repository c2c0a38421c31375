import type { ServerFrame } from '@parley/protocol';
import type { Bus } from './bus/bus.js';
import { topics } from './topics.js';

/**
 * Who is online on this relay: staff per site (announced to the site's visitors) and visitor connections per
 * conversation (announced to staff when the first opens and the last closes).
 */
export class Presence {
  private readonly staff = new Map<string, number>();
  private readonly visitors = new Map<string, number>();

  constructor(private readonly bus: Bus) {}

  staffOnline(siteId: string): number {
    return this.staff.get(siteId) ?? 0;
  }

  /** Visitor connections online across all sites. */
  visitorConnections(): number {
    let total = 0;
    for (const count of this.visitors.values()) total += count;
    return total;
  }

  staffJoined(siteId: string): void {
    this.changeStaff(siteId, 1);
  }

  staffLeft(siteId: string): void {
    this.changeStaff(siteId, -1);
  }

  visitorJoined(siteId: string, conversationId: string): void {
    const count = (this.visitors.get(conversationId) ?? 0) + 1;
    this.visitors.set(conversationId, count);
    if (count === 1) this.announceVisitor(siteId, conversationId, true);
  }

  visitorLeft(siteId: string, conversationId: string): void {
    const count = (this.visitors.get(conversationId) ?? 0) - 1;
    if (count > 0) {
      this.visitors.set(conversationId, count);
      return;
    }
    this.visitors.delete(conversationId);
    this.announceVisitor(siteId, conversationId, false);
  }

  private changeStaff(siteId: string, delta: number): void {
    const count = Math.max(0, (this.staff.get(siteId) ?? 0) + delta);
    if (count === 0) this.staff.delete(siteId);
    else this.staff.set(siteId, count);
    const frame = JSON.stringify({ type: 'presence', staffOnline: count } satisfies ServerFrame);
    this.bus.publish(topics.visitors(siteId), frame);
    this.bus.publish(topics.staff(siteId), frame);
  }

  private announceVisitor(siteId: string, conversationId: string, visitorOnline: boolean): void {
    this.bus.publish(topics.staff(siteId), JSON.stringify({ type: 'presence', conversationId, visitorOnline } satisfies ServerFrame));
  }
}

import type { ServerFrame } from '@parley/protocol';
import type { Bus } from '../bus/bus.js';
import { isClusterBus, type ClusterBus } from '../bus/cluster.js';
import { ClusterCounters } from '../bus/cluster-counters.js';
import { topics } from './topics.js';

/**
 * Who is online: staff per site, those set to Offline aside (announced to the site's visitors), visitor
 * connections per conversation (announced to staff when the first opens and the last closes), and visitors per site.
 *
 * With the default local bus the counts are this relay's, in plain maps. With a shared bus (Redis) they are
 * summed over every relay through {@link ClusterCounters}, so the figures are the same whichever relay a
 * client lands on, and a killed relay's counts vanish within the counters' TTL (its clients reconnect
 * elsewhere and count there).
 */
export class Presence {
  /** Staff connections on this relay: per site, per staff id. */
  private readonly staff = new Map<string, Map<string, number>>();
  /** Staff set to Offline (`siteId|staffId`): connected, but not online for visitors. Changes are rare. */
  private readonly offline = new Set<string>();
  private readonly visitors = new Map<string, number>();
  private readonly visitorsPerSite = new Map<string, number>();
  private readonly cluster: { bus: ClusterBus; counters: ClusterCounters } | undefined;

  constructor(private readonly bus: Bus) {
    if (isClusterBus(bus)) {
      this.cluster = {
        bus,
        counters: new ClusterCounters(bus, 'presence', { onRemoteChange: (fields) => this.remoteChanged(fields) }),
      };
      // An availability set through another relay: its connections here count (or stop counting) too.
      bus.onControl(availabilityControl, (_origin, data) => {
        const { siteId, staffId, available } = (data ?? {}) as {
          siteId?: unknown;
          staffId?: unknown;
          available?: unknown;
        };
        if (typeof siteId === 'string' && typeof staffId === 'string' && typeof available === 'boolean')
          this.applyAvailability(siteId, staffId, available);
      });
    }
  }

  /** Staff connections online for the site (over all relays with a shared bus). */
  staffOnline(siteId: string): number {
    return this.cluster ? this.cluster.counters.total(staffField(siteId)) : this.localStaff(siteId);
  }

  /** Visitor connections online on the site (over all relays with a shared bus). */
  visitorsOnline(siteId: string): number {
    return this.cluster
      ? this.cluster.counters.total(siteVisitorsField(siteId))
      : (this.visitorsPerSite.get(siteId) ?? 0);
  }

  /** Visitor connections on the conversation (over all relays with a shared bus). */
  conversationVisitors(siteId: string, conversationId: string): number {
    return this.cluster
      ? this.cluster.counters.total(visitorField(siteId, conversationId))
      : (this.visitors.get(conversationId) ?? 0);
  }

  /** Visitor connections online on this relay, across all sites. */
  visitorConnections(): number {
    let total = 0;
    for (const count of this.visitors.values()) total += count;
    return total;
  }

  /** True when the counts are the cluster's (false: this relay's only, e.g. Redis down or local bus). */
  shared(): boolean {
    return this.cluster?.counters.shared() ?? false;
  }

  /**
   * A staff connection was welcomed. `available`: their availability is not Offline (read at their hello); it is
   * remembered for the staff member until {@link setStaffAvailable} changes it.
   */
  staffJoined(siteId: string, staffId: string, available = true): void {
    if (available) this.offline.delete(availabilityKey(siteId, staffId));
    else this.offline.add(availabilityKey(siteId, staffId));
    this.changeStaff(siteId, staffId, 1);
  }

  staffLeft(siteId: string, staffId: string): void {
    this.changeStaff(siteId, staffId, -1);
  }

  /**
   * A staff member's availability changed (`available`: anything but Offline): their connections, on every relay,
   * count for visitors again or stop counting, and the site's visitors hear the new figure at once.
   */
  setStaffAvailable(siteId: string, staffId: string, available: boolean): void {
    this.cluster?.bus.publishControl(availabilityControl, { siteId, staffId, available });
    this.applyAvailability(siteId, staffId, available);
  }

  /**
   * Tells the site's visitors, on every relay, that its business hours changed (`null`: it keeps none now): the
   * `hours` of a `presence` frame, as `welcome.hours` would now say them.
   */
  announceHours(siteId: string, hours: { open: boolean; until?: number } | null): void {
    this.bus.publish(topics.visitors(siteId), JSON.stringify({ type: 'presence', hours } satisfies ServerFrame));
  }

  /** Available staff connections on this relay. */
  private localStaff(siteId: string): number {
    let total = 0;
    for (const [staffId, count] of this.staff.get(siteId) ?? []) {
      if (!this.offline.has(availabilityKey(siteId, staffId))) total += count;
    }
    return total;
  }

  private applyAvailability(siteId: string, staffId: string, available: boolean): void {
    const key = availabilityKey(siteId, staffId);
    if (available === !this.offline.has(key)) return;
    if (available) this.offline.delete(key);
    else this.offline.add(key);
    // Only connections here change this relay's count; the others' relays do theirs (see the control above).
    if (this.staff.get(siteId)?.has(staffId)) this.changeStaff(siteId, staffId, 0);
  }

  visitorJoined(siteId: string, conversationId: string): void {
    const count = (this.visitors.get(conversationId) ?? 0) + 1;
    this.visitors.set(conversationId, count);
    this.visitorsPerSite.set(siteId, (this.visitorsPerSite.get(siteId) ?? 0) + 1);
    if (this.cluster) {
      const elsewhere = this.cluster.counters.others(visitorField(siteId, conversationId));
      this.cluster.counters.set(visitorField(siteId, conversationId), count);
      this.cluster.counters.set(siteVisitorsField(siteId), this.visitorsPerSite.get(siteId)!);
      if (count === 1 && elsewhere === 0) this.announceVisitor(siteId, conversationId, true);
      return;
    }
    if (count === 1) this.announceVisitor(siteId, conversationId, true);
  }

  visitorLeft(siteId: string, conversationId: string): void {
    const count = (this.visitors.get(conversationId) ?? 0) - 1;
    const perSite = (this.visitorsPerSite.get(siteId) ?? 1) - 1;
    if (perSite > 0) this.visitorsPerSite.set(siteId, perSite);
    else this.visitorsPerSite.delete(siteId);
    if (count > 0) this.visitors.set(conversationId, count);
    else this.visitors.delete(conversationId);
    if (this.cluster) {
      this.cluster.counters.set(visitorField(siteId, conversationId), Math.max(0, count));
      this.cluster.counters.set(siteVisitorsField(siteId), Math.max(0, perSite));
      if (count <= 0 && this.cluster.counters.others(visitorField(siteId, conversationId)) === 0)
        this.announceVisitor(siteId, conversationId, false);
      return;
    }
    if (count <= 0) this.announceVisitor(siteId, conversationId, false);
  }

  private changeStaff(siteId: string, staffId: string, delta: number): void {
    const site = this.staff.get(siteId) ?? new Map<string, number>();
    const count = Math.max(0, (site.get(staffId) ?? 0) + delta);
    if (count === 0) site.delete(staffId);
    else site.set(staffId, count);
    if (site.size === 0) this.staff.delete(siteId);
    else this.staff.set(siteId, site);
    this.cluster?.counters.set(staffField(siteId), this.localStaff(siteId));
    this.announceStaff(siteId);
  }

  private announceStaff(siteId: string): void {
    const frame = JSON.stringify({ type: 'presence', staffOnline: this.staffOnline(siteId) } satisfies ServerFrame);
    this.bus.publish(topics.visitors(siteId), frame);
    this.bus.publish(topics.staff(siteId), frame);
  }

  private announceVisitor(siteId: string, conversationId: string, visitorOnline: boolean): void {
    this.bus.publish(
      topics.staff(siteId),
      JSON.stringify({ type: 'presence', conversationId, visitorOnline } satisfies ServerFrame),
    );
  }

  /**
   * Another relay's counts changed without an announcement (it was killed, or shut down, or a heartbeat
   * corrected a missed change): every relay tells its own clients, so nobody waits for a dead relay to speak.
   */
  private remoteChanged(fields: ReadonlySet<string>): void {
    const cluster = this.cluster!;
    for (const field of fields) {
      const [kind, siteId, conversationId] = field.split('|') as [string, string, string | undefined];
      if (kind === 's') {
        const frame = JSON.stringify({ type: 'presence', staffOnline: this.staffOnline(siteId) } satisfies ServerFrame);
        cluster.bus.deliverLocal(topics.visitors(siteId), frame);
        cluster.bus.deliverLocal(topics.staff(siteId), frame);
      } else if (kind === 'c' && conversationId !== undefined) {
        const online = cluster.counters.total(field) > 0;
        cluster.bus.deliverLocal(
          topics.staff(siteId),
          JSON.stringify({ type: 'presence', conversationId, visitorOnline: online } satisfies ServerFrame),
        );
      }
    }
  }
}

const staffField = (siteId: string): string => `s|${siteId}`;
const availabilityKey = (siteId: string, staffId: string): string => `${siteId}|${staffId}`;
/** The control message that carries an availability change to the other relays. */
const availabilityControl = 'presence:availability';
const siteVisitorsField = (siteId: string): string => `v|${siteId}`;
const visitorField = (siteId: string, conversationId: string): string => `c|${siteId}|${conversationId}`;

import type { OutboxInsert } from '../outbox/outbox.js';

declare module '../store/repositories.js' {
  interface Repositories {
    readonly routing: RoutingRepository;
  }
}

/** What an agent says of themselves: taking conversations, away for a moment (none new), or gone. */
export type Availability = 'online' | 'away' | 'offline';

/** How routing picks an agent: the one whose turn it is, or the one with the fewest open conversations. */
export type RoutingMode = 'round-robin' | 'least-open';

/** A site's routing and SLA settings as stored: a JSON document the routing feature reads and checks. */
export interface RoutingSettingsRecord {
  readonly siteId: string;
  readonly settings: unknown;
  readonly updatedAt: number;
}

/** A staff member as routing sees them. */
export interface RoutingStaff {
  readonly id: string;
  readonly name: string;
  readonly role: 'admin' | 'agent';
  readonly availability: Availability;
  /** Since when that availability holds (ms); 0 when never set. */
  readonly availabilityAt: number;
  /** Their own capacity (open conversations at most), or `null` for the site's default. */
  readonly capacity: number | null;
  /** When a relay last saw a connection of theirs (ms); 0 when never. */
  readonly lastSeenAt: number;
  /** Their open and pending conversations. */
  readonly open: number;
  readonly teamIds: readonly string[];
}

/** A team: a name and its members (staff ids). */
export interface TeamRecord {
  readonly id: string;
  readonly name: string;
  readonly memberIds: readonly string[];
  readonly createdAt: number;
}

/** What {@link RoutingRepository.assignConversation} is asked to do. */
export interface AssignRequest {
  readonly siteId: string;
  readonly conversationId: string;
  readonly mode: RoutingMode;
  /** Capacity of agents who set none. */
  readonly defaultCapacity: number;
  /** Agents seen at or after this (ms) are connected. */
  readonly seenSince: number;
  /**
   * Who holds it now: the assignment happens only if it still does (compare-and-set). `null`: only while unassigned.
   */
  readonly from: string | null;
  readonly now: number;
  /** Side effects written in the same transaction if it is assigned (webhooks' `conversation.updated`). */
  readonly effects?: (assigneeId: string | null, teamId: string | null) => readonly OutboxInsert[] | undefined;
  /** When nobody can take it: leave it as it is (`keep`) or unassign it (`unassign`, for a reassignment). */
  readonly nobody: 'keep' | 'unassign';
}

/** What an assignment came to. */
export type AssignOutcome =
  | { readonly status: 'assigned'; readonly assigneeId: string; readonly teamId: string | null }
  | { readonly status: 'unassigned'; readonly teamId: string | null }
  /** Nobody online, available and under capacity (the conversation is unchanged). */
  | { readonly status: 'nobody' }
  /** The conversation is gone, resolved, or no longer held by `from`. */
  | { readonly status: 'stale'; readonly detail: string };

/**
 * The routing repository (`Repositories.routing`): routing and SLA data (issue #17, ADR 0012), scoped to a site. The
 * SQL is in `routing-queries.ts`; the contract suite runs it on SQLite and PostgreSQL.
 */
export interface RoutingRepository {
  getRoutingSettings(siteId: string): Promise<RoutingSettingsRecord | undefined>;
  putRoutingSettings(siteId: string, settings: unknown, now: number): Promise<RoutingSettingsRecord>;
  /** Every site's routing settings saved at or after `changedSince` (0: all). */
  listRoutingSettings(changedSince: number): Promise<RoutingSettingsRecord[]>;

  /** The site's active staff with their routing facts, by name. */
  listRoutingStaff(siteId: string): Promise<RoutingStaff[]>;
  getRoutingStaff(siteId: string, staffId: string): Promise<RoutingStaff | undefined>;
  /**
   * Sets an active staff member's availability and/or capacity (`null`: the site's default); `undefined` when no
   * such active staff member. `effects` are written in the same transaction (a reassignment timer).
   */
  updateRoutingStaff(
    siteId: string,
    staffId: string,
    patch: { readonly availability?: Availability | undefined; readonly capacity?: number | null | undefined },
    now: number,
    effects?: readonly OutboxInsert[],
  ): Promise<RoutingStaff | undefined>;
  /** Records that connections of these staff members are open on a relay now (the heartbeat). */
  staffSeen(staff: ReadonlyArray<{ readonly id: string; readonly siteId: string }>, now: number): Promise<void>;
  /**
   * Staff of every site last seen in `[from, to)` and not set offline: those who went quiet in that span (their
   * relay may have died without closing their sockets).
   */
  staleStaff(
    from: number,
    to: number,
  ): Promise<Array<{ readonly id: string; readonly siteId: string; readonly lastSeenAt: number }>>;

  listTeams(siteId: string): Promise<TeamRecord[]>;
  /** Creates or replaces a team (name and members; members must be the site's staff, else `'bad_member'`). */
  putTeam(
    siteId: string,
    team: { readonly id: string; readonly name: string; readonly memberIds: readonly string[] },
    now: number,
  ): Promise<TeamRecord | 'bad_member'>;
  /** Deletes a team and clears it from conversations; false when there is none. */
  deleteTeam(siteId: string, teamId: string): Promise<boolean>;

  /**
   * Picks an agent and assigns the conversation in one transaction: online (seen since `seenSince` and available),
   * under capacity, in the conversation's team if it has one; round-robin takes the one assigned longest ago,
   * least-open the one with the fewest open conversations. The conversation moves only if `from` still holds it.
   */
  assignConversation(request: AssignRequest): Promise<AssignOutcome>;
  /** The site's open and pending conversations assigned to a staff member. */
  openAssignedTo(siteId: string, staffId: string): Promise<string[]>;
}

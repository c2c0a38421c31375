import type { SqlCondition } from '../store/sql/sql-condition.js';
import type { SqlValue } from '../store/sql/sql-db.js';

/**
 * Which of a site's conversations a staff member may see (issue #41, docs/accounts.md "Who sees what"). Asked once per
 * admin request and once per staff connection; every way to a conversation (the admin API's routes and lists, the
 * staff socket's frames and fan-out, notifications, files) checks a conversation against it with {@link sees}.
 */
export type StaffScope =
  | { readonly all: true }
  | {
      readonly all: false;
      readonly staffId: string;
      /** Team mode: the member's teams (their conversations are theirs to see). Empty in own mode. */
      readonly teamIds: readonly string[];
      /**
       * Also unassigned conversations: those of no team, or of one of the member's teams (any of their teams, in
       * either mode: a conversation queued for another team is that team's to pick up).
       */
      readonly unassigned: boolean;
      /** The member's teams, for the unassigned rule (in team mode the same as {@link teamIds}). */
      readonly memberOf: readonly string[];
    };

/** Every conversation of the site: owners, admins, API tokens, and every member where the site shows all. */
export const SEES_ALL: StaffScope = { all: true };

/** What a conversation's visibility depends on. */
export interface ScopedConversation {
  readonly assigneeId: string | null | undefined;
  readonly teamId: string | null | undefined;
}

/** True when `scope` lets its member see the conversation. */
export function sees(scope: StaffScope, conversation: ScopedConversation): boolean {
  if (scope.all) return true;
  const { assigneeId, teamId } = conversation;
  if (assigneeId === scope.staffId) return true;
  if (teamId != null && scope.teamIds.includes(teamId)) return true;
  return scope.unassigned && assigneeId == null && (teamId == null || scope.memberOf.includes(teamId));
}

/**
 * The conversations (`c`) a scope lets its member see, as `sees` decides one by one (issue #41); `undefined` for all.
 * Every list of conversations a member reads adds it (the list, its counts, search, contacts' conversations).
 */
export function scopeCondition(scope: StaffScope): SqlCondition | undefined {
  if (scope.all) return undefined;
  const params: SqlValue[] = [scope.staffId];
  const either = ['c.assignee_id = ?'];
  const among = (ids: readonly string[]): string => ids.map(() => '?').join(', ');
  if (scope.teamIds.length > 0) {
    either.push(`c.team_id IN (${among(scope.teamIds)})`);
    params.push(...scope.teamIds);
  }
  if (scope.unassigned) {
    const theirs = scope.memberOf.length > 0 ? ` OR c.team_id IN (${among(scope.memberOf)})` : '';
    either.push(`(c.assignee_id IS NULL AND (c.team_id IS NULL${theirs}))`);
    params.push(...scope.memberOf);
  }
  return { sql: `(${either.join(' OR ')})`, params };
}

import type { VisibilitySettings } from '@parley/protocol/admin';
import type { AdminFor } from '../admin/public.js';
import type { ChatCore } from '../core/chat-core.js';
import type { ChatHooks } from '../core/hooks.js';
import { SEES_ALL, type ScopedConversation, type StaffScope } from '../core/staff-scope.js';
import type { Site, Staff } from '../store/store.js';
import type { VisibilityRepository } from './visibility-repository.js';

/** How long a site's settings read here are trusted: another relay's change reaches this one's admin API within it. */
const SETTINGS_MS = 2_000;

/** What {@link Visibility} is made of. */
export interface VisibilityOptions {
  readonly repository: VisibilityRepository;
  readonly admin: AdminFor<'routing' | 'conversations'>;
  readonly core: Pick<ChatCore, 'staffAccessChanged' | 'staffPermissions'>;
  readonly now?: () => number;
}

/**
 * Who sees what (issue #41, docs/accounts.md "Who sees what"): a site shows its agents all of its conversations,
 * their teams' and their own, or their own only (and, as it chooses, unassigned ones). Owners, admins and API tokens
 * see all, as does every member whose role grants `conversations.all`. Answers the core's {@link ChatHooks.staffScope}, which the admin API and the staff socket ask.
 */
export class Visibility implements ChatHooks {
  readonly #cache = new Map<string, { readonly settings: VisibilitySettings; readonly at: number }>();
  readonly #now: () => number;

  constructor(private readonly options: VisibilityOptions) {
    this.#now = options.now ?? Date.now;
  }

  /** The site's settings. */
  async settings(siteId: string): Promise<VisibilitySettings> {
    const now = this.#now();
    const cached = this.#cache.get(siteId);
    if (cached && now - cached.at < SETTINGS_MS) return cached.settings;
    const settings = await this.options.repository.get(siteId);
    this.#cache.set(siteId, { settings, at: now });
    return settings;
  }

  /** Saves the site's settings; the site's staff connections, on every relay, reconnect into their new scope. */
  async save(siteId: string, settings: VisibilitySettings, at: number): Promise<void> {
    await this.options.repository.put(siteId, settings, at);
    this.#cache.set(siteId, { settings, at: this.#now() });
    this.options.core.staffAccessChanged(siteId);
  }

  /** A site's teams or a member's role changed: where that decides what agents see, their connections reconnect. */
  async membersChanged(siteId: string): Promise<void> {
    if ((await this.settings(siteId)).mode !== 'all') this.options.core.staffAccessChanged(siteId);
  }

  /** {@link ChatHooks.staffScope}. Rejects when the settings cannot be read: nothing is shown then. */
  async staffScope(site: Site, staff: Staff): Promise<StaffScope> {
    // `conversations.all`: owners, admins, API tokens, and members whose custom role grants it.
    if ((await this.options.core.staffPermissions(site, staff)).includes('conversations.all')) return SEES_ALL;
    const settings = await this.settings(site.id);
    if (settings.mode === 'all') return SEES_ALL;
    const teams = await this.options.admin.repos.routing.listTeams(site.id);
    const memberOf = teams.filter((team) => team.memberIds.includes(staff.id)).map((team) => team.id);
    return {
      all: false,
      staffId: staff.id,
      teamIds: settings.mode === 'team' ? memberOf : [],
      unassigned: settings.unassigned,
      memberOf,
    };
  }

  /** {@link ChatHooks.conversationScope}. */
  async conversationScope(siteId: string, conversationId: string): Promise<ScopedConversation | undefined> {
    const found = await this.options.admin.repos.conversations.getConversation(siteId, conversationId);
    return found && { assigneeId: found.assigneeId, teamId: found.teamId };
  }
}

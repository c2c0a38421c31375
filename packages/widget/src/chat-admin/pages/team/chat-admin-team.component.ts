import { html, nothing, type TemplateResult } from 'lit';
import { AccountPage } from '../account/account-page.js';
import type { MemberPatch, Role } from '@parley/protocol/admin';
import type { TeamAnswer, TeamMember } from '../../admin-types.js';
import { Confirm } from '../../kit/confirm.js';
import { SiteSettingsApi } from '../site/site-settings-api.js';
import { TeamApi } from './team-api.js';
import { RolesApi } from '../roles/roles-api.js';
import { rolesEn } from '../roles/roles-strings.js';

/**
 * The Team page of the settings area: the site's members with their role, two-factor sign-in, availability and
 * whether they are active; admins invite by email (the link is shown once when the relay could not email it),
 * revoke pending invitations, change roles, deactivate (after a confirmation) and reactivate, and make a password
 * reset link to hand over. Agents see the list only.
 *
 * @summary The site's team: members, invitations, roles.
 * @tag chat-admin-team
 */
export class ChatAdminTeam extends AccountPage {
  static override properties = {
    ...AccountPage.properties,
    _team: { state: true },
    _link: { state: true },
    _require2fa: { state: true },
    _roles: { state: true },
  };

  declare private _team: TeamAnswer | undefined;
  /** A one-time link just made (invitation or reset), shown once: what it is, and the link. */
  declare private _link: { text: string; link: string } | undefined;
  /** Whether the site requires two-factor sign-in (admins see and change it). */
  declare private _require2fa: boolean | undefined;
  /** The site's own roles, for the role picker (those who manage the team). */
  declare private _roles: Role[] | undefined;
  /** A change waiting for confirmation. */
  readonly #confirm = new Confirm<{ text: string; action: () => Promise<unknown> }>(this);

  protected override async load(): Promise<void> {
    const [team, settings, roles] = await Promise.all([
      this.api!.team(),
      this.memberRole !== 'agent' ? new SiteSettingsApi(this.api!).get() : undefined,
      // A relay from before roles has none: the picker offers the built-in ones.
      this.#admin ? new RolesApi(this.api!).list().catch(() => []) : undefined,
    ]);
    this._team = team;
    this._require2fa = settings?.require2fa;
    this._roles = roles?.filter((role) => !role.builtIn);
  }

  #onRequire2fa = (event: Event): Promise<boolean> => {
    const box = event.currentTarget as HTMLInputElement;
    return this.run(async () => {
      try {
        this._require2fa = (await new SiteSettingsApi(this.api!).update({ require2fa: box.checked })).require2fa;
      } finally {
        box.checked = this._require2fa ?? false;
      }
    }, this.a.saved);
  };

  /** Whether they manage the team: `team.manage`, where the relay says what they hold; else an owner or admin. */
  get #admin(): boolean {
    const held = this.inbox.state.me?.permissions;
    return held ? held.includes('team.manage') : this.memberRole !== 'agent';
  }

  #onInvite = async (event: SubmitEvent): Promise<void> => {
    const form = event.currentTarget as HTMLFormElement;
    const { email, role } = this.fields(event);
    this._link = undefined;
    let status: string | undefined;
    const done = await this.run(async () => {
      const made = await new TeamApi(this.api!).invite(
        role === 'admin' || role === 'agent' ? { email: email!, role } : { email: email!, roleId: role! },
      );
      if (made.link) this._link = { text: this.t.inviteLink, link: made.link };
      else status = this.t.invited(made.email);
      await this.load();
    });
    if (done) {
      this.status = status;
      form.reset();
    }
  };

  #update(member: TeamMember, patch: MemberPatch): Promise<boolean> {
    return this.run(async () => {
      await new TeamApi(this.api!).updateMember(member.id, patch);
      await this.load();
    });
  }

  #resetLink(member: TeamMember): Promise<boolean> {
    return this.run(async () => {
      const { link } = await new TeamApi(this.api!).resetLink(member.id);
      this._link = { text: this.t.resetLinkFor(member.name), link };
    });
  }

  /** The site's own roles, as options of a role picker (a member's, or an invitation's). */
  #siteRoles(selected?: string): TemplateResult | typeof nothing {
    return this._roles?.length
      ? html`<optgroup label=${(this.strings.rolesPage ?? rolesEn).siteRoles}>
          ${this._roles.map((role) => html`<option value=${role.id} ?selected=${selected === role.id}>${role.name}</option>`)}
        </optgroup>`
      : nothing;
  }

  #renderMember(member: TeamMember, meId: string | undefined): TemplateResult {
    const t = this.t;
    const self = member.id === meId;
    // An owner's role is the owner's to change; nobody changes their own.
    const editable = this.#admin && !self && (member.role !== 'owner' || this.memberRole === 'owner');
    return html`<tr data-id=${member.id}>
      <td><strong>${member.name}</strong> ${self ? t.you : ''}<br /><span class="muted">${member.email}</span></td>
      <td data-label=${t.role}>
        ${
          editable && member.role !== 'owner'
            ? html`<select aria-label=${t.roleOf(member.name)} ?disabled=${this.busy} @change=${(event: Event) => {
                const value = (event.currentTarget as HTMLSelectElement).value;
                void this.#update(member, value === 'admin' || value === 'agent' ? { role: value } : { roleId: value });
              }}>
                ${(['admin', 'agent'] as const).map((role) => html`<option value=${role} ?selected=${!member.customRole && member.role === role}>${t.roles[role]}</option>`)}
                ${this.#siteRoles(member.customRole?.id)}
              </select>`
            : (member.customRole?.name ?? t.roles[member.role])
        }
      </td>
      <td data-label=${t.twofa}>${member.totpEnabled ? t.on : t.off}</td>
      <td data-label=${t.availability}>${t.availabilities[member.availability]}</td>
      <td data-label=${t.status}>${member.active ? t.active : html`<span class="danger">${t.inactive}</span>`}</td>
      ${
        this.#admin
          ? html`<td>
              <div class="row">${
                editable
                  ? member.active
                    ? html`<button type="button" class="secondary" @click=${() =>
                        this.#confirm.ask({
                          text: t.confirmDeactivate(member.name),
                          action: () => this.#update(member, { active: false }),
                        })}>${t.deactivate}</button>
                      <button type="button" class="secondary" @click=${() => void this.#resetLink(member)}>${t.resetLink}</button>`
                    : html`<button type="button" class="secondary" @click=${() => void this.#update(member, { active: true })}>${t.reactivate}</button>`
                  : nothing
              }</div>
            </td>`
          : nothing
      }
    </tr>`;
  }

  protected override render(): TemplateResult {
    const t = this.t;
    const team = this._team;
    const admin = this.#admin;
    const confirm = this.#confirm.pending;
    return html`<section class="card" aria-labelledby="team-title">
        <h2 id="team-title">${t.teamTitle}</h2>
        <p class="muted">${t.teamIntro} ${admin ? '' : t.readOnly}</p>
        ${this.renderLive()}
        ${
          this._link
            ? html`<div class="card once" id="one-time-link">
                <p>${this._link.text}</p>
                <code>${this._link.link}</code>
                <div class="row">
                  <button type="button" class="secondary" @click=${() => this.copy(this._link!.link)}>${t.copy}</button>
                  <button type="button" class="secondary" @click=${() => (this._link = undefined)}>${this.a.done}</button>
                </div>
              </div>`
            : nothing
        }
        <div class="table-wrap"><table class="stack">
          <thead>
            <tr>
              <th scope="col">${t.name}</th>
              <th scope="col">${t.role}</th>
              <th scope="col">${t.twofa}</th>
              <th scope="col">${t.availability}</th>
              <th scope="col">${t.status}</th>
              ${admin ? html`<th scope="col">${t.actions}</th>` : nothing}
            </tr>
          </thead>
          <tbody>
            ${(team?.items ?? []).map((member) => this.#renderMember(member, this.inbox.state.me?.id))}
          </tbody>
        </table></div>
      </section>
      ${
        admin && this._require2fa !== undefined
          ? html`<section class="card" data-save="require-2fa">
              <label class="radio"
                ><input id="require-2fa" type="checkbox" role="switch" aria-describedby="require-2fa-help" .checked=${this._require2fa} ?disabled=${this.busy} @change=${this.#onRequire2fa} />
                ${t.require2fa}</label
              >
              <p id="require-2fa-help" class="help">${t.require2faHelp}</p>
              ${this.saveState('require-2fa')}
            </section>`
          : nothing
      }
      ${
        admin
          ? html`<form class="card" aria-labelledby="invite-title" @submit=${this.#onInvite} data-save="invite">
              <h2 id="invite-title">${t.inviteTitle}</h2>
              <label for="invite-email">${t.email}</label>
              <input id="invite-email" name="email" type="email" autocomplete="off" maxlength="254" required />
              <label for="invite-role">${t.role}</label>
              <select id="invite-role" name="role">
                <option value="agent">${t.roles.agent}</option>
                <option value="admin">${t.roles.admin}</option>
                ${this.#siteRoles()}
              </select>
              <div class="actions"><button class="primary" type="submit" ?disabled=${this.busy}>${t.invite}</button>${this.saveState('invite')}</div>
            </form>
            <section class="card" aria-labelledby="pending-title">
              <h2 id="pending-title">${t.pending}</h2>
              ${
                team?.invitations.length
                  ? html`<ul class="invitations">
                      ${team.invitations.map(
                        (invitation) => html`<li class="row" data-id=${invitation.id}>
                          <span>${invitation.email}</span>
                          <span class="badge">${invitation.customRole?.name ?? t.roles[invitation.role]}</span>
                          <span class="muted">${t.expires(this.when(invitation.expiresAt))}</span>
                          <button type="button" class="secondary" @click=${() =>
                            void this.run(async () => {
                              await new TeamApi(this.api!).revokeInvitation(invitation.id);
                              await this.load();
                            })}>${t.revoke}</button>
                        </li>`,
                      )}
                    </ul>`
                  : html`<p class="muted">${t.noPending}</p>`
              }
            </section>`
          : nothing
      }
      ${this.#confirm.render(
        { text: confirm?.text ?? '', ok: t.confirm, cancel: t.cancel },
        (change) => change.action(),
        {
          modal: true,
        },
      )}`;
  }
}
